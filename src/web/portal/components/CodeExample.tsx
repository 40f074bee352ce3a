// A block of code (a URL, a curl command) with a copy button.
import { App, Button } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (plain HTTP, an embedded frame): the old way through a selection.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}

export function CodeExample(props: { title: string; code: string; testId?: string; headingLevel?: 3 | 4 }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const Heading = props.headingLevel === 4 ? 'h4' : 'h3';
  return (
    <div className="zsp-example" data-testid={props.testId}>
      <div className="zsp-example-head">
        <Heading style={{ margin: 0, fontSize: 15 }}>{props.title}</Heading>
        <Button
          size="small"
          icon={<CopyOutlined aria-hidden />}
          aria-label={`${t('portal.copy')}: ${props.title}`}
          onClick={() => {
            void copyText(props.code).then((copied) => (copied ? message.success(t('portal.copied')) : message.warning(t('portal.copyFailed'))));
          }}
          data-testid={props.testId ? `${props.testId}-copy` : undefined}
        >
          {t('portal.copy')}
        </Button>
      </div>
      <pre className="zsp-code">
        <code>{props.code}</code>
      </pre>
    </div>
  );
}

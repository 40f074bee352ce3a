// The language switch: it always names the other language, in that language, so a reader of either can find it.
import { Button } from 'antd';
import { TranslationOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

export function LanguageSwitch(props: { className?: string }) {
  const { locale, setLocale } = useI18n();
  const target = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button
      type="text"
      className={props.className}
      icon={<TranslationOutlined />}
      onClick={() => setLocale(target)}
      lang={target}
      data-testid="language-switch"
    >
      {target === 'en-US' ? 'English' : '中文'}
    </Button>
  );
}

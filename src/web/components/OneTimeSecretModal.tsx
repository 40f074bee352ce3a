// Shows a secret the server hands out once (an initial password, an API token) with a copy button and a
// warning that it cannot be shown again.
import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

export interface OneTimeSecret {
  title: string;
  /** What the secret is for, e.g. "Initial password of zhang.san". */
  description?: React.ReactNode;
  secret: string;
  warning: string;
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http deployments (common on government intranets) have no Clipboard API.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy failed');
}

export function OneTimeSecretModal(props: { value: OneTimeSecret | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  const value = props.value;

  const copy = async () => {
    if (!value) return;
    try {
      await copyText(value.secret);
      setCopied(true);
      void message.success(t('common.copied'));
    } catch {
      void message.warning(t('common.copyFailed'));
    }
  };

  const close = () => {
    setCopied(false);
    props.onClose();
  };

  return (
    <Modal
      open={!!value}
      title={value?.title}
      onCancel={close}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={close}>
          {copied ? t('common.done') : t('common.secretClose')}
        </Button>
      }
      destroyOnHidden
    >
      {value && (
        <Flex vertical gap={12}>
          {value.description && <Typography.Text>{value.description}</Typography.Text>}
          <Alert type="warning" showIcon title={value.warning} />
          <Flex gap={8} align="center">
            <Typography.Text code className="zs-secret" data-testid="one-time-secret">
              {value.secret}
            </Typography.Text>
            <Button icon={<CopyOutlined />} onClick={() => void copy()}>
              {t('common.copy')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Modal>
  );
}

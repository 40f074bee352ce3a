// The credentials of a resource, shown this one time: each value with a copy button, the connection details beside
// them, and a warning that the console cannot show them again. Clicking outside does not close it, so nobody
// loses the password by a stray click.
import { Alert, Button, Descriptions, Flex, Modal, Typography } from 'antd';
import { useI18n } from '../../../i18n';

export function CredentialsModal(props: {
  value: { credentials: Record<string, string>; endpointInfo: Record<string, unknown> } | null;
  onClose(): void;
}) {
  const { t } = useI18n();
  const value = props.value;
  const entries = Object.entries(value?.credentials ?? {});
  const endpoint = Object.entries(value?.endpointInfo ?? {});
  return (
    <Modal
      open={!!value}
      title={t('cloudUsage.credentials.title')}
      onCancel={props.onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={props.onClose} data-testid="credentials-close">
          {t('cloudUsage.credentials.close')}
        </Button>
      }
      width={640}
      destroyOnHidden
    >
      {value && (
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t('cloudUsage.credentials.warning')} />
          {entries.length ? (
            <Descriptions size="small" column={1} bordered data-testid="credentials">
              {entries.map(([key, secret]) => (
                <Descriptions.Item key={key} label={t(`cloudUsage.credential.${key}`) === `cloudUsage.credential.${key}` ? key : t(`cloudUsage.credential.${key}`)}>
                  <Typography.Text code className="zs-secret" copyable={{ text: secret, tooltips: [t('common.copy'), t('common.copied')] }}>
                    {secret}
                  </Typography.Text>
                </Descriptions.Item>
              ))}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('cloudUsage.credentials.empty')}</Typography.Text>
          )}
          {endpoint.length > 0 && (
            <Descriptions size="small" column={1} title={t('cloudUsage.resource.connection')}>
              {endpoint.map(([key, info]) => (
                <Descriptions.Item key={key} label={key}>
                  <Typography.Text code copyable>
                    {typeof info === 'string' ? info : JSON.stringify(info)}
                  </Typography.Text>
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </Flex>
      )}
    </Modal>
  );
}

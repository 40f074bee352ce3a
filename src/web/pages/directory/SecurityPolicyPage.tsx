// Security policy (security admin): password rules, lockout after failed logins, idle session timeout.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, InputNumber, Skeleton } from 'antd';
import { directoryApi } from '../../api/directory';
import type { SecurityPolicy } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';

interface PolicyField {
  name: keyof SecurityPolicy;
  min: number;
  max: number;
  unit?: string;
}

// The server's ranges (SECURITY_POLICY_RANGES); it validates them as well.
const FIELDS: PolicyField[] = [
  { name: 'passwordMinLength', min: 8, max: 128, unit: 'characters' },
  { name: 'passwordMinClasses', min: 1, max: 4, unit: 'classes' },
  { name: 'lockoutThreshold', min: 1, max: 100, unit: 'attempts' },
  { name: 'lockoutMinutes', min: 1, max: 1440, unit: 'minutes' },
  { name: 'sessionIdleMinutes', min: 1, max: 1440, unit: 'minutes' },
];

export function SecurityPolicyPage() {
  const { t, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<SecurityPolicy>();
  const [saving, setSaving] = useState(false);
  const policy = useAsync(() => directoryApi.securityPolicy(), []);

  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);

  const save = async (values: SecurityPolicy) => {
    setSaving(true);
    try {
      const saved = await directoryApi.saveSecurityPolicy(values);
      form.setFieldsValue(saved ?? values);
      void message.success(t('common.saved'));
    } catch (e) {
      showFormError(form, e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="zs-narrow">
      <PageHeader title={t('nav.securityPolicy')} subtitle={t('directory.policy.subtitle')} />
      {policy.error !== null && <Alert type="error" showIcon title={errorMessage(policy.error)} style={{ marginBottom: 16 }} />}
      <Card>
        {policy.loading && !policy.data ? (
          <Skeleton active />
        ) : (
          <Form<SecurityPolicy> form={form} layout="vertical" onFinish={save} disabled={saving || !policy.data}>
            {FIELDS.map((field) => (
              <Form.Item
                key={field.name}
                name={field.name}
                label={t(`directory.policy.${field.name}`)}
                extra={t(`directory.policy.${field.name}.help`)}
                rules={[
                  { required: true, message: t('validation.required') },
                  {
                    type: 'integer',
                    min: field.min,
                    max: field.max,
                    message: t('validation.range', { min: field.min, max: field.max }),
                  },
                ]}
              >
                <InputNumber
                  min={field.min}
                  max={field.max}
                  precision={0}
                  style={{ width: 200 }}
                  suffix={field.unit ? t(`directory.policy.unit.${field.unit}`) : undefined}
                />
              </Form.Item>
            ))}
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" loading={saving}>
                {t('common.save')}
              </Button>
              <Button onClick={() => policy.data && form.setFieldsValue(policy.data)}>{t('common.reset')}</Button>
            </Flex>
          </Form>
        )}
      </Card>
    </div>
  );
}

// Change password — also the forced first stop after an initial or reset password.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { characterClasses, DEFAULT_MIN_CLASSES, DEFAULT_MIN_LENGTH } from './passwordRules';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function Check(props: { ok: boolean; children: React.ReactNode }) {
  return (
    <Flex gap={6} align="center" className={props.ok ? 'zs-check-ok' : 'zs-check-pending'}>
      {props.ok ? <CheckCircleFilled /> : <MinusCircleOutlined />}
      <span>{props.children}</span>
    </Flex>
  );
}

export function ChangePasswordPage() {
  const { me, refresh } = useAuth();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError, fieldErrorText } = useApiError();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [submitting, setSubmitting] = useState(false);
  const [policyErrors, setPolicyErrors] = useState<string[]>([]);
  const newPassword = Form.useWatch('newPassword', form) ?? '';

  const submit = async (values: PasswordForm) => {
    setSubmitting(true);
    setPolicyErrors([]);
    try {
      await api.post('/api/v1/session/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      void message.success(t('account.passwordChanged'));
      await refresh();
      navigate('/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'auth.password_policy') {
        // The rules broken may come as field errors or as a list of rule codes; show them all in one list.
        const rules = [e.extra.rules, e.extra.violations].find(Array.isArray) as unknown[] | undefined;
        setPolicyErrors([
          ...e.errors.map(fieldErrorText),
          ...(rules ?? []).map((rule) => {
            const key = `account.passwordRule.${String(rule)}`;
            const text = t(key);
            return text === key ? String(rule) : text;
          }),
        ]);
        form.setFields([{ name: 'newPassword', errors: [t('error.auth.password_policy')] }]);
      } else if (e instanceof ApiError && (e.code === 'auth.wrong_current_password' || e.code === 'auth.invalid_credentials')) {
        form.setFields([{ name: 'currentPassword', errors: [t('account.currentPasswordWrong')] }]);
      } else {
        showFormError(form, e);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="zs-narrow">
      <PageHeader title={t('account.changePassword')} />
      {me?.mustChangePassword && (
        <Alert type="warning" showIcon title={t('account.mustChange')} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} disabled={submitting}>
          {/* A hidden username lets password managers store the new password for the right account. */}
          <input type="text" name="username" autoComplete="username" value={me?.username ?? ''} readOnly hidden />
          <Form.Item
            label={t('account.currentPassword')}
            name="currentPassword"
            rules={[{ required: true, message: t('account.currentPasswordRequired') }]}
          >
            <Input.Password id="currentPassword" name="currentPassword" autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('account.newPassword')}
            name="newPassword"
            rules={[
              { required: true, message: t('account.newPasswordRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  value && value === getFieldValue('currentPassword')
                    ? Promise.reject(new Error(t('account.sameAsCurrent')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <Input.Password id="newPassword" name="newPassword" autoComplete="new-password" />
          </Form.Item>
          <div className="zs-policy">
            <Typography.Text type="secondary">{t('account.policyTitle')}</Typography.Text>
            <Check ok={newPassword.length >= DEFAULT_MIN_LENGTH}>
              {t('account.policyLength', { min: DEFAULT_MIN_LENGTH })}
            </Check>
            <Check ok={characterClasses(newPassword) >= DEFAULT_MIN_CLASSES}>
              {t('account.policyClasses', { min: DEFAULT_MIN_CLASSES })}
            </Check>
          </div>
          {policyErrors.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('error.auth.password_policy')}
              description={
                <ul className="zs-plain-list">
                  {policyErrors.map((text, index) => (
                    <li key={index}>{text}</li>
                  ))}
                </ul>
              }
              style={{ marginBottom: 16 }}
            />
          )}
          <Form.Item
            label={t('account.confirmPassword')}
            name="confirmPassword"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('account.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('account.confirmMismatch'))),
              }),
            ]}
          >
            <Input.Password id="confirmPassword" name="confirmPassword" autoComplete="new-password" />
          </Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {t('account.submit')}
            </Button>
            {!me?.mustChangePassword && <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>}
          </Flex>
        </Form>
      </Card>
    </div>
  );
}

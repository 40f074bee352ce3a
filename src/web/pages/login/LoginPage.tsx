// Sign-in. Wrong credentials and a locked account get their own clear message; the inputs carry fixed
// ids and names so password managers and browser tests find them.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useI18n } from '../../i18n';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { login } = useAuth();
  const { t, errorMessage, locale } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const describe = (e: unknown): string => {
    if (e instanceof ApiError && e.code === 'auth.account_locked') {
      const until = e.extra.lockedUntil;
      return typeof until === 'string'
        ? t('login.lockedUntil', { time: new Date(until).toLocaleString(locale) })
        : t('login.locked');
    }
    if (e instanceof ApiError && e.code === 'auth.invalid_credentials') return t('login.invalidCredentials');
    return errorMessage(e);
  };

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      // On success the session state changes and the router leaves this page.
      await login(values.username.trim(), values.password);
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="zs-login">
      <div className="zs-login-switch">
        <LanguageSwitch />
      </div>
      <Flex vertical align="center" gap={24} className="zs-login-inner">
        <Flex vertical align="center" gap={4}>
          <span className="zs-logo zs-logo-large" aria-hidden>
            枢
          </span>
          <Typography.Title level={2} style={{ margin: 0 }}>
            中枢 <span className="zs-product-en">Zhongshu</span>
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </Flex>
        <Card className="zs-login-card" title={t('login.title')}>
          {error !== null && (
            <Alert
              type="error"
              showIcon
              title={describe(error)}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
              role="alert"
            />
          )}
          <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input id="username" name="username" autoComplete="username" prefix={<UserOutlined />} autoFocus />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password id="password" name="password" autoComplete="current-password" prefix={<LockOutlined />} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} size="large">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Typography.Text type="secondary" className="zs-login-footer">
          {t('login.footer')}
        </Typography.Text>
      </Flex>
    </div>
  );
}

// Portal login (for applying for conditionally open data; browsing, downloading and the API need no account).
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Form, Input } from 'antd';
import { useI18n } from '../../i18n';
import { PageHead } from '../components/PageHead';
import { PageSpinner } from '../components/PageState';
import { usePortalSession } from '../session';
import { returnPath } from './returnPath';

interface LoginValues {
  email: string;
  password: string;
}

export default function LoginPage() {
  const { t, errorMessage } = useI18n();
  const { user, loading, login } = usePortalSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const from = params.get('from');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  if (loading) return <PageSpinner />;
  if (user && !submitting) return <Navigate to={returnPath(from)} replace />;

  const submit = async (values: LoginValues) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await login(values.email.trim(), values.password);
      navigate(returnPath(from), { replace: true });
    } catch (error) {
      setFailure(error);
      setSubmitting(false);
    }
  };

  return (
    <>
      <PageHead title={t('portal.login.title')} description={t('portal.login.description')} />
      <div className="zsp-panel zsp-narrow" style={{ margin: '0 auto' }}>
        <h1 className="zsp-page-title">{t('portal.login.title')}</h1>
        <p>{t('portal.login.lead')}</p>
        <Form<LoginValues> layout="vertical" onFinish={(values) => void submit(values)} data-testid="portal-login-form">
          <Form.Item name="email" label={t('portal.account.email')} rules={[{ required: true, message: t('portal.form.required') }, { type: 'email', message: t('portal.form.email') }]}>
            <Input type="email" autoComplete="email" data-testid="portal-login-email" />
          </Form.Item>
          <Form.Item name="password" label={t('portal.account.password')} rules={[{ required: true, message: t('portal.form.required') }]}>
            <Input.Password autoComplete="current-password" data-testid="portal-login-password" />
          </Form.Item>
          {failure ? <Alert type="error" showIcon role="alert" title={errorMessage(failure)} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" htmlType="submit" loading={submitting} block data-testid="portal-login-submit">
            {t('portal.login.submit')}
          </Button>
        </Form>
        <p style={{ marginTop: 16 }}>
          {t('portal.login.noAccount')} <Link to={`/portal/register${from ? `?from=${encodeURIComponent(from)}` : ''}`}>{t('portal.nav.register')}</Link>
        </p>
        <p className="zsp-count" style={{ marginBottom: 0 }}>
          {t('portal.login.staff')} <Link to="/login">{t('portal.footer.console')}</Link>
        </p>
      </div>
    </>
  );
}

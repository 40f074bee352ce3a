// Registering a portal account: e-mail, a password, a name and optionally the organisation one acts for.
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Form, Input } from 'antd';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { PageHead } from '../components/PageHead';
import { PageSpinner } from '../components/PageState';
import { usePortalSession } from '../session';
import { returnPath } from './returnPath';

interface RegisterValues {
  email: string;
  password: string;
  confirm: string;
  displayName: string;
  organisation?: string;
}

export default function RegisterPage() {
  const { t, errorMessage } = useI18n();
  const { user, loading, register } = usePortalSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const from = params.get('from');
  const [form] = Form.useForm<RegisterValues>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  if (loading) return <PageSpinner />;
  if (user && !submitting) return <Navigate to={returnPath(from)} replace />;

  const submit = async (values: RegisterValues) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await register({
        email: values.email.trim(),
        password: values.password,
        displayName: values.displayName.trim(),
        ...(values.organisation?.trim() ? { organisation: values.organisation.trim() } : {}),
      });
      navigate(returnPath(from), { replace: true });
    } catch (error) {
      // Field problems (a taken e-mail, a weak password) go next to their fields as well.
      if (error instanceof ApiError && error.errors.length) {
        form.setFields(
          error.errors
            .map((entry) => {
              const key = `error.${entry.code}`;
              return { name: entry.pointer.replace(/^\/(body\/)?/, '').split('/')[0], errors: [t(key) !== key ? t(key) : entry.message || errorMessage(error)] };
            })
            .filter((entry) => ['email', 'password', 'displayName', 'organisation'].includes(entry.name)) as never,
        );
      }
      setFailure(error);
      setSubmitting(false);
    }
  };

  return (
    <>
      <PageHead title={t('portal.register.title')} description={t('portal.register.description')} />
      <div className="zsp-panel zsp-narrow" style={{ margin: '0 auto' }}>
        <h1 className="zsp-page-title">{t('portal.register.title')}</h1>
        <p>{t('portal.register.lead')}</p>
        <Form<RegisterValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="portal-register-form">
          <Form.Item name="email" label={t('portal.account.email')} rules={[{ required: true, message: t('portal.form.required') }, { type: 'email', message: t('portal.form.email') }]}>
            <Input type="email" autoComplete="email" data-testid="portal-register-email" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('portal.account.displayName')}
            rules={[
              { required: true, whitespace: true, message: t('portal.form.required') },
              { max: 100, message: t('portal.form.tooLong', { n: 100 }) },
            ]}
          >
            <Input autoComplete="name" data-testid="portal-register-name" />
          </Form.Item>
          <Form.Item name="organisation" label={t('portal.account.organisation')} extra={t('portal.register.organisationHint')}>
            <Input autoComplete="organization" data-testid="portal-register-organisation" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('portal.account.password')}
            extra={t('portal.register.passwordHint')}
            rules={[{ required: true, message: t('portal.form.required') }]}
          >
            <Input.Password autoComplete="new-password" data-testid="portal-register-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('portal.register.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('portal.form.required') },
              ({ getFieldValue }) => ({
                validator: (_rule, value) =>
                  !value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('portal.register.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="portal-register-confirm" />
          </Form.Item>
          {failure ? <Alert type="error" showIcon role="alert" title={errorMessage(failure)} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" htmlType="submit" loading={submitting} block data-testid="portal-register-submit">
            {t('portal.register.submit')}
          </Button>
        </Form>
        <p style={{ marginTop: 16, marginBottom: 0 }}>
          {t('portal.register.haveAccount')} <Link to={`/portal/login${from ? `?from=${encodeURIComponent(from)}` : ''}`}>{t('portal.nav.login')}</Link>
        </p>
      </div>
    </>
  );
}

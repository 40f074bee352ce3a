// A conditionally open dataset: its conditions, and the way to its data — log in (or register), apply
// with a purpose, follow the status (approved by the providing department, as in the exchange).
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Alert, App, Button, Form, Input } from 'antd';
import { useI18n } from '../../i18n';
import { datasetPath, portalApi } from '../api';
import { StatusBadge } from '../components/DatasetList';
import { usePortalSession } from '../session';
import type { DatasetDetail } from '../types';

interface ApplyValues {
  purpose: string;
  organisation?: string;
}

export function AccessPanel(props: { dataset: DatasetDetail; onChanged(): void; compact?: boolean }) {
  const { t, errorMessage } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const { user } = usePortalSession();
  const [form] = Form.useForm<ApplyValues>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const { dataset } = props;
  const here = encodeURIComponent(location.pathname + location.search);

  if (props.compact) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t(`portal.access.compact.${dataset.access}`)}
        action={
          <a href="#zsp-access" onClick={() => document.getElementById('zsp-access')?.focus()}>
            {t('portal.access.howTo')}
          </a>
        }
      />
    );
  }

  const submit = async (values: ApplyValues) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await portalApi.post(`${datasetPath(dataset.name)}/applications`, {
        purpose: values.purpose.trim(),
        ...(values.organisation?.trim() ? { organisation: values.organisation.trim() } : {}),
      });
      void message.success(t('portal.access.applied'));
      props.onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section id="zsp-access" tabIndex={-1} className="zsp-panel zsp-access" aria-labelledby="zsp-access-title" data-testid="portal-access">
      <h2 id="zsp-access-title" className="zsp-section-title">
        {t('portal.access.title')}
      </h2>
      <p>{t('portal.access.lead')}</p>
      {dataset.openConditions && (
        <>
          <h3 style={{ fontSize: 15, margin: '0 0 4px' }}>{t('portal.access.conditions')}</h3>
          <p className="zsp-notes" data-testid="portal-access-conditions">
            {dataset.openConditions}
          </p>
        </>
      )}
      {dataset.access === 'login' && (
        <p data-testid="portal-access-login">
          {t('portal.access.loginFirst')}{' '}
          <Link to={`/portal/login?from=${here}`}>{t('portal.nav.login')}</Link>
          {' · '}
          <Link to={`/portal/register?from=${here}`}>{t('portal.nav.register')}</Link>
        </p>
      )}
      {dataset.access === 'pending' && (
        <p data-testid="portal-access-pending">
          <StatusBadge status="pending" label={t('portal.application.status.pending')} /> {t('portal.access.pending')}{' '}
          <Link to="/portal/account">{t('portal.access.myApplications')}</Link>
        </p>
      )}
      {dataset.access === 'granted' && (
        <p data-testid="portal-access-granted">
          <StatusBadge status="granted" label={t('portal.application.status.approved')} /> {t('portal.access.granted')}
        </p>
      )}
      {dataset.access === 'apply' && user && (
        <Form<ApplyValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} className="zsp-narrow" data-testid="portal-apply-form">
          <Form.Item
            name="purpose"
            label={t('portal.access.purpose')}
            extra={t('portal.access.purposeHint')}
            rules={[
              { required: true, whitespace: true, message: t('portal.form.required') },
              { max: 1000, message: t('portal.form.tooLong', { n: 1000 }) },
            ]}
          >
            <Input.TextArea rows={3} data-testid="portal-apply-purpose" />
          </Form.Item>
          <Form.Item name="organisation" label={t('portal.access.organisation')} initialValue={user.organisation ?? ''}>
            <Input data-testid="portal-apply-organisation" />
          </Form.Item>
          {failure ? <Alert type="error" showIcon role="alert" title={errorMessage(failure)} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="portal-apply-submit">
            {t('portal.access.apply')}
          </Button>
        </Form>
      )}
    </section>
  );
}

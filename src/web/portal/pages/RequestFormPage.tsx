// The "request a dataset" form: anyone may ask for data to be opened. The department answers in public
// (the list shows the status); the e-mail address, if given, is only for the department's reply.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Form, Input } from 'antd';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { PageHead } from '../components/PageHead';
import { localTitle } from '../labels';
import { usePortalSession } from '../session';
import type { DataRequest, Organization } from '../types';

interface RequestValues {
  title: string;
  description: string;
  departmentId?: string;
  requesterName: string;
  requesterEmail?: string;
}

export default function RequestFormPage() {
  const { t, locale, errorMessage } = useI18n();
  const navigate = useNavigate();
  const { user } = usePortalSession();
  const [form] = Form.useForm<RequestValues>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const organizations = useAsync(() => portalApi.get<Organization[]>(`${OPEN_API}/organizations`).catch(() => [] as Organization[]), []);
  // Only organisations that name their department can receive a request addressed to them.
  const departments = (organizations.data ?? []).filter((organization) => organization.departmentId);

  const submit = async (values: RequestValues) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const created = await portalApi.post<DataRequest>(`${OPEN_API}/requests`, {
        title: values.title.trim(),
        description: values.description.trim(),
        requesterName: values.requesterName.trim(),
        ...(values.departmentId ? { departmentId: values.departmentId } : {}),
        ...(values.requesterEmail?.trim() ? { requesterEmail: values.requesterEmail.trim() } : {}),
      });
      navigate(`/portal/requests?submitted=${encodeURIComponent(created?.id ?? '1')}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <PageHead title={t('portal.requestForm.title')} description={t('portal.requestForm.description')} />
      <nav aria-label={t('portal.breadcrumb')} className="zsp-breadcrumb">
        <ol>
          <li>
            <Link to="/portal">{t('portal.nav.home')}</Link>
          </li>
          <li>
            <Link to="/portal/requests">{t('portal.nav.requests')}</Link>
          </li>
          <li aria-current="page">{t('portal.requestForm.title')}</li>
        </ol>
      </nav>
      <h1 className="zsp-page-title">{t('portal.requestForm.title')}</h1>
      <p className="zsp-lead">{t('portal.requestForm.lead')}</p>
      <div className="zsp-panel">
        <Form<RequestValues>
          form={form}
          layout="vertical"
          className="zsp-narrow"
          onFinish={(values) => void submit(values)}
          initialValues={{ departmentId: '', requesterName: user?.displayName ?? '', requesterEmail: user?.email ?? '' }}
          data-testid="portal-request-form"
        >
          <Form.Item
            name="title"
            label={t('portal.requestForm.field.title')}
            extra={t('portal.requestForm.hint.title')}
            rules={[
              { required: true, whitespace: true, message: t('portal.form.required') },
              { max: 200, message: t('portal.form.tooLong', { n: 200 }) },
            ]}
          >
            <Input data-testid="portal-request-title" />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('portal.requestForm.field.description')}
            extra={t('portal.requestForm.hint.description')}
            rules={[
              { required: true, whitespace: true, message: t('portal.form.required') },
              { max: 4000, message: t('portal.form.tooLong', { n: 4000 }) },
            ]}
          >
            <Input.TextArea rows={5} data-testid="portal-request-description" />
          </Form.Item>
          {departments.length > 0 && (
            <Form.Item name="departmentId" label={t('portal.requestForm.field.department')} extra={t('portal.requestForm.hint.department')}>
              <select className="zsp-native-select" data-testid="portal-request-department">
                <option value="">{t('portal.requestForm.anyDepartment')}</option>
                {departments.map((organization) => (
                  <option key={organization.id} value={organization.departmentId ?? ''}>
                    {localTitle(locale, organization)}
                  </option>
                ))}
              </select>
            </Form.Item>
          )}
          <Form.Item
            name="requesterName"
            label={t('portal.requestForm.field.name')}
            rules={[
              { required: true, whitespace: true, message: t('portal.form.required') },
              { max: 100, message: t('portal.form.tooLong', { n: 100 }) },
            ]}
          >
            <Input autoComplete="name" data-testid="portal-request-name" />
          </Form.Item>
          <Form.Item
            name="requesterEmail"
            label={t('portal.requestForm.field.email')}
            extra={t('portal.requestForm.hint.email')}
            rules={[{ type: 'email', message: t('portal.form.email') }]}
          >
            <Input type="email" autoComplete="email" data-testid="portal-request-email" />
          </Form.Item>
          {failure ? <Alert type="error" showIcon role="alert" title={errorMessage(failure)} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="portal-request-submit">
            {t('portal.requestForm.submit')}
          </Button>
        </Form>
      </div>
    </>
  );
}

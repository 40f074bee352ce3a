// /catalog/new and /catalog/:code/edit.
import { Alert, App, Button, Result, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';
import { EMPTY_FORM_VALUES, formValuesToInput, resourceToFormValues, type ResourceFormValues } from './formValues';
import { allowedActions, isDepartmentUser } from './permissions';
import { ResourceForm } from './ResourceForm';
import type { Resource } from './types';

export function CreatePage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  if (!isDepartmentUser(me)) {
    return <Result status="403" title={t('catalog.form.notAllowedCreate')} />;
  }
  const save = async (values: ResourceFormValues) => {
    const created = await catalogApi.create(formValuesToInput(values, false));
    message.success(t('catalog.form.created', { code: created.code }));
    navigate(`/catalog/${encodeURIComponent(created.code)}`, { replace: true });
  };
  return (
    <div>
      <PageHeader title={t('catalog.form.createTitle')} />
      <ResourceForm
        initialValues={EMPTY_FORM_VALUES}
        departmentId={me?.departmentId ?? null}
        askChangeNote={false}
        onSubmit={save}
        onCancel={() => navigate('/catalog')}
      />
    </div>
  );
}

export function EditPage() {
  const { code = '' } = useParams();
  const { t, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [resource, setResource] = useState<Resource | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let alive = true;
    setResource(null);
    setError(null);
    catalogApi
      .get(code)
      .then((r) => alive && setResource(r))
      .catch((e: unknown) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [code]);

  if (error) {
    return (
      <Result
        status="error"
        title={t('catalog.detail.loadFailed')}
        subTitle={errorMessage(error)}
        extra={<Button onClick={() => navigate('/catalog')}>{t('catalog.detail.backToSearch')}</Button>}
      />
    );
  }
  if (!resource) return <Skeleton active paragraph={{ rows: 14 }} />;

  const editable = allowedActions(me, resource).includes('edit');
  const save = async (values: ResourceFormValues) => {
    const updated = await catalogApi.update(code, formValuesToInput(values, resource.status === 'published'));
    message.success(t('catalog.form.saved'));
    navigate(`/catalog/${encodeURIComponent(updated?.code ?? code)}`, { replace: true });
  };
  return (
    <div>
      <PageHeader title={t('catalog.form.editTitle', { name: resource.name })} />
      {!editable && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('catalog.form.notEditable', { status: t(`catalog.status.${resource.status}`) })}
        />
      )}
      <ResourceForm
        initialValues={resourceToFormValues(resource)}
        departmentId={resource.providerDepartmentId}
        code={resource.code}
        askChangeNote={resource.status === 'published'}
        disabled={!editable}
        onSubmit={save}
        onCancel={() => navigate(`/catalog/${encodeURIComponent(code)}`)}
      />
    </div>
  );
}

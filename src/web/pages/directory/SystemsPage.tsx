// Business systems (应用系统) per department and their API credentials. A credential's token is shown
// once, when it is issued or rotated; the server keeps only its hash.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, KeyOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { directoryApi } from '../../api/directory';
import type { BusinessSystem, Credential, IssuedCredential } from '../../api/types';
import { useAuth } from '../../auth';
import { departmentLabel, DepartmentSelect, useDepartments } from '../../components/departments';
import { formatDateTime } from '../../components/format';
import { OneTimeSecretModal } from '../../components/OneTimeSecretModal';
import type { OneTimeSecret } from '../../components/OneTimeSecretModal';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { StatusTag } from './labels';
import { SystemDrawer } from './SystemDrawer';
import type { SystemDrawerState } from './SystemDrawer';

export function SystemsPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me, hasRole } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const { departments } = useDepartments();
  const seesAllDepartments = hasRole('system_admin', 'data_admin', 'security_admin', 'audit_admin');
  const [departmentId, setDepartmentId] = useState<string | undefined>(
    seesAllDepartments ? undefined : (me?.departmentId ?? undefined),
  );
  const [drawer, setDrawer] = useState<SystemDrawerState | null>(null);
  const [issueFor, setIssueFor] = useState<BusinessSystem | null>(null);
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);
  const [issueForm] = Form.useForm<{ label?: string }>();
  const [busy, setBusy] = useState<string | null>(null);

  const systems = useAsync(() => directoryApi.systems(departmentId), [departmentId]);

  const departmentName = useMemo(() => {
    const byId = new Map(departments.map((department) => [department.id, department]));
    return (system: BusinessSystem) => {
      const department = byId.get(system.departmentId);
      return department ? departmentLabel(department, locale) : (system.departmentName ?? system.departmentId);
    };
  }, [departments, locale]);

  const canManage = (system: { departmentId: string }) =>
    hasRole('system_admin') || (hasRole('dept_admin') && system.departmentId === me?.departmentId);
  const canCreate = hasRole('system_admin') || (hasRole('dept_admin') && !!me?.departmentId);

  const showToken = (system: BusinessSystem, issued: IssuedCredential, rotated: boolean) =>
    setSecret({
      title: rotated ? t('directory.credential.rotatedTitle') : t('directory.credential.issuedTitle'),
      description: t('directory.credential.tokenFor', {
        system: `${system.name} (${system.code})`,
        prefix: issued.credential.prefix,
      }),
      secret: issued.token,
      warning: t('directory.credential.tokenWarning'),
    });

  const issue = async (values: { label?: string }) => {
    if (!issueFor) return;
    setBusy(issueFor.id);
    try {
      const issued = await directoryApi.issueCredential(issueFor.id, values.label?.trim());
      const system = issueFor;
      setIssueFor(null);
      systems.reload();
      showToken(system, issued, false);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const rotate = async (system: BusinessSystem, credential: Credential) => {
    setBusy(credential.id);
    try {
      const issued = await directoryApi.rotateCredential(system.id, credential.id);
      systems.reload();
      showToken(system, issued, true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (system: BusinessSystem, credential: Credential) => {
    setBusy(credential.id);
    try {
      await directoryApi.revokeCredential(system.id, credential.id);
      void message.success(t('directory.credential.revoked'));
      systems.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const credentialColumns = (system: BusinessSystem): TableColumnsType<Credential> => [
    {
      title: t('directory.credential.prefix'),
      dataIndex: 'prefix',
      render: (prefix: string) => <Typography.Text code>{`zs_${prefix}_…`}</Typography.Text>,
    },
    { title: t('directory.credential.label'), dataIndex: 'label', render: (label: string | null) => label || '—' },
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (status: string) => <StatusTag status={status} /> },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('directory.credential.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 170,
      render: (v: string | null) => (v ? formatDateTime(v, locale) : t('directory.credential.neverUsed')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, credential) =>
        canManage(system) && credential.status === 'active' ? (
          <Space size={0}>
            <Popconfirm
              title={t('directory.credential.rotateConfirm')}
              description={t('directory.credential.rotateConfirmText')}
              onConfirm={() => rotate(system, credential)}
            >
              <Button type="link" size="small" icon={<SyncOutlined />} loading={busy === credential.id}>
                {t('directory.credential.rotate')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('directory.credential.revokeConfirm')}
              description={t('directory.credential.revokeConfirmText')}
              okButtonProps={{ danger: true }}
              okText={t('directory.credential.revoke')}
              onConfirm={() => revoke(system, credential)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t('directory.credential.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ) : credential.revokedAt ? (
          <Typography.Text type="secondary" className="zs-small">
            {t('directory.credential.revokedAt', { time: formatDateTime(credential.revokedAt, locale) })}
          </Typography.Text>
        ) : null,
    },
  ];

  const columns: TableColumnsType<BusinessSystem> = [
    {
      title: t('directory.system.name'),
      dataIndex: 'name',
      render: (name: string, system) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{locale === 'en-US' && system.nameEn ? system.nameEn : name}</Typography.Text>
          <Typography.Text type="secondary" className="zs-small">
            {system.description}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('directory.system.code'), dataIndex: 'code', width: 180, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: t('directory.system.department'), key: 'department', render: (_, system) => departmentName(system) },
    {
      title: t('directory.system.credentials'),
      key: 'credentials',
      width: 130,
      render: (_, system) =>
        t('directory.system.activeCredentials', {
          n: (system.credentials ?? []).filter((credential) => credential.status === 'active').length,
        }),
    },
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (status: string) => <StatusTag status={status} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      render: (_, system) =>
        canManage(system) && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', system })}>
              {t('common.edit')}
            </Button>
            <Button
              type="link"
              size="small"
              icon={<KeyOutlined />}
              disabled={system.status !== 'active'}
              onClick={() => {
                issueForm.resetFields();
                setIssueFor(system);
              }}
            >
              {t('directory.credential.issue')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('nav.systems')}
        subtitle={t('directory.system.subtitle')}
        extra={
          canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() =>
                setDrawer({ mode: 'create', departmentId: hasRole('system_admin') ? departmentId : (me?.departmentId ?? undefined) })
              }
            >
              {t('directory.system.create')}
            </Button>
          )
        }
      />
      <Space wrap className="zs-filters">
        <DepartmentSelect
          value={departmentId}
          onChange={setDepartmentId}
          disabled={!seesAllDepartments}
          placeholder={t('directory.user.allDepartments')}
          style={{ width: 320 }}
        />
      </Space>
      {systems.error !== null && <Alert type="error" showIcon title={errorMessage(systems.error)} style={{ marginBottom: 16 }} />}
      <Table<BusinessSystem>
        rowKey="id"
        loading={systems.loading}
        columns={columns}
        dataSource={systems.data ?? []}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (system) =>
            (system.credentials ?? []).length ? (
              <Table<Credential>
                rowKey="id"
                size="small"
                columns={credentialColumns(system)}
                dataSource={system.credentials}
                pagination={false}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('directory.credential.none')} />
            ),
        }}
      />
      <SystemDrawer
        state={drawer}
        lockDepartment={!hasRole('system_admin')}
        onClose={() => setDrawer(null)}
        onSaved={() => {
          setDrawer(null);
          systems.reload();
        }}
      />
      <Modal
        open={!!issueFor}
        title={issueFor ? t('directory.credential.issueTitle', { name: issueFor.name }) : ''}
        onCancel={() => setIssueFor(null)}
        onOk={() => issueForm.submit()}
        okText={t('directory.credential.issue')}
        confirmLoading={!!issueFor && busy === issueFor.id}
        destroyOnHidden
      >
        <Form form={issueForm} layout="vertical" onFinish={issue}>
          <Form.Item name="label" label={t('directory.credential.label')} extra={t('directory.credential.labelHelp')}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
      <OneTimeSecretModal value={secret} onClose={() => setSecret(null)} />
    </div>
  );
}

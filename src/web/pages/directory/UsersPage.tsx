// Users: the system admin creates, edits, disables and resets passwords; the security admin assigns
// roles and unlocks; a department admin sees the users of their own department.
import { useState } from 'react';
import { Alert, App, Button, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  EditOutlined,
  KeyOutlined,
  LockOutlined,
  PlusOutlined,
  SafetyOutlined,
  StopOutlined,
  UnlockOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import { directoryApi } from '../../api/directory';
import type { User } from '../../api/types';
import { useAuth } from '../../auth';
import { DepartmentSelect } from '../../components/departments';
import { formatDateTime } from '../../components/format';
import { OneTimeSecretModal } from '../../components/OneTimeSecretModal';
import type { OneTimeSecret } from '../../components/OneTimeSecretModal';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { RolesModal } from './RolesModal';
import { StatusTag } from './labels';
import { UserDrawer } from './UserDrawer';
import type { UserDrawerState } from './UserDrawer';

const PAGE_SIZE = 20;

export function isLocked(user: Pick<User, 'lockedUntil'>, now = Date.now()): boolean {
  return !!user.lockedUntil && new Date(user.lockedUntil).getTime() > now;
}

export function UsersPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me, hasRole } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const isSystemAdmin = hasRole('system_admin');
  const isSecurityAdmin = hasRole('security_admin');
  // A department admin is limited to their own department by the server; the filter says so visibly.
  const ownDepartmentOnly = !isSystemAdmin && !isSecurityAdmin;

  const [q, setQ] = useState('');
  const [departmentId, setDepartmentId] = useState<string | undefined>(
    ownDepartmentOnly ? (me?.departmentId ?? undefined) : undefined,
  );
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const [drawer, setDrawer] = useState<UserDrawerState | null>(null);
  const [rolesFor, setRolesFor] = useState<User | null>(null);
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const users = useAsync(
    () => directoryApi.users({ q: q || undefined, departmentId, page, pageSize }),
    [q, departmentId, page, pageSize],
  );

  const run = async (user: User, action: () => Promise<unknown>, success: string) => {
    setBusyId(user.id);
    try {
      await action();
      void message.success(success);
      users.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusyId(null);
    }
  };

  const showInitialPassword = (user: Pick<User, 'username' | 'displayName'>, password: string, reset: boolean) =>
    setSecret({
      title: reset ? t('directory.user.passwordResetTitle') : t('directory.user.createdTitle'),
      description: t('directory.user.initialPasswordOf', { name: `${user.displayName} (${user.username})` }),
      secret: password,
      warning: t('directory.user.initialPasswordWarning'),
    });

  const resetPassword = async (user: User) => {
    setBusyId(user.id);
    try {
      const answer = await directoryApi.resetPassword(user.id);
      showInitialPassword(user, answer.initialPassword, true);
      users.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('directory.user.username'),
      dataIndex: 'username',
      render: (username: string, user) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary" className="zs-small">
            {username}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('directory.user.department'),
      dataIndex: 'departmentName',
      render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('directory.user.noDepartment')}</Typography.Text>,
    },
    {
      title: t('directory.user.roles'),
      dataIndex: 'roles',
      render: (roles: User['roles']) =>
        roles.length ? (
          <Space size={[4, 4]} wrap>
            {roles.map((role) => (
              <Tag key={role} color={role.endsWith('_admin') && !role.startsWith('dept') ? 'geekblue' : 'cyan'}>
                {t(`role.${role}`)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 150,
      render: (status: User['status'], user) => (
        <Space size={4} wrap>
          <StatusTag status={status} />
          {isLocked(user) && (
            <Tooltip title={t('directory.user.lockedUntil', { time: formatDateTime(user.lockedUntil, locale) })}>
              <Tag color="orange" icon={<LockOutlined />}>
                {t('directory.user.locked')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('directory.user.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (value: string | null) => formatDateTime(value, locale),
    },
  ];

  if (isSystemAdmin || isSecurityAdmin) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: isSystemAdmin ? 280 : 180,
      render: (_, user) => (
        <Space size={0} wrap>
          {isSystemAdmin && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', user })}>
              {t('common.edit')}
            </Button>
          )}
          {/* Security and audit admins get new passwords only at the server console (三员分立). */}
          {isSystemAdmin && !user.roles.some((role) => role === 'security_admin' || role === 'audit_admin') && (
            <Popconfirm
              title={t('directory.user.resetConfirm', { name: user.displayName })}
              onConfirm={() => resetPassword(user)}
            >
              <Button type="link" size="small" icon={<KeyOutlined />} loading={busyId === user.id}>
                {t('directory.user.resetPassword')}
              </Button>
            </Popconfirm>
          )}
          {isSystemAdmin &&
            (user.status === 'active' ? (
              <Popconfirm
                title={t('directory.user.disableConfirm', { name: user.displayName })}
                disabled={user.id === me?.id}
                onConfirm={() =>
                  run(user, () => directoryApi.updateUser(user.id, { status: 'disabled' }), t('directory.user.disabled'))
                }
              >
                <Button type="link" size="small" danger icon={<StopOutlined />} disabled={user.id === me?.id}>
                  {t('directory.user.disable')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                icon={<CheckCircleOutlined />}
                onClick={() => run(user, () => directoryApi.updateUser(user.id, { status: 'active' }), t('directory.user.enabled'))}
              >
                {t('directory.user.enable')}
              </Button>
            ))}
          {isSecurityAdmin && (
            <Button
              type="link"
              size="small"
              icon={<SafetyOutlined />}
              // Nobody changes their own roles; another security admin has to.
              disabled={user.id === me?.id}
              onClick={() => setRolesFor(user)}
            >
              {t('directory.user.assignRoles')}
            </Button>
          )}
          {isSecurityAdmin && isLocked(user) && (
            <Popconfirm
              title={t('directory.user.unlockConfirm', { name: user.displayName })}
              onConfirm={() => run(user, () => directoryApi.unlockUser(user.id), t('directory.user.unlocked'))}
            >
              <Button type="link" size="small" icon={<UnlockOutlined />}>
                {t('directory.user.unlock')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <div>
      <PageHeader
        title={t('nav.users')}
        extra={
          isSystemAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create', departmentId })}>
              {t('directory.user.create')}
            </Button>
          )
        }
      />
      <Space wrap className="zs-filters">
        <Input.Search
          allowClear
          placeholder={t('directory.user.searchPlaceholder')}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          style={{ width: 280 }}
        />
        <DepartmentSelect
          value={departmentId}
          disabled={ownDepartmentOnly}
          placeholder={t('directory.user.allDepartments')}
          onChange={(value) => {
            setDepartmentId(value);
            setPage(1);
          }}
          style={{ width: 280 }}
        />
      </Space>
      {users.error !== null && <Alert type="error" showIcon title={errorMessage(users.error)} style={{ marginBottom: 16 }} />}
      <Table<User>
        rowKey="id"
        loading={users.loading}
        columns={columns}
        dataSource={users.data?.data ?? []}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { n: total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage);
            setPageSize(nextSize);
          },
        }}
      />
      <UserDrawer
        state={drawer}
        onClose={() => setDrawer(null)}
        onCreated={(user, initialPassword) => {
          setDrawer(null);
          users.reload();
          showInitialPassword(user, initialPassword, false);
        }}
        onUpdated={() => {
          setDrawer(null);
          users.reload();
        }}
      />
      <RolesModal
        user={rolesFor}
        onClose={() => setRolesFor(null)}
        onSaved={() => {
          setRolesFor(null);
          users.reload();
        }}
      />
      <OneTimeSecretModal value={secret} onClose={() => setSecret(null)} />
    </div>
  );
}

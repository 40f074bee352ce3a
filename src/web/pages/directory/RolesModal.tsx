// Role assignment by the security admin. The three administrator roles are exclusive (三员分立): picking
// one disables the other two here, and the server refuses a mix with `directory.admin_roles_exclusive`.
import { useEffect, useState } from 'react';
import { Alert, App, Checkbox, Flex, Modal, Typography } from 'antd';
import { directoryApi } from '../../api/directory';
import type { User } from '../../api/types';
import { ALL_ROLES, EXCLUSIVE_ADMIN_ROLES } from '../../auth';
import type { Role } from '../../auth';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

/** Roles that act for a department; the server refuses them for a user without one. */
const DEPARTMENT_ROLES: Role[] = ['dept_admin', 'dept_operator'];

export function RolesModal(props: { user: User | null; onClose(): void; onSaved(user: User): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [roles, setRoles] = useState<Role[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (props.user) setRoles(props.user.roles);
  }, [props.user]);

  const heldAdminRole = roles.find((role) => EXCLUSIVE_ADMIN_ROLES.includes(role));

  const save = async () => {
    if (!props.user) return;
    setSaving(true);
    try {
      const saved = await directoryApi.setRoles(props.user.id, roles);
      void message.success(t('common.saved'));
      props.onSaved(saved);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!props.user}
      title={props.user ? t('directory.roles.title', { name: `${props.user.displayName} (${props.user.username})` }) : ''}
      onCancel={props.onClose}
      onOk={() => void save()}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={t('directory.roles.exclusiveTitle')} description={t('directory.roles.exclusiveText')} />
        <Checkbox.Group value={roles} onChange={(value) => setRoles(value as Role[])} style={{ width: '100%' }}>
          <Flex vertical gap={10}>
            {ALL_ROLES.map((role) => {
              const blockedByAdmin = EXCLUSIVE_ADMIN_ROLES.includes(role) && !!heldAdminRole && heldAdminRole !== role;
              const blockedByDepartment =
                DEPARTMENT_ROLES.includes(role) && !props.user?.departmentId && !roles.includes(role);
              const blocked = blockedByAdmin || blockedByDepartment;
              return (
                <Checkbox key={role} value={role} disabled={blocked}>
                  <Typography.Text strong>{t(`role.${role}`)}</Typography.Text>
                  <Typography.Text type="secondary"> — {t(`role.${role}.description`)}</Typography.Text>
                </Checkbox>
              );
            })}
          </Flex>
        </Checkbox.Group>
        {props.user && !props.user.departmentId && (
          <Typography.Text type="secondary">{t('directory.roles.needsDepartment')}</Typography.Text>
        )}
      </Flex>
    </Modal>
  );
}

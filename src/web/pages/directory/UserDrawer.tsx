// Create (system admin; the server answers with an initial password shown once) or edit a user.
import { useEffect, useState } from 'react';
import { App, Button, Drawer, Flex, Form, Input } from 'antd';
import { directoryApi } from '../../api/directory';
import type { User, UserCreateInput, UserUpdateInput } from '../../api/types';
import { DepartmentSelect } from '../../components/departments';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

export type UserDrawerState = { mode: 'create'; departmentId?: string } | { mode: 'edit'; user: User };

interface UserForm {
  username: string;
  displayName: string;
  departmentId?: string | null;
  email?: string;
  phone?: string;
}

const CODE_FIELDS = {
  'directory.duplicate_username': ['username'],
  'directory.invalid_username': ['username'],
  'directory.unknown_department': ['departmentId'],
  'directory.department_required': ['departmentId'],
};

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function UserDrawer(props: {
  state: UserDrawerState | null;
  onClose(): void;
  onCreated(user: User, initialPassword: string): void;
  onUpdated(user: User): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<UserForm>();
  const [saving, setSaving] = useState(false);
  const state = props.state;
  const editing = state?.mode === 'edit' ? state.user : null;

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'edit') {
      const u = state.user;
      form.setFieldsValue({
        username: u.username,
        displayName: u.displayName,
        departmentId: u.departmentId,
        email: u.email ?? undefined,
        phone: u.phone ?? undefined,
      });
    } else {
      form.setFieldsValue({ departmentId: state.departmentId ?? null });
    }
  }, [state, form]);

  const save = async (values: UserForm) => {
    setSaving(true);
    try {
      if (editing) {
        const input: UserUpdateInput = {
          displayName: values.displayName.trim(),
          departmentId: values.departmentId ?? null,
          email: blankToNull(values.email),
          phone: blankToNull(values.phone),
        };
        const saved = await directoryApi.updateUser(editing.id, input);
        void message.success(t('common.saved'));
        props.onUpdated(saved);
      } else {
        const input: UserCreateInput = {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          departmentId: values.departmentId ?? undefined,
          email: blankToNull(values.email) ?? undefined,
          phone: blankToNull(values.phone) ?? undefined,
        };
        const answer = await directoryApi.createUser(input);
        props.onCreated(answer.user, answer.initialPassword);
      }
    } catch (e) {
      showFormError(form, e, { codeFields: CODE_FIELDS });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={!!state}
      onClose={props.onClose}
      size={480}
      destroyOnHidden
      title={editing ? t('directory.user.editTitle', { name: editing.displayName }) : t('directory.user.create')}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {editing ? t('common.save') : t('directory.user.createSubmit')}
          </Button>
        </Flex>
      }
    >
      <Form<UserForm> form={form} layout="vertical" onFinish={save} disabled={saving}>
        <Form.Item
          name="username"
          label={t('directory.user.username')}
          extra={editing ? undefined : t('directory.user.usernameHelp')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^[A-Za-z0-9_.@-]{2,64}$/, message: t('directory.user.usernameShape') },
          ]}
        >
          <Input disabled={!!editing} autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('directory.user.displayName')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('directory.user.department')}>
          <DepartmentSelect placeholder={t('directory.user.noDepartment')} />
        </Form.Item>
        <Form.Item name="email" label={t('directory.user.email')} rules={[{ type: 'email', message: t('validation.email') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('directory.user.phone')}
          rules={[{ pattern: /^[0-9+\-\s()]{5,20}$/, message: t('validation.phone') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        {!editing && <div className="zs-hint">{t('directory.user.initialPasswordHint')}</div>}
      </Form>
    </Drawer>
  );
}

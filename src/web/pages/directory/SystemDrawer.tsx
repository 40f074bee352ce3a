// Register or edit a business system. Its code becomes part of audit records and API usage reports,
// so it is a stable lowercase identifier.
import { useEffect, useState } from 'react';
import { App, Button, Drawer, Flex, Form, Input, Radio } from 'antd';
import { directoryApi } from '../../api/directory';
import type { BusinessSystem } from '../../api/types';
import { DepartmentSelect } from '../../components/departments';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

export type SystemDrawerState = { mode: 'create'; departmentId?: string } | { mode: 'edit'; system: BusinessSystem };

interface SystemForm {
  departmentId: string;
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
  status: BusinessSystem['status'];
}

const CODE_FIELDS = {
  'directory.duplicate_system_code': ['code'],
  'directory.invalid_system_code': ['code'],
  'directory.unknown_department': ['departmentId'],
};

export function SystemDrawer(props: {
  state: SystemDrawerState | null;
  /** Department admins register systems of their own department only. */
  lockDepartment: boolean;
  onClose(): void;
  onSaved(system: BusinessSystem): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<SystemForm>();
  const [saving, setSaving] = useState(false);
  const state = props.state;
  const editing = state?.mode === 'edit' ? state.system : null;

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'edit') {
      const s = state.system;
      form.setFieldsValue({
        departmentId: s.departmentId,
        code: s.code,
        name: s.name,
        nameEn: s.nameEn ?? undefined,
        description: s.description ?? undefined,
        status: s.status,
      });
    } else if (state.departmentId) {
      form.setFieldsValue({ departmentId: state.departmentId });
    }
  }, [state, form]);

  const save = async (values: SystemForm) => {
    setSaving(true);
    try {
      const saved = editing
        ? await directoryApi.updateSystem(editing.id, {
            name: values.name.trim(),
            // null clears a field the person emptied
            nameEn: values.nameEn?.trim() || null,
            description: values.description?.trim() || null,
            status: values.status,
          })
        : await directoryApi.createSystem({
            departmentId: values.departmentId,
            code: values.code.trim(),
            name: values.name.trim(),
            nameEn: values.nameEn?.trim() || undefined,
            description: values.description?.trim() || undefined,
          });
      void message.success(t('common.saved'));
      props.onSaved(saved);
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
      title={editing ? t('directory.system.editTitle', { name: editing.name }) : t('directory.system.create')}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form<SystemForm> form={form} layout="vertical" onFinish={save} disabled={saving}>
        <Form.Item
          name="departmentId"
          label={t('directory.system.department')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <DepartmentSelect disabled={!!editing || props.lockDepartment} allowClear={false} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('directory.system.code')}
          extra={editing ? undefined : t('directory.system.codeHelp')}
          normalize={(value: string) => value?.toLowerCase()}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^[a-z0-9][a-z0-9-]{1,62}$/, message: t('directory.system.codeShape') },
          ]}
        >
          <Input disabled={!!editing} className="zs-mono" placeholder="population-registry" maxLength={63} />
        </Form.Item>
        <Form.Item name="name" label={t('directory.system.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('directory.system.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('directory.system.description')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        {editing && (
          <Form.Item name="status" label={t('common.status')}>
            <Radio.Group
              options={[
                { value: 'active', label: t('common.status.active') },
                { value: 'disabled', label: t('common.status.disabled') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}

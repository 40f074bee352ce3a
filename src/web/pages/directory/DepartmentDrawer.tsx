// Create or edit a department. The server validates the credit code (GB 32100 checksums) and the
// region; its field errors are shown next to the fields.
import { useEffect, useMemo, useState } from 'react';
import { App, AutoComplete, Button, Drawer, Flex, Form, Input, Radio, Select } from 'antd';
import { directoryApi } from '../../api/directory';
import type { Department, DepartmentInput, Region } from '../../api/types';
import { DEPARTMENT_KINDS } from '../../api/types';
import { DepartmentSelect } from '../../components/departments';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { kindLabel } from './labels';

export type DepartmentDrawerState =
  | { mode: 'create'; parentId?: string; regionCode?: string }
  | { mode: 'edit'; department: Department };

interface DepartmentForm {
  name: string;
  nameEn?: string;
  creditCode: string;
  regionCode: string;
  parentId?: string | null;
  kind: string;
  shortCode?: string;
  status: Department['status'];
}

// The 31-character alphabet of GB 32100 (no I, O, S, V, Z); the checksum is left to the server.
const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

const CODE_FIELDS = {
  'directory.invalid_credit_code': ['creditCode'],
  'directory.duplicate_credit_code': ['creditCode'],
  'directory.unknown_region': ['regionCode'],
  'directory.invalid_division_code': ['regionCode'],
  'directory.duplicate_short_code': ['shortCode'],
  'directory.invalid_short_code': ['shortCode'],
  'directory.short_codes_exhausted': ['shortCode'],
  'directory.unknown_parent': ['parentId'],
  'directory.department_cycle': ['parentId'],
};

function emptyToUndefined(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function DepartmentDrawer(props: {
  state: DepartmentDrawerState | null;
  regions: Region[];
  onClose(): void;
  onSaved(department: Department): void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<DepartmentForm>();
  const [saving, setSaving] = useState(false);
  const state = props.state;
  const editing = state?.mode === 'edit' ? state.department : null;

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'edit') {
      const d = state.department;
      form.setFieldsValue({
        name: d.name,
        nameEn: d.nameEn ?? undefined,
        creditCode: d.creditCode,
        regionCode: d.regionCode,
        parentId: d.parentId,
        kind: d.kind,
        shortCode: d.shortCode ?? undefined,
        status: d.status,
      });
    } else {
      form.setFieldsValue({ parentId: state.parentId ?? null, regionCode: state.regionCode, status: 'active' });
    }
  }, [state, form]);

  const regionOptions = useMemo(
    () =>
      props.regions.map((region) => ({
        value: region.code,
        label: `${region.code} ${locale === 'en-US' && region.nameEn ? region.nameEn : region.name}`,
      })),
    [props.regions, locale],
  );

  const kindOptions = useMemo(() => {
    const kinds = new Set<string>(DEPARTMENT_KINDS);
    if (editing?.kind) kinds.add(editing.kind);
    return [...kinds].map((kind) => ({ value: kind, label: kindLabel(kind, t) }));
  }, [editing, t]);

  const save = async (values: DepartmentForm) => {
    const input: DepartmentInput = {
      name: values.name.trim(),
      nameEn: emptyToUndefined(values.nameEn),
      creditCode: values.creditCode.trim().toUpperCase(),
      regionCode: values.regionCode.trim(),
      parentId: values.parentId ?? null,
      kind: values.kind,
      shortCode: emptyToUndefined(values.shortCode),
    };
    setSaving(true);
    try {
      let saved: Department;
      if (editing) {
        // PATCH only what changed, so an untouched credit code is not re-checked against itself.
        const changes: Partial<DepartmentInput> = {};
        const before: Partial<DepartmentInput> = {
          name: editing.name,
          nameEn: editing.nameEn ?? undefined,
          creditCode: editing.creditCode,
          regionCode: editing.regionCode,
          parentId: editing.parentId,
          kind: editing.kind,
          shortCode: editing.shortCode ?? undefined,
          status: editing.status,
        };
        const after: Partial<DepartmentInput> = { ...input, status: values.status };
        for (const key of Object.keys(after) as (keyof DepartmentInput)[]) {
          // Every department keeps a short code (it is part of catalog codes), so an emptied one means "unchanged".
          if (key === 'shortCode' && after.shortCode === undefined) continue;
          if ((after[key] ?? null) !== (before[key] ?? null)) {
            // An emptied English name is sent as null so the server clears it.
            (changes as Record<string, unknown>)[key] = after[key] ?? null;
          }
        }
        if (Object.keys(changes).length === 0) {
          props.onClose();
          return;
        }
        saved = await directoryApi.updateDepartment(editing.id, changes);
      } else {
        saved = await directoryApi.createDepartment(input);
      }
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
      size={560}
      title={editing ? t('directory.department.editTitle', { name: editing.name }) : t('directory.department.create')}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form<DepartmentForm> form={form} layout="vertical" onFinish={save} disabled={saving}>
        <Form.Item
          name="name"
          label={t('directory.department.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('directory.department.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('directory.department.creditCode')}
          extra={t('directory.department.creditCodeHelp')}
          normalize={(value: string) => value?.toUpperCase().replace(/\s/g, '')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: CREDIT_CODE_SHAPE, message: t('directory.department.creditCodeShape') },
          ]}
        >
          <Input maxLength={18} className="zs-mono" placeholder="11440607MB2C12345X" />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('directory.department.region')}
          extra={t('directory.department.regionHelp')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^\d{6}(\d{6})?$/, message: t('directory.region.codeShape') },
          ]}
        >
          <AutoComplete
            options={regionOptions}
            showSearch={{
              filterOption: (input, option) => String(option?.label ?? '').toLowerCase().includes(input.toLowerCase()),
            }}
            placeholder="440607"
          />
        </Form.Item>
        <Form.Item name="parentId" label={t('directory.department.parent')}>
          <DepartmentSelect excludeId={editing?.id} placeholder={t('directory.department.noParent')} />
        </Form.Item>
        <Form.Item name="kind" label={t('directory.department.kind')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={kindOptions} />
        </Form.Item>
        <Form.Item
          name="shortCode"
          label={t('directory.department.shortCode')}
          extra={t('directory.department.shortCodeHelp')}
          rules={[{ pattern: /^(0[1-9]|[1-9]\d)$/, message: t('directory.department.shortCodeShape') }]}
        >
          <Input maxLength={2} style={{ width: 120 }} />
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

// Add an administrative division (GB/T 2260). The server checks the code against the division rules and
// answers `directory.invalid_division_code`, shown next to the code.
import { useEffect, useMemo, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { api } from '../../api/client';
import type { Region, RegionLevel } from '../../api/types';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

interface RegionForm {
  code: string;
  name: string;
  nameEn?: string;
  level: RegionLevel;
  parentCode?: string;
}

const LEVELS: RegionLevel[] = ['province', 'prefecture', 'county', 'town', 'village'];

export function RegionModal(props: { open: boolean; regions: Region[]; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<RegionForm>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (props.open) form.resetFields();
  }, [props.open, form]);

  const parentOptions = useMemo(
    () =>
      props.regions.map((region) => ({
        value: region.code,
        label: `${region.code} ${locale === 'en-US' && region.nameEn ? region.nameEn : region.name}`,
      })),
    [props.regions, locale],
  );

  const save = async (values: RegionForm) => {
    setSaving(true);
    try {
      await api.post('/api/v1/regions', {
        code: values.code.trim(),
        name: values.name.trim(),
        nameEn: values.nameEn?.trim() || null,
        level: values.level,
        parentCode: values.parentCode || null,
      });
      void message.success(t('common.saved'));
      props.onSaved();
    } catch (e) {
      showFormError(form, e, {
        codeFields: { 'directory.invalid_division_code': ['code'], 'directory.region_version_conflict': ['code'] },
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('directory.region.add')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<RegionForm> form={form} layout="vertical" onFinish={save} disabled={saving}>
        <Form.Item
          name="code"
          label={t('directory.region.code')}
          extra={t('directory.region.codeHelp')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^\d{6}(\d{6})?$/, message: t('directory.region.codeShape') },
          ]}
        >
          <Input maxLength={12} className="zs-mono" />
        </Form.Item>
        <Form.Item name="name" label={t('directory.region.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('directory.region.nameEn')}>
          <Input />
        </Form.Item>
        <Form.Item name="level" label={t('directory.region.level')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={LEVELS.map((level) => ({ value: level, label: t(`directory.region.level.${level}`) }))} />
        </Form.Item>
        <Form.Item name="parentCode" label={t('directory.region.parent')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={parentOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

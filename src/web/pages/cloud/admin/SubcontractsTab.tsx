// 分签合同: each department's sub-contract under a provider's framework contract; a department orders a provider's
// offerings only while it holds a valid one.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { DepartmentSelect, departmentLabel, useDepartments } from '../../../components/departments';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import type { Subcontract } from '../types';
import { catalogApi } from '../cloudApi';

interface FormValues {
  providerId: string;
  departmentId: string;
  contractNo: string;
  signedOn: Dayjs;
  validity: [Dayjs, Dayjs];
  status: 'active' | 'terminated';
}

export function SubcontractsTab() {
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const list = useAsync(() => catalogApi.subcontracts(departmentId), [departmentId]);
  const providers = useAsync(() => catalogApi.providers(), []);
  const { departments } = useDepartments();
  const [editing, setEditing] = useState<{ subcontract: Subcontract | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const providerName = useMemo(() => new Map((providers.data ?? []).map((p) => [p.id, locale === 'en-US' && p.nameEn ? p.nameEn : p.name])), [providers.data, locale]);
  const departmentName = useMemo(() => new Map(departments.map((d) => [d.id, departmentLabel(d, locale)])), [departments, locale]);
  const today = dayjs().format('YYYY-MM-DD');

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    const s = editing.subcontract;
    form.setFieldsValue(
      s
        ? { providerId: s.providerId, departmentId: s.departmentId, contractNo: s.contractNo, signedOn: dayjs(s.signedOn), validity: [dayjs(s.validFrom), dayjs(s.validTo)], status: s.status }
        : { status: 'active', departmentId },
    );
  }, [editing, form, departmentId]);

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input = {
      contractNo: values.contractNo, signedOn: values.signedOn.format('YYYY-MM-DD'),
      validFrom: values.validity[0].format('YYYY-MM-DD'), validTo: values.validity[1].format('YYYY-MM-DD'), status: values.status,
    };
    setSaving(true);
    try {
      if (editing?.subcontract) await catalogApi.updateSubcontract(editing.subcontract.id, input);
      else await catalogApi.createSubcontract({ ...input, providerId: values.providerId, departmentId: values.departmentId });
      void message.success(t('common.saved'));
      setEditing(null);
      list.reload();
    } catch (e) {
      showFormError(form, e, { fieldFor: (path) => (path[0] === 'validFrom' || path[0] === 'validTo' ? ['validity'] : path) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('cloudAdmin.subcontracts.title')}
      extra={
        <Space>
          <DepartmentSelect value={departmentId} onChange={setDepartmentId} allowClear placeholder={t('cloudAdmin.allDepartments')} style={{ width: 240 }} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ subcontract: null })}>{t('cloudAdmin.subcontracts.create')}</Button>
        </Space>
      }
    >
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Subcontract>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('cloudAdmin.subcontracts.empty') }}
        columns={[
          { title: t('cloudAdmin.department'), dataIndex: 'departmentId', render: (id: string) => departmentName.get(id) ?? id },
          { title: t('cloudAdmin.provider'), dataIndex: 'providerId', render: (id: string) => providerName.get(id) ?? id },
          { title: t('cloudAdmin.subcontracts.contractNo'), dataIndex: 'contractNo' },
          { title: t('cloudAdmin.subcontracts.signedOn'), dataIndex: 'signedOn', width: 110 },
          { title: t('cloudAdmin.subcontracts.validity'), key: 'validity', render: (_: unknown, s: Subcontract) => `${s.validFrom} ~ ${s.validTo}` },
          {
            title: t('common.status'),
            key: 'status',
            width: 100,
            render: (_: unknown, s: Subcontract) => {
              const state = s.status === 'terminated' ? 'terminated' : today < s.validFrom ? 'pending' : today > s.validTo ? 'expired' : 'valid';
              return <Tag color={state === 'valid' ? 'green' : state === 'pending' ? 'blue' : 'default'}>{t(`cloudAdmin.subcontractState.${state}`)}</Tag>;
            },
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, s: Subcontract) => <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ subcontract: s })} />,
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.subcontract ? t('cloudAdmin.subcontracts.edit') : t('cloudAdmin.subcontracts.create')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('common.save')}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item name="providerId" label={t('cloudAdmin.provider')} rules={[{ required: true }]}>
            <Select disabled={!!editing?.subcontract} options={(providers.data ?? []).map((p) => ({ value: p.id, label: `${providerName.get(p.id)} (${p.frameworkValidFrom} ~ ${p.frameworkValidTo})` }))} />
          </Form.Item>
          <Form.Item name="departmentId" label={t('cloudAdmin.department')} rules={[{ required: true }]}>
            <DepartmentSelect disabled={!!editing?.subcontract} />
          </Form.Item>
          <Form.Item name="contractNo" label={t('cloudAdmin.subcontracts.contractNo')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="signedOn" label={t('cloudAdmin.subcontracts.signedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="validity" label={t('cloudAdmin.subcontracts.validity')} extra={t('cloudAdmin.subcontracts.validityHelp')} rules={[{ required: true }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="status" label={t('common.status')}>
            <Select options={(['active', 'terminated'] as const).map((s) => ({ value: s, label: t(`cloudAdmin.subcontractStatus.${s}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

// /cloud/policies — 审批规则: approval chains per department and category (the most specific enabled rule wins),
// with each step's approver, deadline and escalation, and the automatic approval threshold in yuan.
import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { DepartmentSelect, departmentLabel, useDepartments } from '../../../components/departments';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { CLOUD_CATEGORIES, formatFen, type ApprovalPolicy, type ApprovalStepRecord, type CloudCategory } from '../types';
import { orderApi, type ApprovalPolicyInput as PolicyInput } from '../cloudApi';

interface FormValues {
  name: string;
  departmentId?: string | null;
  category?: CloudCategory | null;
  steps: ApprovalStepRecord[];
  autoApprove: boolean;
  autoApproveMaxYuan?: number | null;
  enabled: boolean;
}

export function PoliciesPage() {
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showError, showFormError } = useApiError();
  const policies = useAsync(() => orderApi.policies(), []);
  const { departments } = useDepartments();
  const departmentName = useMemo(() => new Map(departments.map((d) => [d.id, departmentLabel(d, locale)])), [departments, locale]);
  const [editing, setEditing] = useState<{ policy: ApprovalPolicy | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const autoApprove = Form.useWatch('autoApprove', form);

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    const p = editing.policy;
    form.setFieldsValue(
      p
        ? { name: p.name, departmentId: p.departmentId, category: p.category, steps: p.steps, autoApprove: p.autoApproveMaxFen !== null, autoApproveMaxYuan: p.autoApproveMaxFen === null ? null : p.autoApproveMaxFen / 100, enabled: p.enabled }
        : { steps: [{ approver: 'dept_head', deadlineHours: 24, escalateTo: 'it_centre' }, { approver: 'it_centre', deadlineHours: 24, escalateTo: null }], autoApprove: false, enabled: true },
    );
  }, [editing, form]);

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input: PolicyInput = {
      name: values.name.trim(),
      departmentId: values.departmentId ?? null,
      category: values.category ?? null,
      steps: values.steps.map((s) => ({ approver: s.approver, deadlineHours: s.deadlineHours, escalateTo: s.escalateTo ?? null })),
      autoApproveMaxFen: values.autoApprove && values.autoApproveMaxYuan != null ? Math.round(values.autoApproveMaxYuan * 100) : null,
      enabled: values.enabled,
    };
    setSaving(true);
    try {
      if (editing?.policy) await orderApi.updatePolicy(editing.policy.id, input);
      else await orderApi.createPolicy(input);
      void message.success(t('common.saved'));
      setEditing(null);
      policies.reload();
    } catch (e) {
      showFormError(form, e, { fieldFor: (path) => (path[0] === 'autoApproveMaxFen' ? ['autoApproveMaxYuan'] : path) });
    } finally {
      setSaving(false);
    }
  };

  const remove = async (policy: ApprovalPolicy) => {
    try {
      await orderApi.removePolicy(policy.id);
      void message.success(t('cloudAdmin.policies.deleted'));
      policies.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('cloudAdmin.policies.title')}
        subtitle={t('cloudAdmin.policies.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={policies.reload}>{t('common.refresh')}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ policy: null })} data-testid="cloud-policy-create">{t('cloudAdmin.policies.create')}</Button>
          </>
        }
      />
      {policies.error != null && <Alert type="error" showIcon title={errorMessage(policies.error)} style={{ marginBottom: 12 }} />}
      <Card>
        <Table<ApprovalPolicy>
          rowKey="id"
          size="small"
          loading={policies.loading}
          dataSource={policies.data ?? []}
          pagination={false}
          locale={{ emptyText: t('cloudAdmin.policies.empty') }}
          columns={[
            { title: t('cloudAdmin.policies.name'), dataIndex: 'name' },
            { title: t('cloudAdmin.department'), dataIndex: 'departmentId', render: (id: string | null) => (id ? departmentName.get(id) ?? id : t('cloudAdmin.allDepartments')) },
            { title: t('cloudAdmin.offerings.category'), dataIndex: 'category', render: (c: CloudCategory | null) => (c ? t(`cloudAdmin.category.${c}`) : t('cloudAdmin.allCategories')) },
            {
              title: t('cloudAdmin.policies.steps'),
              dataIndex: 'steps',
              render: (steps: ApprovalStepRecord[]) => (
                <Space size={4} wrap>
                  {steps.map((s, i) => (
                    <Tag key={i}>
                      {i + 1}. {t(`cloudAdmin.approver.${s.approver}`)} · {t('cloudAdmin.policies.hours', { n: s.deadlineHours })}
                      {s.escalateTo ? ` → ${t(`cloudAdmin.escalation.${s.escalateTo}`)}` : ''}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('cloudAdmin.policies.autoApprove'),
              dataIndex: 'autoApproveMaxFen',
              render: (fen: number | null) => (fen === null ? <Typography.Text type="secondary">{t('cloudAdmin.policies.never')}</Typography.Text> : t('cloudAdmin.policies.upTo', { price: formatFen(fen, locale) })),
            },
            { title: t('common.status'), dataIndex: 'enabled', width: 80, render: (on: boolean) => <Tag color={on ? 'green' : 'default'}>{on ? t('cloudAdmin.enabled') : t('cloudAdmin.disabled')}</Tag> },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 100,
              render: (_: unknown, p: ApprovalPolicy) => (
                <Space size={4}>
                  <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ policy: p })} />
                  <Popconfirm title={t('cloudAdmin.policies.deleteConfirm')} onConfirm={() => remove(p)}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('cloudAdmin.remove')} />
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('cloudAdmin.policies.precedence')}</Typography.Paragraph>
      </Card>
      <Drawer
        open={editing !== null}
        size={640}
        title={editing?.policy ? t('cloudAdmin.policies.edit') : t('cloudAdmin.policies.create')}
        onClose={() => setEditing(null)}
        destroyOnHidden
        extra={
          <Space>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="cloud-policy-save">{t('common.save')}</Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item name="name" label={t('cloudAdmin.policies.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} /></Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="departmentId" label={t('cloudAdmin.department')} extra={t('cloudAdmin.policies.departmentHelp')}>
                <DepartmentSelect allowClear placeholder={t('cloudAdmin.allDepartments')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="category" label={t('cloudAdmin.offerings.category')}>
                <Select allowClear placeholder={t('cloudAdmin.allCategories')} options={CLOUD_CATEGORIES.map((c) => ({ value: c, label: t(`cloudAdmin.category.${c}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('cloudAdmin.policies.steps')}</Typography.Text>
          <Form.List name="steps" rules={[{ validator: async (_, steps: unknown[]) => { if (!steps?.length) throw new Error(t('cloudAdmin.policies.stepsRequired')); } }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="baseline" style={{ display: 'flex', marginTop: 8 }} wrap>
                    <Typography.Text>{index + 1}.</Typography.Text>
                    <Form.Item name={[field.name, 'approver']} rules={[{ required: true }]}>
                      <Select style={{ width: 150 }} options={(['dept_head', 'it_centre'] as const).map((a) => ({ value: a, label: t(`cloudAdmin.approver.${a}`) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'deadlineHours']} rules={[{ required: true }]}>
                      <InputNumber min={1} max={720} suffix={t('cloudAdmin.policies.hoursUnit')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'escalateTo']}>
                      <Select
                        style={{ width: 170 }}
                        options={[{ value: null, label: t('cloudAdmin.escalation.none') }, ...(['it_centre', 'system_admin'] as const).map((e) => ({ value: e, label: t(`cloudAdmin.escalation.${e}`) }))]}
                      />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(field.name)}>{t('cloudAdmin.remove')}</Button>
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} disabled={fields.length >= 5} onClick={() => add({ approver: 'it_centre', deadlineHours: 24, escalateTo: null })}>{t('cloudAdmin.policies.addStep')}</Button>
              </>
            )}
          </Form.List>
          <Row gutter={12} style={{ marginTop: 16 }}>
            <Col span={10}>
              <Form.Item name="autoApprove" label={t('cloudAdmin.policies.autoApprove')} valuePropName="checked"><Switch /></Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item name="autoApproveMaxYuan" label={t('cloudAdmin.policies.threshold')} extra={t('cloudAdmin.policies.thresholdHelp')} rules={[{ required: !!autoApprove }]}>
                <InputNumber min={0} step={100} precision={2} disabled={!autoApprove} suffix={t('cloudAdmin.yuanPerMonth')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="enabled" label={t('cloudAdmin.enabled')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Drawer>
    </div>
  );
}

// 新建申请: a department applies for a resource on behalf of one of its business systems: which fields
// (and which of them unmasked), why, on what legal basis, which rows, for how long.
import { Alert, App, Button, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { directoryApi } from '../../api/directory';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { catalogApi } from '../catalog/catalogApi';
import { useEnumLabel } from '../catalog/tags';
import { exchangeApi } from './exchangeApi';
import { toRowScope } from './logic';
import type { ConditionDraft } from './logic';
import { RowScopeBuilder } from './RowScopeBuilder';

interface FormValues {
  resourceCode: string;
  systemId: string;
  fields: string[];
  cleartextFields: string[];
  purpose: string;
  legalBasis: string;
  rowScope: ConditionDraft[];
  durationDays: number;
}

const MASKABLE = new Set(['sensitive', 'secret']);

export function RequestForm(props: { initialResource?: string; onCreated(): void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const enumLabel = useEnumLabel();
  const [form] = Form.useForm<FormValues>();
  const resources = useAsync(() => exchangeApi.resources(), []);
  const systems = useAsync(() => (me?.departmentId ? directoryApi.systems(me.departmentId) : Promise.resolve([])), [me?.departmentId]);
  const resourceCode = Form.useWatch('resourceCode', form);
  const chosenFields = Form.useWatch('fields', form);
  const entry = useAsync(async () => (resourceCode ? catalogApi.get(resourceCode) : null), [resourceCode]);
  const items = useMemo(() => entry.data?.dataItems ?? [], [entry.data]);

  // Other departments' shared resources: a department does not apply for its own data.
  const options = (resources.data ?? [])
    .filter((resource) => resource.providerDepartmentId !== me?.departmentId && resource.sharingType !== 'not_shared')
    .map((resource) => ({ value: resource.code, label: `${resource.name} (${resource.code}) · ${resource.providerDepartmentName ?? ''}` }));
  const activeSystems = (systems.data ?? []).filter((system) => system.status === 'active');

  useEffect(() => {
    if (props.initialResource) form.setFieldValue('resourceCode', props.initialResource);
  }, [props.initialResource, form]);

  // A new resource starts with none of its fields chosen.
  useEffect(() => {
    form.setFieldsValue({ fields: [], cleartextFields: [], rowScope: [] });
  }, [resourceCode, form]);

  // Clear text can only be asked for fields that are requested at all.
  useEffect(() => {
    const cleartext: string[] = form.getFieldValue('cleartextFields') ?? [];
    const kept = cleartext.filter((field) => (chosenFields ?? []).includes(field));
    if (kept.length !== cleartext.length) form.setFieldValue('cleartextFields', kept);
  }, [chosenFields, form]);

  const submit = async (values: FormValues) => {
    try {
      const created = await exchangeApi.createRequest({
        resourceCode: values.resourceCode,
        systemId: values.systemId,
        fields: values.fields,
        cleartextFields: values.cleartextFields ?? [],
        purpose: values.purpose.trim(),
        legalBasis: values.legalBasis.trim(),
        rowScope: toRowScope(values.rowScope),
        durationDays: values.durationDays,
      });
      void message.success(created.status === 'approved' ? t('exchange.request.autoGranted') : t('exchange.request.submitted', { date: created.dueDate }));
      form.resetFields();
      props.onCreated();
    } catch (e) {
      showFormError(form, e);
    }
  };

  const sensitiveChosen = items.filter((item) => (chosenFields ?? []).includes(item.name) && MASKABLE.has(item.sensitivity));

  return (
    <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ durationDays: 365, fields: [], cleartextFields: [], rowScope: [] }} style={{ maxWidth: 960 }}>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item name="resourceCode" label={t('exchange.field.resource')} rules={[{ required: true, message: t('exchange.request.resourceRequired') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={resources.loading}
              options={options}
              placeholder={t('exchange.request.resourcePlaceholder')}
              data-testid="request-resource"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item
            name="systemId"
            label={t('exchange.request.system')}
            rules={[{ required: true, message: t('exchange.request.systemRequired') }]}
            extra={!systems.loading && activeSystems.length === 0 ? <Link to="/directory/systems">{t('exchange.request.noSystems')}</Link> : undefined}
          >
            <Select
              loading={systems.loading}
              options={activeSystems.map((system) => ({ value: system.id, label: `${system.name} (${system.code})` }))}
              data-testid="request-system"
            />
          </Form.Item>
        </Col>
      </Row>
      {entry.data?.sharingType === 'unconditional' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('exchange.request.unconditionalHint')} />}
      {resourceCode && (
        <Form.Item
          name="fields"
          label={
            <Space>
              {t('exchange.request.fields')}
              <Button size="small" type="link" onClick={() => form.setFieldValue('fields', items.map((item) => item.name))}>
                {t('exchange.request.selectAll')}
              </Button>
            </Space>
          }
          rules={[{ required: true, type: 'array', min: 1, message: t('exchange.request.fieldsRequired') }]}
        >
          <Checkbox.Group style={{ width: '100%' }} data-testid="request-fields">
            <Row gutter={[8, 8]}>
              {items.map((item) => (
                <Col key={item.name} xs={24} sm={12} md={8}>
                  <Checkbox value={item.name}>
                    {item.label} <Typography.Text type="secondary">{item.name}</Typography.Text>
                    {MASKABLE.has(item.sensitivity) && (
                      <Typography.Text type="warning" style={{ marginLeft: 4 }}>
                        ({enumLabel('sensitivity', item.sensitivity)})
                      </Typography.Text>
                    )}
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      )}
      {sensitiveChosen.length > 0 && (
        <Form.Item name="cleartextFields" label={t('exchange.request.cleartext')} extra={t('exchange.request.cleartextHint')}>
          <Checkbox.Group options={sensitiveChosen.map((item) => ({ value: item.name, label: `${item.label} (${item.name})` }))} />
        </Form.Item>
      )}
      <Form.Item name="purpose" label={t('exchange.request.purpose')} rules={[{ required: true, whitespace: true, message: t('exchange.request.purposeRequired') }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('exchange.request.purposePlaceholder')} data-testid="request-purpose" />
      </Form.Item>
      <Form.Item name="legalBasis" label={t('exchange.request.legalBasis')} rules={[{ required: true, whitespace: true, message: t('exchange.request.legalBasisRequired') }]}>
        <Input.TextArea rows={2} maxLength={2000} showCount placeholder={t('exchange.request.legalBasisPlaceholder')} data-testid="request-legal-basis" />
      </Form.Item>
      {resourceCode && (
        <Form.Item label={t('exchange.request.rowScope')} extra={t('exchange.request.rowScopeHint')}>
          <RowScopeBuilder name="rowScope" fields={items} testId="request-row-scope" />
        </Form.Item>
      )}
      <Form.Item name="durationDays" label={t('exchange.request.duration')} rules={[{ required: true }]}>
        <InputNumber min={1} max={3660} suffix={t('exchange.request.daysUnit')} style={{ width: 200 }} data-testid="request-duration" />
      </Form.Item>
      <Button type="primary" htmlType="submit" data-testid="request-submit">
        {t('exchange.request.submit')}
      </Button>
    </Form>
  );
}

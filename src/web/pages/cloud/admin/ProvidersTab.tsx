// 服务商: providers with their framework contract, and each provider's endpoints (driver settings; secrets are
// write-only: the console shows which are set, never their values) with "test connection".
import { ApiOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Drawer, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import type { CloudDriverKind, Provider, ProviderEndpoint } from '../types';
import { catalogApi, type ProviderInput } from '../cloudApi';
import { DRIVERS, parseJsonObject } from './logic';

export function ProvidersTab() {
  const { t, locale, errorMessage } = useI18n();
  const providers = useAsync(() => catalogApi.providers(), []);
  const [editing, setEditing] = useState<{ provider: Provider | null } | null>(null);
  const [endpoint, setEndpoint] = useState<{ provider: Provider; endpoint: ProviderEndpoint | null } | null>(null);

  return (
    <Card
      title={t('cloudAdmin.providers.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={providers.reload}>{t('common.refresh')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ provider: null })} data-testid="cloud-provider-create">
            {t('cloudAdmin.providers.create')}
          </Button>
        </Space>
      }
    >
      {providers.error != null && <Alert type="error" showIcon title={errorMessage(providers.error)} style={{ marginBottom: 12 }} />}
      <Table<Provider>
        rowKey="id"
        size="small"
        loading={providers.loading}
        dataSource={providers.data ?? []}
        pagination={false}
        locale={{ emptyText: t('cloudAdmin.providers.empty') }}
        expandable={{
          expandedRowRender: (provider) => (
            <EndpointList provider={provider} onEdit={(item) => setEndpoint({ provider, endpoint: item })} />
          ),
        }}
        columns={[
          {
            title: t('cloudAdmin.providers.name'),
            key: 'name',
            render: (_: unknown, p: Provider) => (
              <span>
                {locale === 'en-US' && p.nameEn ? p.nameEn : p.name}
                <Typography.Text type="secondary" style={{ display: 'block' }}>{p.code}</Typography.Text>
              </span>
            ),
          },
          { title: t('cloudAdmin.providers.contractNo'), dataIndex: 'frameworkContractNo' },
          { title: t('cloudAdmin.providers.validity'), key: 'validity', render: (_: unknown, p: Provider) => `${p.frameworkValidFrom} ~ ${p.frameworkValidTo}` },
          { title: t('cloudAdmin.providers.contact'), dataIndex: 'contact', render: (v: string | null) => v ?? '—' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: Provider['status']) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`cloudAdmin.providerStatus.${s}`)}</Tag>,
          },
          {
            title: t('cloudAdmin.providers.endpoints'),
            key: 'endpoints',
            render: (_: unknown, p: Provider) => (
              <Space size={4} wrap>
                {p.endpoints.map((e) => <Tag key={e.id}>{t(`cloudAdmin.driver.${e.driver}`)}</Tag>)}
                <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEndpoint({ provider: p, endpoint: null })}>
                  {t('cloudAdmin.endpoint.add')}
                </Button>
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, p: Provider) => <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ provider: p })} />,
          },
        ]}
      />
      <ProviderDrawer
        open={editing !== null}
        provider={editing?.provider ?? null}
        onClose={(saved) => {
          setEditing(null);
          if (saved) providers.reload();
        }}
      />
      <EndpointModal
        target={endpoint}
        onClose={(saved) => {
          setEndpoint(null);
          if (saved) providers.reload();
        }}
      />
    </Card>
  );
}

function EndpointList(props: { provider: Provider; onEdit(endpoint: ProviderEndpoint): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [testing, setTesting] = useState<string | null>(null);
  const test = async (endpoint: ProviderEndpoint) => {
    setTesting(endpoint.id);
    try {
      await catalogApi.testEndpoint(props.provider.id, endpoint.driver);
      void message.success(t('cloudAdmin.endpoint.testOk'));
    } catch (e) {
      showError(e);
    } finally {
      setTesting(null);
    }
  };
  if (props.provider.endpoints.length === 0) return <Typography.Text type="secondary">{t('cloudAdmin.endpoint.none')}</Typography.Text>;
  return (
    <Table<ProviderEndpoint>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={props.provider.endpoints}
      columns={[
        { title: t('cloudAdmin.endpoint.driver'), dataIndex: 'driver', width: 140, render: (d: CloudDriverKind) => t(`cloudAdmin.driver.${d}`) },
        { title: t('cloudAdmin.endpoint.settings'), dataIndex: 'settings', render: (s: Record<string, unknown>) => <Typography.Text code>{JSON.stringify(s)}</Typography.Text> },
        {
          title: t('cloudAdmin.endpoint.secrets'),
          dataIndex: 'secretNames',
          render: (names: string[]) => (names.length ? names.map((n) => <Tag key={n}>{n}</Tag>) : <Typography.Text type="secondary">{t('cloudAdmin.endpoint.noSecrets')}</Typography.Text>),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 200,
          render: (_: unknown, endpoint: ProviderEndpoint) => (
            <Space size={4}>
              <Button size="small" icon={<ApiOutlined />} loading={testing === endpoint.id} onClick={() => void test(endpoint)} data-testid="cloud-endpoint-test">
                {t('cloudAdmin.endpoint.test')}
              </Button>
              <Button size="small" icon={<EditOutlined />} onClick={() => props.onEdit(endpoint)} aria-label={t('common.edit')} />
            </Space>
          ),
        },
      ]}
    />
  );
}

interface ProviderFormValues {
  code: string;
  name: string;
  nameEn?: string;
  frameworkContractNo: string;
  validity: [Dayjs, Dayjs];
  contact?: string;
  status: 'active' | 'suspended';
}

function ProviderDrawer(props: { open: boolean; provider: Provider | null; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<ProviderFormValues>();
  const [saving, setSaving] = useState(false);
  const editing = props.provider;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        code: editing.code, name: editing.name, nameEn: editing.nameEn ?? undefined, frameworkContractNo: editing.frameworkContractNo,
        validity: [dayjs(editing.frameworkValidFrom), dayjs(editing.frameworkValidTo)], contact: editing.contact ?? undefined, status: editing.status,
      });
    } else form.setFieldsValue({ status: 'active' });
  }, [props.open, editing, form]);

  const save = async () => {
    let values: ProviderFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input: ProviderInput = {
      name: values.name, nameEn: values.nameEn || null, frameworkContractNo: values.frameworkContractNo,
      frameworkValidFrom: values.validity[0].format('YYYY-MM-DD'), frameworkValidTo: values.validity[1].format('YYYY-MM-DD'),
      contact: values.contact || null, status: values.status,
    };
    setSaving(true);
    try {
      if (editing) await catalogApi.updateProvider(editing.id, input);
      else await catalogApi.createProvider({ ...input, code: values.code });
      void message.success(t('common.saved'));
      props.onClose(true);
    } catch (e) {
      showFormError(form, e, { fieldFor: (path) => (path[0] === 'frameworkValidFrom' || path[0] === 'frameworkValidTo' ? ['validity'] : path) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={props.open}
      size={560}
      title={editing ? t('cloudAdmin.providers.edit') : t('cloudAdmin.providers.create')}
      onClose={() => props.onClose(false)}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => props.onClose(false)}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="cloud-provider-save">{t('common.save')}</Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="code" label={t('cloudAdmin.providers.code')} extra={t('cloudAdmin.codeHelp')} rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{1,62}$/, message: t('cloudAdmin.codeInvalid') }]}>
          <Input disabled={!!editing} maxLength={63} placeholder="gz-cloud" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={t('cloudAdmin.providers.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('cloudAdmin.nameEn')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="frameworkContractNo" label={t('cloudAdmin.providers.contractNo')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="validity" label={t('cloudAdmin.providers.validity')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="contact" label={t('cloudAdmin.providers.contact')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="status" label={t('common.status')} extra={t('cloudAdmin.providers.suspendHelp')}>
          <Select options={(['active', 'suspended'] as const).map((s) => ({ value: s, label: t(`cloudAdmin.providerStatus.${s}`) }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

interface EndpointFormValues {
  driver: CloudDriverKind;
  settings: string;
  secrets?: Array<{ name: string; value: string }>;
}

function EndpointModal(props: { target: { provider: Provider; endpoint: ProviderEndpoint | null } | null; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<EndpointFormValues>();
  const [saving, setSaving] = useState(false);
  const target = props.target;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue({
      driver: target.endpoint?.driver ?? 'simulated',
      settings: JSON.stringify(target.endpoint?.settings ?? {}, null, 2),
      secrets: [],
    });
  }, [target, form]);

  const save = async () => {
    if (!target) return;
    let values: EndpointFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const settings = parseJsonObject(values.settings);
    if (!settings.ok) return;
    const secrets: Record<string, string> = {};
    for (const secret of values.secrets ?? []) if (secret?.name) secrets[secret.name] = secret.value ?? '';
    setSaving(true);
    try {
      await catalogApi.saveEndpoint(target.provider.id, values.driver, { settings: settings.value, ...(Object.keys(secrets).length ? { secrets } : {}) });
      void message.success(t('common.saved'));
      props.onClose(true);
    } catch (e) {
      showFormError(form, e, { fieldFor: (path) => (path[0] === 'settings' ? ['settings'] : path[0] === 'secrets' ? undefined : path) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      width={640}
      title={t('cloudAdmin.endpoint.title', { provider: target?.provider.name ?? '' })}
      onCancel={() => props.onClose(false)}
      onOk={() => void save()}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="driver" label={t('cloudAdmin.endpoint.driver')} rules={[{ required: true }]}>
          <Select disabled={!!target?.endpoint} options={DRIVERS.map((d) => ({ value: d, label: t(`cloudAdmin.driver.${d}`) }))} />
        </Form.Item>
        <Form.Item
          name="settings"
          label={t('cloudAdmin.endpoint.settings')}
          extra={t('cloudAdmin.endpoint.settingsHelp')}
          rules={[{ validator: async (_, value: string) => { if (!parseJsonObject(value).ok) throw new Error(t('cloudAdmin.jsonObjectInvalid')); } }]}
        >
          <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} placeholder='{"host": "10.0.0.5", "port": 5432}' />
        </Form.Item>
        <Typography.Paragraph type="secondary">
          {t('cloudAdmin.endpoint.secretsHelp')}
          {target?.endpoint?.secretNames.length ? ` ${t('cloudAdmin.endpoint.secretsSet', { names: target.endpoint.secretNames.join(', ') })}` : ''}
        </Typography.Paragraph>
        <Form.List name="secrets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true }, { pattern: /^[A-Za-z][A-Za-z0-9_]{0,63}$/, message: t('cloudAdmin.endpoint.secretNameInvalid') }]}>
                    <Input placeholder={t('cloudAdmin.endpoint.secretName')} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']}>
                    <Input.Password placeholder={t('cloudAdmin.endpoint.secretValue')} autoComplete="new-password" style={{ width: 280 }} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(field.name)}>{t('cloudAdmin.remove')}</Button>
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>{t('cloudAdmin.endpoint.addSecret')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

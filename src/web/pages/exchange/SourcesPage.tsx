// /exchange/sources — 数据源与抽取: a department's own databases (MySQL/MariaDB, PostgreSQL) with a
// connection test, and the scheduled pulls that copy their tables into resources.
import { ApiOutlined, DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { useCodeText } from './common';
import { exchangeApi } from './exchangeApi';
import { canTestSource, canWriteSources } from './permissions';
import { PullDrawer } from './PullDrawer';
import { PullsTable } from './PullsTable';
import type { Pull, Source, SourceInput, SourceTestResult } from './types';

const DEFAULT_PORTS = { mysql: 3306, postgres: 5432 } as const;

function useTestMessage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const codeText = useCodeText();
  return (result: SourceTestResult) => {
    if (result.ok) {
      void message.success(t('exchange.sources.testOk', { version: result.serverVersion ?? '', ms: result.latencyMs ?? 0 }));
    } else {
      void message.error(codeText(result.code, result.message ?? t('exchange.sources.testFailed')));
    }
  };
}

export function SourcesPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { showError } = useApiError();
  const showTest = useTestMessage();
  const sources = useAsync(() => exchangeApi.sources(), []);
  const pulls = useAsync(() => exchangeApi.pulls(), []);
  const resources = useAsync(() => (me?.departmentId ? exchangeApi.resources({ departmentId: me.departmentId }) : Promise.resolve([])), [me?.departmentId]);
  const [sourceDrawer, setSourceDrawer] = useState<{ source: Source | null } | null>(null);
  const [pullDrawer, setPullDrawer] = useState<{ pull: Pull | null } | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const writable = canWriteSources(me);

  const test = async (source: Source) => {
    setTesting(source.id);
    try {
      showTest(await exchangeApi.testSource(source.id));
    } catch (e) {
      showError(e);
    } finally {
      setTesting(null);
    }
  };
  const remove = async (source: Source) => {
    try {
      await exchangeApi.deleteSource(source.id);
      sources.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('exchange.sources.title')}
        subtitle={t('exchange.sources.subtitle')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              sources.reload();
              pulls.reload();
            }}
          >
            {t('common.refresh')}
          </Button>
        }
      />
      <Card
        title={t('exchange.sources.sources')}
        style={{ marginBottom: 16 }}
        extra={
          writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setSourceDrawer({ source: null })} data-testid="source-create">
              {t('exchange.sources.create')}
            </Button>
          )
        }
      >
        {sources.error != null && <Alert type="error" showIcon title={errorMessage(sources.error)} style={{ marginBottom: 12 }} />}
        <Table<Source>
          rowKey="id"
          size="small"
          loading={sources.loading}
          dataSource={sources.data ?? []}
          pagination={false}
          data-testid="sources-table"
          locale={{ emptyText: t('exchange.sources.empty') }}
          columns={[
            { title: t('exchange.sources.name'), dataIndex: 'name' },
            { title: t('exchange.sources.kind'), dataIndex: 'kind', width: 120, render: (kind: string) => t(`exchange.sourceKind.${kind}`) },
            { title: t('exchange.sources.connection'), dataIndex: 'summary', render: (summary: string) => <Typography.Text code>{summary}</Typography.Text> },
            { title: t('exchange.sources.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 240,
              render: (_, source) => (
                <Space size={4}>
                  {canTestSource(me, source.departmentId) && (
                    <Button size="small" icon={<ApiOutlined />} loading={testing === source.id} onClick={() => void test(source)} data-testid="source-test">
                      {t('exchange.sources.test')}
                    </Button>
                  )}
                  {canWriteSources(me, source.departmentId) && (
                    <>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setSourceDrawer({ source })} aria-label={t('common.edit')} />
                      <Popconfirm title={t('exchange.sources.deleteConfirm')} onConfirm={() => remove(source)}>
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('exchange.delete')} />
                      </Popconfirm>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('exchange.sources.pulls')}
        extra={
          writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPullDrawer({ pull: null })} disabled={!sources.data?.length} data-testid="pull-create">
              {t('exchange.pulls.create')}
            </Button>
          )
        }
      >
        {pulls.error != null && <Alert type="error" showIcon title={errorMessage(pulls.error)} style={{ marginBottom: 12 }} />}
        <PullsTable pulls={pulls.data ?? []} loading={pulls.loading} onChanged={pulls.reload} onEdit={(pull) => setPullDrawer({ pull })} showResource />
      </Card>
      <SourceDrawer
        open={sourceDrawer !== null}
        source={sourceDrawer?.source ?? null}
        onClose={(saved) => {
          setSourceDrawer(null);
          if (saved) sources.reload();
        }}
      />
      <PullDrawer
        open={pullDrawer !== null}
        pull={pullDrawer?.pull ?? null}
        sources={(sources.data ?? []).filter((source) => !me?.departmentId || source.departmentId === me.departmentId)}
        resources={resources.data ?? []}
        onClose={(saved) => {
          setPullDrawer(null);
          if (saved) pulls.reload();
        }}
      />
    </div>
  );
}

function SourceDrawer(props: { open: boolean; source: Source | null; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError, showError } = useApiError();
  const showTest = useTestMessage();
  const [form] = Form.useForm<SourceInput>();
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const editing = props.source;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(editing ? { ...editing, password: undefined } : { kind: 'mysql', port: 3306, ssl: false });
  }, [props.open, editing, form]);

  const values = async (): Promise<SourceInput | null> => {
    try {
      const raw = await form.validateFields();
      return { ...raw, password: raw.password ? raw.password : editing ? null : '' };
    } catch {
      return null;
    }
  };

  const test = async () => {
    const input = await values();
    if (!input) return;
    setTesting(true);
    try {
      // Unsaved settings are tested as typed; an edited source without a new password tests the stored one.
      showTest(editing && !input.password ? await exchangeApi.testSource(editing.id) : await exchangeApi.testSettings({ ...input, password: input.password ?? undefined }));
    } catch (e) {
      showError(e);
    } finally {
      setTesting(false);
    }
  };

  const save = async () => {
    const input = await values();
    if (!input) return;
    setSaving(true);
    try {
      if (editing) await exchangeApi.updateSource(editing.id, input);
      else await exchangeApi.createSource({ ...input, password: input.password ?? '' });
      void message.success(t('common.saved'));
      props.onClose(true);
    } catch (e) {
      showFormError(form, e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={props.open}
      size={560}
      title={editing ? t('exchange.sources.edit') : t('exchange.sources.create')}
      onClose={() => props.onClose(false)}
      destroyOnHidden
      extra={
        <Space>
          <Button icon={<ApiOutlined />} loading={testing} onClick={() => void test()} data-testid="source-form-test">
            {t('exchange.sources.test')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="source-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('exchange.sources.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('exchange.sources.kind')} rules={[{ required: true }]}>
          <Select
            options={(['mysql', 'postgres'] as const).map((kind) => ({ value: kind, label: t(`exchange.sourceKind.${kind}`) }))}
            onChange={(kind: 'mysql' | 'postgres') => form.setFieldValue('port', DEFAULT_PORTS[kind])}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item name="host" label={t('exchange.sources.host')} rules={[{ required: true }, { pattern: /^[^\s/?#@]+$/, message: t('exchange.sources.badHost') }]}>
              <Input placeholder="10.0.0.12" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="port" label={t('exchange.sources.port')}>
              <InputNumber min={1} max={65535} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="database" label={t('exchange.sources.database')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="user" label={t('exchange.sources.user')} rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('exchange.sources.password')} extra={editing ? t('exchange.sources.passwordKeep') : t('exchange.sources.passwordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="ssl" label={t('exchange.sources.ssl')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

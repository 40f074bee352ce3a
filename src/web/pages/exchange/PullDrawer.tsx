// Create or change a pull: source, table, the column mapping from the source's columns to the resource's
// data items (proposed by name), mode and cursor, and the cron schedule.
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { catalogApi } from '../catalog/catalogApi';
import { exchangeApi } from './exchangeApi';
import { looksLikeCron, proposeMapping, unmappedRequired } from './logic';
import type { Pull, PullInput, Source } from './types';

const SCHEDULE_PRESETS: [string, string][] = [
  ['*/15 * * * *', 'every15'],
  ['0 * * * *', 'hourly'],
  ['0 2 * * *', 'daily'],
  ['0 3 * * 1', 'weekly'],
];

interface FormValues {
  resourceCode: string;
  sourceId: string;
  sourceTable: string;
  mode: 'incremental' | 'full';
  cursorColumn?: string | null;
  schedule: string;
  reconcileEveryRuns?: number;
  enabled: boolean;
}

export function PullDrawer(props: {
  open: boolean;
  pull: Pull | null;
  /** Fixed resource (the resource page) or a choice among the department's resources. */
  resourceCode?: string;
  sources: Source[];
  resources?: { code: string; name: string }[];
  onClose(saved: boolean): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<FormValues>();
  const [mapping, setMapping] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);
  const editing = props.pull;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { ...editing, cursorColumn: editing.cursorColumn ?? undefined }
        : { resourceCode: props.resourceCode, mode: 'incremental', schedule: '0 2 * * *', reconcileEveryRuns: 24, enabled: true },
    );
    setMapping(editing?.columnMapping ?? {});
  }, [props.open, editing, props.resourceCode, form]);

  const resourceCode = Form.useWatch('resourceCode', form);
  const sourceId = Form.useWatch('sourceId', form);
  const sourceTable = Form.useWatch('sourceTable', form);
  const mode = Form.useWatch('mode', form);

  const items = useAsync(async () => (resourceCode ? (await catalogApi.get(resourceCode)).dataItems : []), [resourceCode]);
  const tables = useAsync(async () => (sourceId && props.open ? exchangeApi.sourceTables(sourceId) : []), [sourceId, props.open]);
  const columns = useAsync(
    async () => (sourceId && sourceTable && props.open ? exchangeApi.sourceColumns(sourceId, sourceTable) : []),
    [sourceId, sourceTable, props.open],
  );

  // A newly chosen table proposes a mapping by name; an edited pull keeps what it had.
  useEffect(() => {
    if (!columns.data?.length || !items.data?.length) return;
    if (editing && editing.sourceTable === sourceTable) return;
    setMapping(proposeMapping(items.data, columns.data));
  }, [columns.data, items.data, editing, sourceTable]);

  const missing = useMemo(() => unmappedRequired(items.data ?? [], mapping), [items.data, mapping]);
  const columnOptions = (columns.data ?? []).map((column) => ({
    value: column.name,
    label: `${column.name} · ${column.type}${column.key ? ' 🔑' : ''}`,
  }));

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const columnMapping = Object.fromEntries(Object.entries(mapping).filter((entry): entry is [string, string] => !!entry[1]));
    const body: PullInput = {
      sourceTable: values.sourceTable,
      columnMapping,
      mode: values.mode,
      cursorColumn: values.mode === 'incremental' ? (values.cursorColumn ?? null) : null,
      schedule: values.schedule.trim(),
      reconcileEveryRuns: values.reconcileEveryRuns,
      enabled: values.enabled,
    };
    setSaving(true);
    try {
      if (editing) await exchangeApi.updatePull(editing.id, body);
      else await exchangeApi.createPull({ ...body, resourceCode: values.resourceCode, sourceId: values.sourceId });
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
      size={760}
      title={editing ? t('exchange.pulls.edit') : t('exchange.pulls.create')}
      onClose={() => props.onClose(false)}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => props.onClose(false)}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="pull-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="resourceCode" label={t('exchange.field.resource')} rules={[{ required: true }]}>
          <Select
            disabled={!!editing || !!props.resourceCode}
            showSearch={{ optionFilterProp: 'label' }}
            options={(props.resources ?? (props.resourceCode ? [{ code: props.resourceCode, name: props.resourceCode }] : [])).map((resource) => ({
              value: resource.code,
              label: `${resource.name} (${resource.code})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="sourceId" label={t('exchange.pulls.source')} rules={[{ required: true }]}>
          <Select disabled={!!editing} options={props.sources.map((source) => ({ value: source.id, label: `${source.name} · ${source.summary}` }))} />
        </Form.Item>
        <Form.Item name="sourceTable" label={t('exchange.pulls.table')} rules={[{ required: true }]}>
          <Select
            loading={tables.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(tables.data ?? []).map((table) => ({ value: table.name, label: `${table.name}${table.type === 'view' ? ' (view)' : ''}` }))}
            notFoundContent={tables.error ? <Typography.Text type="danger">{t('exchange.pulls.tablesFailed')}</Typography.Text> : undefined}
          />
        </Form.Item>
        <Typography.Title level={5}>{t('exchange.pulls.mapping')}</Typography.Title>
        {missing.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('exchange.pulls.unmapped', { fields: missing.join(', ') })} />}
        <Table
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={items.data ?? []}
          data-testid="pull-mapping"
          style={{ marginBottom: 16 }}
          columns={[
            {
              title: t('exchange.pulls.dataItem'),
              dataIndex: 'name',
              render: (name: string, item) => (
                <Space size={4}>
                  <span>{item.label}</span>
                  <Typography.Text code>{name}</Typography.Text>
                  {item.key && <Tag color="gold">{t('exchange.column.key')}</Tag>}
                  {item.required && !item.key && <Tag>{t('exchange.column.required')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('exchange.pulls.sourceColumn'),
              key: 'column',
              width: 300,
              render: (_, item) => (
                <Select
                  allowClear
                  style={{ width: 280 }}
                  value={mapping[item.name]}
                  options={columnOptions}
                  status={(item.key || item.required) && !mapping[item.name] ? 'warning' : undefined}
                  onChange={(value) => setMapping((current) => ({ ...current, [item.name]: value }))}
                />
              ),
            },
          ]}
        />
        <Form.Item name="mode" label={t('exchange.pulls.mode')}>
          <Radio.Group>
            <Radio value="incremental">{t('exchange.pullMode.incremental')}</Radio>
            <Radio value="full">{t('exchange.pullMode.full')}</Radio>
          </Radio.Group>
        </Form.Item>
        {mode === 'incremental' && (
          <Form.Item name="cursorColumn" label={t('exchange.pulls.cursorColumn')} rules={[{ required: true }]} extra={t('exchange.pulls.cursorHint')}>
            <Select
              allowClear
              options={(columns.data ?? []).filter((column) => column.cursorCapable).map((column) => ({ value: column.name, label: `${column.name} · ${column.type}` }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="schedule"
          label={t('exchange.pulls.schedule')}
          extra={
            <Space size={4} wrap>
              {SCHEDULE_PRESETS.map(([preset, name]) => (
                <Tag key={preset} style={{ cursor: 'pointer' }} onClick={() => form.setFieldValue('schedule', preset)}>
                  {preset} · {t(`exchange.cron.${name}`)}
                </Tag>
              ))}
            </Space>
          }
          rules={[
            { required: true },
            { validator: async (_, value: string) => (value && !looksLikeCron(value) ? Promise.reject(new Error(t('exchange.pulls.badCron'))) : undefined) },
          ]}
        >
          <Input placeholder="*/15 * * * *" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        {mode === 'incremental' && (
          <Form.Item name="reconcileEveryRuns" label={t('exchange.pulls.reconcileEvery')} extra={t('exchange.pulls.reconcileHint')}>
            <InputNumber min={0} max={100000} />
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t('exchange.pulls.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

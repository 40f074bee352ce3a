// /exchange/subscriptions — 数据订阅: webhooks on my department's grants. The signing secret is shown once;
// the delivery log shows every attempt, dead letters stand out, and resume re-delivers from the cursor.
import { DeleteOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, ProfileOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { OneTimeSecretModal } from '../../components/OneTimeSecretModal';
import type { OneTimeSecret } from '../../components/OneTimeSecretModal';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { StatusTag } from './common';
import { exchangeApi } from './exchangeApi';
import { grantState } from './GrantsPage';
import { canManageSubscriptions } from './permissions';
import type { Delivery, Subscription } from './types';

export function SubscriptionsPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const list = useAsync(() => exchangeApi.subscriptions(), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);
  const [log, setLog] = useState<Subscription | null>(null);
  const manage = canManageSubscriptions(me);

  const act = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      void message.success(done);
      list.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('exchange.subscriptions.title')}
        subtitle={t('exchange.subscriptions.subtitle')}
        extra={
          <>
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="subscription-create">
                {t('exchange.subscriptions.create')}
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Subscription>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        scroll={{ x: 1100 }}
        data-testid="subscriptions-table"
        locale={{ emptyText: t('exchange.subscriptions.empty') }}
        onRow={(row) => ({ style: row.status === 'dead' ? { background: '#fff1f0' } : undefined })}
        columns={[
          {
            title: t('exchange.field.resource'),
            key: 'resource',
            render: (_, row) => (
              <span>
                {row.resourceName ?? row.resourceCode ?? row.grantId.slice(0, 8)}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {row.systemName ?? ''}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('exchange.subscriptions.url'), dataIndex: 'url', ellipsis: true, render: (url: string) => <Typography.Text copyable={{ text: url }}>{url}</Typography.Text> },
          { title: t('common.status'), dataIndex: 'status', width: 100, render: (status: string) => <StatusTag kind="subscriptionStatus" value={status} /> },
          {
            title: t('exchange.subscriptions.cursor'),
            dataIndex: 'cursor',
            width: 130,
            align: 'right',
            render: (cursor: number, row) =>
              row.lastSeq !== undefined && row.lastSeq > cursor ? (
                <Tooltip title={t('exchange.subscriptions.pending', { n: row.lastSeq - cursor })}>
                  <span>
                    {cursor} / {row.lastSeq}
                  </span>
                </Tooltip>
              ) : (
                cursor
              ),
          },
          {
            title: t('exchange.subscriptions.lastError'),
            dataIndex: 'lastError',
            width: 220,
            render: (error: string | null, row) =>
              error ? (
                <Tooltip title={error}>
                  <Typography.Text type="danger" ellipsis style={{ maxWidth: 200 }}>
                    {t('exchange.subscriptions.attempts', { n: row.attempts })} · {error}
                  </Typography.Text>
                </Tooltip>
              ) : (
                '—'
              ),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 250,
            fixed: 'right',
            render: (_, row) => (
              <Space size={4} wrap>
                <Button size="small" icon={<ProfileOutlined />} onClick={() => setLog(row)} data-testid="subscription-log">
                  {t('exchange.subscriptions.log')}
                </Button>
                {manage && row.status === 'active' && (
                  <Button size="small" icon={<PauseCircleOutlined />} onClick={() => void act(() => exchangeApi.pauseSubscription(row.id), t('exchange.subscriptions.paused'))}>
                    {t('exchange.subscriptions.pause')}
                  </Button>
                )}
                {manage && row.status !== 'active' && (
                  <Button
                    size="small"
                    type={row.status === 'dead' ? 'primary' : 'default'}
                    icon={<PlayCircleOutlined />}
                    onClick={() => void act(() => exchangeApi.resumeSubscription(row.id), t('exchange.subscriptions.resumed'))}
                    data-testid="subscription-resume"
                  >
                    {t('exchange.subscriptions.resume')}
                  </Button>
                )}
                {manage && (
                  <Popconfirm title={t('exchange.subscriptions.deleteConfirm')} onConfirm={() => act(() => exchangeApi.deleteSubscription(row.id), t('exchange.subscriptions.deleted'))}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('exchange.delete')} />
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CreateSubscriptionModal
        open={creating}
        onClose={(created) => {
          setCreating(false);
          if (!created) return;
          list.reload();
          setSecret({
            title: t('exchange.subscriptions.secretTitle'),
            description: t('exchange.subscriptions.secretDescription', { url: created.url }),
            secret: created.secret,
            warning: t('exchange.subscriptions.secretWarning'),
          });
        }}
      />
      <OneTimeSecretModal value={secret} onClose={() => setSecret(null)} />
      <DeliveriesDrawer subscription={log} onClose={() => setLog(null)} />
    </div>
  );
}

function CreateSubscriptionModal(props: { open: boolean; onClose(created: { url: string; secret: string } | null): void }) {
  const { t } = useI18n();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<{ grantId: string; url: string; batchSize?: number; fromStart?: boolean }>();
  const [saving, setSaving] = useState(false);
  const grants = useAsync(
    async () => (props.open ? (await exchangeApi.grants({ side: 'consumed', status: 'active', page: 1, pageSize: 100 })).data : []),
    [props.open],
  );
  const options = (grants.data ?? [])
    .filter((grant) => grantState(grant) === 'active')
    .map((grant) => ({ value: grant.id, label: `${grant.resourceName} (${grant.resourceCode}) → ${grant.systemName ?? grant.systemCode ?? ''}` }));

  const submit = async () => {
    let values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const created = await exchangeApi.createSubscription({ grantId: values.grantId, url: values.url.trim(), batchSize: values.batchSize, fromStart: values.fromStart || undefined });
      form.resetFields();
      props.onClose({ url: created.url, secret: created.secret });
    } catch (e) {
      showFormError(form, e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={props.open} title={t('exchange.subscriptions.create')} onCancel={() => props.onClose(null)} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ batchSize: 100 }}>
        <Form.Item name="grantId" label={t('exchange.subscriptions.grant')} rules={[{ required: true }]} extra={options.length === 0 && !grants.loading ? t('exchange.subscriptions.noGrants') : undefined}>
          <Select loading={grants.loading} options={options} />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('exchange.subscriptions.url')}
          rules={[{ required: true }, { pattern: /^https?:\/\/\S+$/i, message: t('exchange.subscriptions.badUrl') }]}
        >
          <Input placeholder="https://example.gov.cn/hooks/zhongshu" />
        </Form.Item>
        <Form.Item name="batchSize" label={t('exchange.subscriptions.batchSize')}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item name="fromStart" valuePropName="checked" extra={t('exchange.subscriptions.fromStartHint')}>
          <Checkbox>{t('exchange.subscriptions.fromStart')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeliveriesDrawer(props: { subscription: Subscription | null; onClose(): void }) {
  const { t, locale, errorMessage } = useI18n();
  const id = props.subscription?.id;
  const deliveries = useAsync(async () => (id ? exchangeApi.deliveries(id) : []), [id]);
  const dead = (deliveries.data ?? []).filter((delivery) => delivery.status === 'dead').length;
  return (
    <Drawer open={!!props.subscription} size={900} title={t('exchange.subscriptions.logTitle', { url: props.subscription?.url ?? '' })} onClose={props.onClose} destroyOnHidden>
      {deliveries.error != null && <Alert type="error" showIcon title={errorMessage(deliveries.error)} style={{ marginBottom: 12 }} />}
      {dead > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('exchange.subscriptions.deadLetters', { n: dead })} />}
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={deliveries.loading}
        dataSource={deliveries.data ?? []}
        data-testid="deliveries-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(row) => ({ style: row.status === 'dead' ? { background: '#fff1f0', fontWeight: 600 } : undefined })}
        columns={[
          { title: t('exchange.subscriptions.at'), dataIndex: 'at', width: 150, render: (value: string) => formatDateTime(value, locale) },
          { title: t('exchange.subscriptions.seqRange'), key: 'seq', width: 140, render: (_, row) => `${row.seqFrom} – ${row.seqTo} (${row.changeCount})` },
          { title: t('exchange.subscriptions.attempt'), dataIndex: 'attempt', width: 70, align: 'right' },
          { title: t('common.status'), dataIndex: 'status', width: 110, render: (status: string) => <StatusTag kind="deliveryStatus" value={status} /> },
          { title: 'HTTP', dataIndex: 'httpStatus', width: 70, render: (status: number | null) => status ?? '—' },
          { title: t('exchange.subscriptions.duration'), dataIndex: 'durationMs', width: 90, align: 'right', render: (ms: number | null) => (ms == null ? '—' : `${ms} ms`) },
          { title: t('exchange.subscriptions.error'), dataIndex: 'error', ellipsis: true, render: (error: string | null) => error ?? '' },
        ]}
      />
    </Drawer>
  );
}

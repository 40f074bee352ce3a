// Audit log (audit admin): who did what to which target, with the before/after of every write.
import { useState } from 'react';
import { Alert, Button, Col, DatePicker, Form, Input, Row, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { SearchOutlined } from '@ant-design/icons';
import { directoryApi } from '../../api/directory';
import type { AuditEntry } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { JsonBlock } from '../../components/JsonBlock';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { labelOr } from '../directory/labels';

interface AuditFilterForm {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface AuditFilters {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

function toFilters(values: AuditFilterForm): AuditFilters {
  const text = (value?: string) => value?.trim() || undefined;
  const [start, end] = values.range ?? [null, null];
  return {
    actor: text(values.actor),
    action: text(values.action),
    targetType: text(values.targetType),
    targetId: text(values.targetId),
    // Whole days in the viewer's time zone, sent as UTC instants.
    from: start ? start.startOf('day').toISOString() : undefined,
    to: end ? end.endOf('day').toISOString() : undefined,
  };
}

export function AuditPage() {
  const { t, locale, errorMessage } = useI18n();
  const [form] = Form.useForm<AuditFilterForm>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const entries = useAsync(() => directoryApi.audit({ ...filters, page, pageSize }), [filters, page, pageSize]);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at, locale) },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 190,
      render: (_, entry) => (
        <span className="zs-nowrap">
          {entry.actorName ?? entry.actorId ?? '—'}{' '}
          <Typography.Text type="secondary" className="zs-small">
            {labelOr(t, `audit.actorType.${entry.actorType}`, entry.actorType)}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 220,
      render: (action: string) => (
        <Typography.Text code className="zs-nowrap">
          {action}
        </Typography.Text>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 230,
      render: (_, entry) =>
        entry.targetType ? (
          <span>
            {entry.targetType}
            {entry.targetId && (
              // Ids are mostly UUIDs: show the start, keep the whole for copying and the tooltip.
              <Typography.Text
                type="secondary"
                className="zs-small zs-target-id"
                copyable={{ text: entry.targetId }}
                title={entry.targetId}
              >
                {' '}
                {entry.targetId.length > 12 ? `${entry.targetId.slice(0, 8)}…` : entry.targetId}
              </Typography.Text>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      width: 100,
      render: (result: string | undefined) =>
        result ? <Tag color={result === 'success' ? 'green' : 'red'}>{labelOr(t, `audit.result.${result}`, result)}</Tag> : '—',
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null | undefined) => ip ?? '—' },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      width: 160,
      ellipsis: true,
      render: (id: string | null) => (id ? <Typography.Text copyable={{ text: id }}>{id}</Typography.Text> : '—'),
    },
  ];

  return (
    <div>
      <PageHeader title={t('nav.audit')} subtitle={t('audit.subtitle')} />
      <Form<AuditFilterForm>
        form={form}
        layout="vertical"
        className="zs-filter-form"
        onFinish={(values) => {
          setFilters(toFilters(values));
          setPage(1);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="actor" label={t('audit.actor')}>
              <Input allowClear placeholder={t('audit.actorPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="action" label={t('audit.action')}>
              <Input allowClear placeholder="user.create" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="targetType" label={t('audit.targetType')}>
              <Input allowClear placeholder="user" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="targetId" label={t('audit.targetId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16} lg={6}>
            <Form.Item name="range" label={t('audit.range')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8} lg={2}>
            <Form.Item label=" ">
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} block>
                {t('common.search')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {entries.error !== null && <Alert type="error" showIcon title={errorMessage(entries.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        rowKey={(entry) => String(entry.id)}
        loading={entries.loading}
        columns={columns}
        dataSource={entries.data?.data ?? []}
        scroll={{ x: 1100 }}
        expandable={{
          rowExpandable: (entry) => entry.before != null || entry.after != null,
          expandedRowRender: (entry) => (
            <Row gutter={16}>
              <Col xs={24} lg={12}>
                <Typography.Text strong>{t('audit.before')}</Typography.Text>
                <JsonBlock value={entry.before} />
              </Col>
              <Col xs={24} lg={12}>
                <Typography.Text strong>{t('audit.after')}</Typography.Text>
                <JsonBlock value={entry.after} />
              </Col>
            </Row>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: entries.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { n: total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage);
            setPageSize(nextSize);
          },
        }}
      />
    </div>
  );
}

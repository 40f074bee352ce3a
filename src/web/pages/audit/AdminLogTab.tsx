// 管理操作: who did what to which target, with the before/after of every write.
import { useState } from 'react';
import { Alert, Button, Col, DatePicker, Flex, Form, Input, Row, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { AuditEntry } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { JsonBlock } from '../../components/JsonBlock';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { labelOr } from '../directory/labels';
import { auditApi, type AuditFilters } from './auditApi';
import { ExportButtons, rangeToInstants, ResultTag, trimmed, type DayRange } from './shared';

interface FilterForm {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: string;
  range?: DayRange;
}

export function AdminLogTab() {
  const { t, locale, errorMessage } = useI18n();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const entries = useAsync(() => auditApi.auditLog(filters, page, pageSize), [filters, page, pageSize]);

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
              <Typography.Text type="secondary" className="zs-small zs-target-id" copyable={{ text: entry.targetId }} title={entry.targetId}>
                {' '}
                {entry.targetId.length > 12 ? `${entry.targetId.slice(0, 8)}…` : entry.targetId}
              </Typography.Text>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('audit.result'), dataIndex: 'result', width: 100, render: (result: string | undefined) => <ResultTag result={result} /> },
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
      <Form<FilterForm>
        form={form}
        layout="vertical"
        className="zs-filter-form"
        onFinish={(values) => {
          setFilters({
            actor: trimmed(values.actor),
            action: trimmed(values.action),
            targetType: trimmed(values.targetType),
            targetId: trimmed(values.targetId),
            result: values.result || undefined,
            ...rangeToInstants(values.range),
          });
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
            <Form.Item name="action" label={t('audit.action')} tooltip={t('audit.admin.actionHint')}>
              <Input allowClear placeholder="user." />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={3}>
            <Form.Item name="targetType" label={t('audit.targetType')}>
              <Input allowClear placeholder="user" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={3}>
            <Form.Item name="targetId" label={t('audit.targetId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={3}>
            <Form.Item name="result" label={t('audit.result')}>
              <Select
                allowClear
                options={['success', 'failure'].map((value) => ({ value, label: t(`audit.result.${value}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={5}>
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
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <ExportButtons testId="audit-export" onExport={(format) => auditApi.exportAuditLog(filters, format)} />
      </Flex>
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

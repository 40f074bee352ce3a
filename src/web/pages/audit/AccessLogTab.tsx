// 数据访问: every read of shared data by a business system (or a person previewing), newest first. The log
// grows by millions of rows, so pages follow the ids (keyset): "next" continues below the last id shown, and
// the ids of the pages already seen are kept for "previous".
import { useState } from 'react';
import { Alert, Button, Col, DatePicker, Flex, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { LeftOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { DepartmentSelect } from '../../components/departments';
import { formatDateTime } from '../../components/format';
import { JsonBlock } from '../../components/JsonBlock';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { labelOr } from '../directory/labels';
import { auditApi, type AccessEntry, type AccessFilters } from './auditApi';
import { ExportButtons, rangeToInstants, ResultTag, trimmed, type DayRange } from './shared';

interface FilterForm {
  system?: string;
  departmentId?: string;
  resourceCode?: string;
  operation?: string;
  result?: string;
  purpose?: string;
  range?: DayRange;
}

const OPERATIONS = ['query', 'get', 'export', 'changes', 'webhook', 'console_preview'];
const RESULTS = ['success', 'denied', 'error'];
const PAGE_SIZE = 20;

export function AccessLogTab() {
  const { t, locale, errorMessage } = useI18n();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<AccessFilters>({});
  // cursors[i] is the `before` of page i (undefined: the newest page).
  const [cursors, setCursors] = useState<Array<number | undefined>>([undefined]);
  const before = cursors[cursors.length - 1];
  const entries = useAsync(() => auditApi.accessLog(filters, PAGE_SIZE, before), [filters, before]);

  const columns: TableColumnsType<AccessEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at, locale) },
    {
      title: t('audit.access.system'),
      key: 'system',
      width: 200,
      render: (_, entry) =>
        entry.systemCode ? (
          <span>
            {entry.systemName ?? entry.systemCode}{' '}
            <Typography.Text type="secondary" className="zs-small">
              {entry.systemCode}
            </Typography.Text>
          </span>
        ) : (
          labelOr(t, `audit.actorType.${entry.actorType}`, entry.actorType)
        ),
    },
    { title: t('audit.access.department'), dataIndex: 'departmentName', width: 180, render: (name: string | null) => name ?? '—' },
    {
      title: t('audit.access.resource'),
      dataIndex: 'resourceCode',
      width: 170,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      title: t('audit.access.operation'),
      dataIndex: 'operation',
      width: 120,
      render: (operation: string) => labelOr(t, `audit.access.operation.${operation}`, operation),
    },
    { title: t('audit.access.purpose'), dataIndex: 'purpose', ellipsis: true, render: (purpose: string | null) => purpose ?? '—' },
    { title: t('audit.access.records'), dataIndex: 'recordCount', width: 90, align: 'right' },
    {
      title: t('audit.result'),
      key: 'result',
      width: 120,
      render: (_, entry) => (
        <span className="zs-nowrap">
          <ResultTag result={entry.result} />
          <Typography.Text type="secondary" className="zs-small">
            {entry.statusCode}
          </Typography.Text>
        </span>
      ),
    },
  ];

  const next = entries.data?.next ?? null;
  return (
    <div>
      <Form<FilterForm>
        form={form}
        layout="vertical"
        className="zs-filter-form"
        onFinish={(values) => {
          setFilters({
            system: trimmed(values.system),
            departmentId: values.departmentId || undefined,
            resourceCode: trimmed(values.resourceCode),
            operation: values.operation || undefined,
            result: values.result || undefined,
            purpose: trimmed(values.purpose),
            ...rangeToInstants(values.range),
          });
          setCursors([undefined]);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="system" label={t('audit.access.system')}>
              <Input allowClear placeholder={t('audit.access.systemPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <Form.Item name="departmentId" label={t('audit.access.department')}>
              <DepartmentSelect style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Form.Item name="resourceCode" label={t('audit.access.resource')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={3}>
            <Form.Item name="operation" label={t('audit.access.operation')}>
              <Select allowClear options={OPERATIONS.map((value) => ({ value, label: labelOr(t, `audit.access.operation.${value}`, value) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={3}>
            <Form.Item name="result" label={t('audit.result')}>
              <Select allowClear options={RESULTS.map((value) => ({ value, label: labelOr(t, `audit.result.${value}`, value) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <Form.Item name="purpose" label={t('audit.access.purpose')}>
              <Input allowClear placeholder={t('audit.access.purposePlaceholder')} />
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
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <ExportButtons testId="access-export" onExport={(format) => auditApi.exportAccessLog(filters, format)} />
      </Flex>
      {entries.error !== null && <Alert type="error" showIcon title={errorMessage(entries.error)} style={{ marginBottom: 16 }} />}
      <Table<AccessEntry>
        rowKey={(entry) => String(entry.id)}
        loading={entries.loading}
        columns={columns}
        dataSource={entries.data?.data ?? []}
        scroll={{ x: 1200 }}
        pagination={false}
        expandable={{
          expandedRowRender: (entry) => (
            <Row gutter={16}>
              <Col xs={24} lg={12}>
                <Typography.Text strong>{t('audit.access.filter')}</Typography.Text>
                <JsonBlock value={entry.filter} />
              </Col>
              <Col xs={24} lg={12}>
                <Typography.Paragraph>
                  <Typography.Text strong>{t('audit.access.fields')}: </Typography.Text>
                  {entry.fields?.join(', ') ?? '—'}
                </Typography.Paragraph>
                <Typography.Paragraph>
                  <Typography.Text strong>{t('audit.requestId')}: </Typography.Text>
                  {entry.requestId ?? '—'}
                </Typography.Paragraph>
                <Typography.Paragraph>
                  <Typography.Text strong>{t('audit.access.grant')}: </Typography.Text>
                  {entry.grantId ?? '—'}
                </Typography.Paragraph>
              </Col>
            </Row>
          ),
        }}
      />
      <Flex justify="flex-end" style={{ marginTop: 12 }}>
        <Space>
          <Button icon={<LeftOutlined />} disabled={cursors.length <= 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
            {t('audit.access.newer')}
          </Button>
          <Button disabled={next === null} onClick={() => next !== null && setCursors((list) => [...list, next])}>
            {t('audit.access.older')} <RightOutlined />
          </Button>
        </Space>
      </Flex>
    </div>
  );
}

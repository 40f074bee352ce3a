// 数据预览: the provider's own records (first rows; the server masks them for the data bureau), with filters.
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { exchangeApi, listOf } from './exchangeApi';
import type { PreviewAnswer } from './types';
import { toFilterQuery, toRowScope } from './logic';
import type { ConditionDraft } from './logic';
import { RowScopeBuilder } from './RowScopeBuilder';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function PreviewTab(props: { code: string }) {
  const { t, errorMessage } = useI18n();
  const [form] = Form.useForm<{ filters: ConditionDraft[] }>();
  const [filters, setFilters] = useState<Record<string, string>>({});
  const store = useAsync(() => exchangeApi.store(props.code), [props.code]);
  const preview = useAsync(() => exchangeApi.preview(props.code, filters), [props.code, JSON.stringify(filters)]);
  const rows = useMemo(() => {
    const answer = preview.data;
    const items = Array.isArray(answer) ? answer : listOf((answer as PreviewAnswer | undefined) ?? null);
    return items.map((item, index) => ({ ...item, __key: index }));
  }, [preview.data]);
  const columns = store.data?.columns ?? [];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form
        form={form}
        onFinish={(values) => setFilters(toFilterQuery(toRowScope(values.filters) ?? []))}
        initialValues={{ filters: [] }}
      >
        <RowScopeBuilder name="filters" fields={columns} testId="preview-filters" />
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('exchange.preview.apply')}
          </Button>
          <Typography.Text type="secondary">{t('exchange.preview.hint')}</Typography.Text>
        </Space>
      </Form>
      {preview.error != null && <Alert type="error" showIcon title={errorMessage(preview.error)} />}
      {!Array.isArray(preview.data) && (preview.data as PreviewAnswer | undefined)?.masked && <Alert type="info" showIcon title={t('exchange.preview.masked')} />}
      <Table<Record<string, unknown>>
        rowKey="__key"
        size="small"
        loading={preview.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: Math.max(800, columns.length * 150) }}
        data-testid="preview-table"
        locale={{ emptyText: t('exchange.preview.empty') }}
        columns={columns.map((column) => ({
          title: (
            <span title={column.name}>
              {column.label}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                {column.name}
              </Typography.Text>
            </span>
          ),
          dataIndex: column.name,
          width: 150,
          ellipsis: true,
          render: (value: unknown) =>
            value === null || value === undefined ? <Typography.Text type="secondary">—</Typography.Text> : cellText(value),
        }))}
      />
    </Space>
  );
}

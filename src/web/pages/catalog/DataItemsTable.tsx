// Read-only table of an entry's data items (信息项).
import { CheckOutlined } from '@ant-design/icons';
import { Table, Tag } from 'antd';
import { useI18n } from '../../i18n';
import { useEnumLabel } from './tags';
import type { DataItem, Sensitivity } from './types';

export const SENSITIVITY_COLORS: Record<Sensitivity, string> = {
  public: 'green',
  internal: 'blue',
  sensitive: 'orange',
  secret: 'red',
};

const yes = <CheckOutlined style={{ color: '#52c41a' }} />;

export function DataItemsTable({ items }: { items: DataItem[] }) {
  const { t } = useI18n();
  const enumLabel = useEnumLabel();
  return (
    <Table<DataItem & { index: number }>
      size="small"
      rowKey="name"
      data-testid="dataitems-table"
      pagination={false}
      scroll={{ x: 900 }}
      dataSource={items.map((item, index) => ({ ...item, index }))}
      locale={{ emptyText: t('catalog.dataItem.none') }}
      columns={[
        { title: '#', dataIndex: 'index', width: 48, render: (index: number) => index + 1 },
        {
          title: t('catalog.dataItem.name'),
          dataIndex: 'name',
          render: (name: string) => <code>{name}</code>,
        },
        { title: t('catalog.dataItem.label'), dataIndex: 'label' },
        { title: t('catalog.dataItem.type'), dataIndex: 'type', render: (type: string) => enumLabel('dataType', type) },
        { title: t('catalog.dataItem.length'), dataIndex: 'length', width: 80, render: (length?: number | null) => length ?? '—' },
        { title: t('catalog.dataItem.required'), dataIndex: 'required', width: 80, align: 'center', render: (v: boolean) => (v ? yes : '') },
        { title: t('catalog.dataItem.key'), dataIndex: 'key', width: 80, align: 'center', render: (v: boolean) => (v ? yes : '') },
        { title: t('catalog.dataItem.codeList'), dataIndex: 'codeList', render: (v?: string | null) => v || '—' },
        {
          title: t('catalog.dataItem.sensitivity'),
          dataIndex: 'sensitivity',
          render: (value: Sensitivity) => <Tag color={SENSITIVITY_COLORS[value]}>{enumLabel('sensitivity', value)}</Tag>,
        },
      ]}
    />
  );
}

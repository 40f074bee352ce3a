// /exchange/resources — published entries with data items, and what their stores hold.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { SharingTypeTag } from '../catalog/tags';
import { formatCount } from './common';
import { exchangeApi } from './exchangeApi';
import { isDepartmentUser } from './permissions';
import type { ExchangeResource } from './types';

export function ResourcesPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const [q, setQ] = useState('');
  const departmentUser = isDepartmentUser(me);
  const [scope, setScope] = useState<'mine' | 'all'>(departmentUser ? 'mine' : 'all');
  const departmentId = scope === 'mine' && me?.departmentId ? me.departmentId : undefined;
  const list = useAsync(() => exchangeApi.resources({ q: q || undefined, departmentId }), [q, departmentId]);
  const rows = useMemo(() => list.data ?? [], [list.data]);

  return (
    <div>
      <PageHeader
        title={t('exchange.resources.title')}
        subtitle={t('exchange.resources.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Space style={{ marginBottom: 12 }} wrap>
        {departmentUser && (
          <Segmented
            value={scope}
            onChange={(value) => setScope(value as 'mine' | 'all')}
            options={[
              { value: 'mine', label: t('exchange.resources.mine') },
              { value: 'all', label: t('exchange.resources.all') },
            ]}
            data-testid="resources-scope"
          />
        )}
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('exchange.resources.search')}
          onSearch={(value) => setQ(value.trim())}
          data-testid="resources-search"
        />
        <Typography.Text type="secondary">{t('common.total', { n: rows.length })}</Typography.Text>
      </Space>
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<ExchangeResource>
        rowKey="code"
        size="middle"
        loading={list.loading}
        dataSource={rows}
        data-testid="exchange-resources"
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('exchange.resources.empty') }}
        columns={[
          { title: t('exchange.field.code'), dataIndex: 'code', width: 170, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          {
            title: t('exchange.field.resourceName'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={`/exchange/resources/${encodeURIComponent(row.code)}`} data-testid="exchange-resource-link">
                {name}
              </Link>
            ),
          },
          { title: t('exchange.field.provider'), dataIndex: 'providerDepartmentName', width: 200, render: (name: string | null) => name ?? '—' },
          { title: t('exchange.field.sharingType'), dataIndex: 'sharingType', width: 130, render: (value) => <SharingTypeTag value={value} /> },
          {
            title: t('exchange.field.rowCount'),
            dataIndex: 'rowCount',
            width: 120,
            align: 'right',
            render: (count: number, row) => (row.hasStore ? formatCount(count, locale) : <Tag>{t('exchange.resources.noStore')}</Tag>),
          },
          { title: t('exchange.field.lastLoadAt'), dataIndex: 'lastLoadAt', width: 170, render: (value: string | null) => formatDateTime(value, locale) },
        ]}
      />
    </div>
  );
}

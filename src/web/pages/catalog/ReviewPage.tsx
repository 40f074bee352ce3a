// /catalog/review — data admins publish or return the entries departments have submitted.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Result, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';
import { formatDateTime } from '../../components/format';
import { LifecycleActions } from './LifecycleActions';
import { isDataAdmin } from './permissions';
import { SharingTypeTag } from './tags';
import type { ResourceSummary, SearchAnswer, SharingType } from './types';
import { useReferenceNames } from './useReferenceData';

const PAGE_SIZE = 20;

export function ReviewPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const names = useReferenceNames();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const allowed = isDataAdmin(me);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    // Oldest submissions first would need a server sort; "updated" puts the latest on top, and the count is small.
    return catalogApi
      .search({ status: 'submitted', page, pageSize: PAGE_SIZE, sort: q ? 'relevance' : 'updated', q: q || undefined })
      .then(setAnswer)
      .catch((e: unknown) => setError(e))
      .finally(() => setLoading(false));
  }, [page, q]);

  useEffect(() => {
    if (allowed) void load();
  }, [load, allowed]);

  if (!allowed) return <Result status="403" title={t('catalog.review.notAllowed')} />;

  return (
    <div>
      <PageHeader
        title={t('catalog.review.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('catalog.action.refresh')}
          </Button>
        }
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          allowClear
          style={{ width: 360 }}
          placeholder={t('catalog.review.searchPlaceholder')}
          onSearch={(value) => {
            setPage(1);
            setQ(value.trim());
          }}
        />
        <Typography.Text type="secondary">{t('catalog.review.pending', { total: answer?.total ?? 0 })}</Typography.Text>
      </Space>
      {error != null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />}
      <Table<ResourceSummary>
        rowKey="id"
        loading={loading}
        dataSource={answer?.data ?? []}
        data-testid="review-table"
        scroll={{ x: 1150 }}
        locale={{ emptyText: t('catalog.review.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: answer?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          {
            title: t('catalog.field.code'),
            dataIndex: 'code',
            width: 150,
            render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
          },
          {
            title: t('catalog.field.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={`/catalog/${encodeURIComponent(row.code)}`} data-testid="catalog-result">
                {name}
              </Link>
            ),
          },
          {
            title: t('catalog.field.provider'),
            dataIndex: 'providerDepartmentName',
            width: 170,
            render: (name: string, row) => names.departmentName(row.providerDepartmentId, name),
          },
          {
            title: t('catalog.field.classification'),
            dataIndex: 'classificationCode',
            width: 160,
            render: (code: string) => names.classificationName(code),
          },
          {
            title: t('catalog.field.sharingType'),
            dataIndex: 'sharingType',
            width: 130,
            render: (value: SharingType) => <SharingTypeTag value={value} />,
          },
          {
            title: t('catalog.review.submittedAt'),
            dataIndex: 'updatedAt',
            width: 150,
            render: (value: string) => formatDateTime(value, locale),
          },
          {
            title: t('catalog.dataItem.actions'),
            key: 'actions',
            width: 190,
            fixed: 'right',
            render: (_, row) => (
              <LifecycleActions
                resource={row}
                only={['publish', 'return']}
                size="small"
                onChanged={() => void load()}
              />
            ),
          },
        ]}
      />
    </div>
  );
}

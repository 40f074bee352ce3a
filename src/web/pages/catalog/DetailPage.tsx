// /catalog/:code — the entry's metadata, data items, lifecycle actions and version history.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';
import { DataItemsTable } from './DataItemsTable';
import { LifecycleActions } from './LifecycleActions';
import { ResourceDescriptions } from './ResourceDescriptions';
import { StatusTag } from './tags';
import type { Resource } from './types';
import { useReferenceNames } from './useReferenceData';
import { VersionsTab } from './VersionsTab';

export function DetailPage() {
  const { code = '' } = useParams();
  const { t, locale, errorMessage } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  // Back returns to the result list the user came from (its filters live in the URL); a page opened
  // directly from a link has no such entry, so it goes to the catalog instead.
  const goBack = () => (location.key === 'default' ? navigate('/catalog') : navigate(-1));
  const names = useReferenceNames();
  const [resource, setResource] = useState<Resource | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState('info');
  // Bumped after every lifecycle action so the version list reloads (publishing adds a version).
  const [revision, setRevision] = useState(0);

  const load = useCallback(() => {
    setError(null);
    return catalogApi
      .get(code)
      .then(setResource)
      .catch((e: unknown) => setError(e));
  }, [code]);

  useEffect(() => {
    setResource(null);
    void load();
  }, [load]);

  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('catalog.detail.notFound') : t('catalog.detail.loadFailed')}
        subTitle={errorMessage(error)}
        extra={<Button onClick={() => navigate('/catalog')}>{t('catalog.detail.backToSearch')}</Button>}
      />
    );
  }
  if (!resource) return <Skeleton active paragraph={{ rows: 12 }} />;

  return (
    <div>
      <PageHeader
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={goBack} aria-label={t('catalog.detail.back')} />
            <span data-testid="resource-name">{resource.name}</span>
            <StatusTag value={resource.status} />
          </Space>
        }
        subtitle={
          <span data-testid="resource-code">
            {resource.code}
            {locale === 'en-US' && resource.nameEn ? ` · ${resource.nameEn}` : ''}
          </span>
        }
        extra={
          <LifecycleActions
            resource={resource}
            onChanged={(updated, action) => {
              if (action === 'delete') {
                navigate('/catalog?status=draft', { replace: true });
                return;
              }
              if (updated && updated.code) setResource(updated);
              else void load();
              setRevision((r) => r + 1);
            }}
          />
        }
      />
      {resource.status === 'returned' && resource.returnReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('catalog.detail.returnedBecause')}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{resource.returnReason}</span>}
          data-testid="return-reason"
        />
      )}
      {resource.status === 'retired' && resource.retireReason && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('catalog.detail.retiredBecause')}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{resource.retireReason}</span>}
          data-testid="retire-reason"
        />
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'info',
              label: t('catalog.detail.tab.info'),
              children: (
                <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                  <ResourceDescriptions resource={resource} names={names} />
                  <div>
                    <Typography.Title level={5}>
                      {t('catalog.field.dataItems')} ({resource.dataItems.length})
                    </Typography.Title>
                    <DataItemsTable items={resource.dataItems} />
                  </div>
                </Space>
              ),
            },
            {
              key: 'versions',
              label: <span data-testid="tab-versions">{t('catalog.detail.tab.versions')}</span>,
              children: <VersionsTab code={resource.code} refreshKey={revision} names={names} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

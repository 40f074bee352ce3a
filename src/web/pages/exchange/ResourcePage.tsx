// /exchange/resources/:code — one resource's exchange: its store (columns, key, checks), a data preview,
// its loads with the file upload, its pulls and its quality history. The tab lives in ?tab=.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Result, Skeleton, Space, Tabs } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { catalogApi } from '../catalog/catalogApi';
import { SharingTypeTag } from '../catalog/tags';
import { LoadsTab } from './LoadsTab';
import { OverviewTab } from './OverviewTab';
import { canLoad, canPreview, canRequest } from './permissions';
import { PreviewTab } from './PreviewTab';
import { PullsTab } from './PullsTab';
import { QualityTab } from './QualityTab';

const TABS = ['overview', 'preview', 'loads', 'pulls', 'quality'] as const;

export function ResourcePage() {
  const { code = '' } = useParams();
  const { t, errorMessage } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const resource = useAsync(() => catalogApi.get(code), [code]);

  if (resource.error) {
    const notFound = resource.error instanceof ApiError && resource.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('exchange.resource.notFound') : t('exchange.resource.loadFailed')}
        subTitle={errorMessage(resource.error)}
        extra={<Button onClick={() => navigate('/exchange/resources')}>{t('exchange.resource.back')}</Button>}
      />
    );
  }
  const entry = resource.data;
  if (!entry) return <Skeleton active paragraph={{ rows: 10 }} />;

  const provider = canLoad(me, entry.providerDepartmentId);
  const requested = params.get('tab');
  const visibleTabs = TABS.filter((tab) => (tab === 'preview' ? canPreview(me, entry.providerDepartmentId) : tab === 'pulls' ? provider : true));
  const tab = visibleTabs.find((key) => key === requested) ?? 'overview';

  return (
    <div>
      <PageHeader
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/exchange/resources')} aria-label={t('exchange.resource.back')} />
            <span data-testid="exchange-resource-name">{entry.name}</span>
            <SharingTypeTag value={entry.sharingType} />
          </Space>
        }
        subtitle={
          <span>
            {entry.code} · {entry.providerDepartmentName}
          </span>
        }
        extra={
          entry.sharingType !== 'not_shared' && canRequest(me) && me?.departmentId !== entry.providerDepartmentId ? (
            <Button type="primary" onClick={() => navigate(`/exchange/requests?tab=new&resource=${encodeURIComponent(entry.code)}`)} data-testid="request-access">
              {t('exchange.resource.requestAccess')}
            </Button>
          ) : undefined
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={visibleTabs.map((key) => ({
            key,
            label: <span data-testid={`tab-${key}`}>{t(`exchange.resource.tab.${key}`)}</span>,
            children:
              key === 'overview' ? (
                <OverviewTab code={entry.code} editable={provider} />
              ) : key === 'preview' ? (
                <PreviewTab code={entry.code} />
              ) : key === 'loads' ? (
                <LoadsTab code={entry.code} canUpload={provider} />
              ) : key === 'pulls' ? (
                <PullsTab code={entry.code} departmentId={entry.providerDepartmentId} />
              ) : (
                <QualityTab code={entry.code} canMeasure={provider} />
              ),
          }))}
        />
      </Card>
    </div>
  );
}

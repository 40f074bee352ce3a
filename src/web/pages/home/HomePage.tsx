// Dashboard: what the catalog holds, by department, classification view and sharing type, and what
// changed lately (GET /api/v1/catalog/stats).
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { api } from '../../api/client';
import type { CatalogStats, RecentChange, StatBucket } from '../../api/types';
import { useAuth } from '../../auth';
import { Chart } from '../../components/Chart';
import { departmentLabel, useDepartments } from '../../components/departments';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { formatDateTime } from '../../components/format';
import { useI18n } from '../../i18n';

const TOP_DEPARTMENTS = 15;
const PALETTE = ['#1f4e9c', '#2f9e8f', '#e8a33d', '#c0504d', '#7b61c4', '#4aa3df', '#8c9aab'];

/** Classification views arrive either as view names or as the first digit of the code (1/2/3). */
const VIEW_BY_KEY: Record<string, string> = { '1': 'base', '2': 'theme', '3': 'department' };

function sum(buckets: StatBucket[] | undefined): number {
  return (buckets ?? []).reduce((total, bucket) => total + bucket.count, 0);
}

function countOf(buckets: StatBucket[] | undefined, key: string): number {
  return (buckets ?? []).find((bucket) => bucket.key === key)?.count ?? 0;
}

function pieOption(data: { name: string; value: number }[], seriesName: string): EChartsOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    // A plain legend wraps onto more lines in a narrow card, where a scrolling one would hide names.
    legend: { bottom: 0, itemWidth: 14, itemHeight: 10 },
    series: [
      {
        name: seriesName,
        type: 'pie',
        radius: ['42%', '70%'],
        center: ['50%', '42%'],
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        // Counts inside the ring; names are in the legend, since outside labels get clipped in narrow cards.
        label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
        labelLine: { show: false },
        data,
      },
    ],
  };
}

export function HomePage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { departments } = useDepartments();
  const stats = useAsync(() => api.get<CatalogStats>('/api/v1/catalog/stats'), []);
  const data = stats.data;

  const labelFor = useMemo(() => {
    const byId = new Map(departments.map((department) => [department.id, department]));
    const translated = (key: string, fallback: string) => {
      const text = t(key);
      return text === key ? fallback : text;
    };
    return {
      department: (bucket: StatBucket) => {
        const department = byId.get(bucket.key);
        return department ? departmentLabel(department, locale) : bucket.label;
      },
      view: (bucket: StatBucket) => translated(`home.view.${VIEW_BY_KEY[bucket.key] ?? bucket.key}`, bucket.label),
      sharing: (bucket: StatBucket) => translated(`home.sharingType.${bucket.key}`, bucket.label),
      action: (action: string) => translated(`home.action.${action}`, action),
    };
  }, [departments, locale, t]);

  const departmentOption = useMemo<EChartsOption>(() => {
    const top = [...(data?.byDepartment ?? [])].sort((a, b) => b.count - a.count).slice(0, TOP_DEPARTMENTS).reverse();
    return {
      color: PALETTE,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: top.map(labelFor.department),
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      series: [
        {
          name: t('home.entries'),
          type: 'bar',
          data: top.map((bucket) => bucket.count),
          barMaxWidth: 18,
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [data, labelFor, t]);

  // The server answers the views in byView (byClassification holds second-level classes); fall back for a server without it.
  const viewBuckets = useMemo(() => data?.byView ?? data?.byClassification ?? [], [data]);

  const viewOption = useMemo(
    () =>
      pieOption(
        viewBuckets.map((bucket) => ({ name: labelFor.view(bucket), value: bucket.count })),
        t('home.byClassification'),
      ),
    [viewBuckets, labelFor, t],
  );

  const sharingOption = useMemo(
    () =>
      pieOption(
        (data?.bySharingType ?? []).map((bucket) => ({ name: labelFor.sharing(bucket), value: bucket.count })),
        t('home.bySharingType'),
      ),
    [data, labelFor, t],
  );

  const departmentsWithEntries = (data?.byDepartment ?? []).filter((bucket) => bucket.count > 0).length;
  const cards = [
    { key: 'total', value: data?.total ?? sum(data?.byStatus) },
    { key: 'published', value: countOf(data?.byStatus, 'published') },
    { key: 'submitted', value: countOf(data?.byStatus, 'submitted') },
    { key: 'draft', value: countOf(data?.byStatus, 'draft') + countOf(data?.byStatus, 'returned') },
    { key: 'departments', value: departmentsWithEntries },
  ];

  return (
    <div>
      <PageHeader
        title={t('home.title')}
        subtitle={me ? t('home.welcome', { name: me.displayName }) : undefined}
        extra={
          <Button onClick={stats.reload} loading={stats.loading}>
            {t('common.refresh')}
          </Button>
        }
      />
      {stats.error !== null && (
        <Alert type="error" showIcon title={errorMessage(stats.error)} style={{ marginBottom: 16 }} />
      )}
      <div className="zs-stat-grid">
        {cards.map((card) => (
          <Card key={card.key} className="zs-stat-card">
            <Statistic title={t(`home.card.${card.key}`)} value={card.value} loading={stats.loading && !data} />
          </Card>
        ))}
      </div>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={t('home.byDepartment', { n: TOP_DEPARTMENTS })}>
            {data && data.byDepartment.length === 0 ? <Empty /> : <Chart option={departmentOption} height={420} />}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card title={t('home.byClassification')}>
            {data && viewBuckets.length === 0 ? <Empty /> : <Chart option={viewOption} height={420} />}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card title={t('home.bySharingType')}>
            {data && data.bySharingType.length === 0 ? <Empty /> : <Chart option={sharingOption} height={420} />}
          </Card>
        </Col>
      </Row>
      <Card title={t('home.recent')} style={{ marginTop: 16 }}>
        {!data && stats.loading ? (
          <Skeleton active />
        ) : (
          <Table<RecentChange>
            size="small"
            rowKey={(row) => `${row.code}-${row.at}-${row.action}`}
            dataSource={data?.recent ?? []}
            pagination={false}
            columns={[
              {
                title: t('home.recent.resource'),
                key: 'name',
                render: (_, row) => (
                  <Link to={`/catalog/${encodeURIComponent(row.code)}`}>
                    {row.name} <Typography.Text type="secondary">{row.code}</Typography.Text>
                  </Link>
                ),
              },
              {
                title: t('home.recent.action'),
                dataIndex: 'action',
                width: 140,
                render: (action: string) => <Tag>{labelFor.action(action)}</Tag>,
              },
              { title: t('home.recent.actor'), dataIndex: 'actor', width: 160, render: (actor: string | null) => actor ?? '—' },
              {
                title: t('home.recent.at'),
                dataIndex: 'at',
                width: 190,
                render: (at: string) => formatDateTime(at, locale),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

// /exchange/quality — 质量看板: the department scorecard (table and bar chart), resources that are late
// for their update cycle, and the open freshness alarms.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Chart } from '../../components/Chart';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { formatCount, StatusTag } from './common';
import { exchangeApi } from './exchangeApi';
import type { DepartmentScore, FreshnessAlarm, ResourceQuality } from './types';

const TOP = 20;
const num = (value: number | string | null | undefined) => (value === null || value === undefined ? null : Number(value));
const fixed = (value: number | string | null | undefined) => {
  const n = num(value);
  return n === null || Number.isNaN(n) ? '—' : n.toFixed(1);
};

export function QualityPage() {
  const { t, locale, errorMessage } = useI18n();
  const scores = useAsync(() => exchangeApi.departmentScores(), []);
  const late = useAsync(() => exchangeApi.quality({ late: true, pageSize: 200 }), []);
  const alarms = useAsync(() => exchangeApi.alarms(true), []);
  const reload = () => {
    scores.reload();
    late.reload();
    alarms.reload();
  };

  const ranked = useMemo(() => [...(scores.data ?? [])].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER)), [scores.data]);
  const option = useMemo<EChartsOption>(() => {
    const top = ranked.filter((row) => num(row.averageScore) !== null).slice(0, TOP).reverse();
    return {
      color: ['#1f4e9c'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', data: top.map((row) => row.departmentName ?? row.departmentId), axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          name: t('exchange.quality.averageScore'),
          type: 'bar',
          barMaxWidth: 18,
          data: top.map((row) => Number(num(row.averageScore)!.toFixed(1))),
          label: { show: true, position: 'right' },
          itemStyle: { color: (params: { value: unknown }) => (Number(params.value) >= 80 ? '#2f9e8f' : Number(params.value) >= 60 ? '#e8a33d' : '#c0504d') },
        },
      ],
    } as EChartsOption;
  }, [ranked, t]);

  return (
    <div>
      <PageHeader
        title={t('exchange.quality.title')}
        subtitle={t('exchange.quality.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      {scores.error != null && <Alert type="error" showIcon title={errorMessage(scores.error)} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('exchange.quality.chartTitle')}>
            {ranked.length ? <Chart option={option} height={Math.max(240, Math.min(TOP, ranked.length) * 28)} /> : <Typography.Text type="secondary">{t('exchange.quality.none')}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('exchange.quality.scorecard')}>
            <Table<DepartmentScore>
              rowKey="departmentId"
              size="small"
              loading={scores.loading}
              dataSource={ranked}
              pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
              data-testid="quality-scorecard"
              columns={[
                { title: t('exchange.quality.rank'), dataIndex: 'rank', width: 60, render: (rank: number | null) => rank ?? '—' },
                { title: t('exchange.field.provider'), dataIndex: 'departmentName', render: (name: string | null, row) => name ?? row.departmentId },
                { title: t('exchange.quality.resources'), dataIndex: 'resources', width: 80, align: 'right' },
                { title: t('exchange.quality.averageScore'), dataIndex: 'averageScore', width: 90, align: 'right', render: fixed },
                {
                  title: t('exchange.quality.lateCount'),
                  dataIndex: 'lateCount',
                  width: 80,
                  align: 'right',
                  render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
                },
                { title: t('exchange.quality.loads30'), dataIndex: 'loads', width: 90, align: 'right', render: (n: number) => formatCount(n, locale) },
                { title: t('exchange.quality.records30'), dataIndex: 'recordsLoaded', width: 110, align: 'right', render: (n: number) => formatCount(n, locale) },
                {
                  title: t('exchange.quality.rejectedShare'),
                  dataIndex: 'rejectedShare',
                  width: 90,
                  align: 'right',
                  render: (share: number | null) => (share === null || share === undefined ? '—' : `${Number(share).toFixed(1)}%`),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('exchange.quality.late')}>
            {late.error != null && <Alert type="error" showIcon title={errorMessage(late.error)} style={{ marginBottom: 12 }} />}
            <Table<ResourceQuality>
              rowKey="code"
              size="small"
              loading={late.loading}
              dataSource={late.data ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              data-testid="quality-late"
              locale={{ emptyText: t('exchange.quality.noneLate') }}
              columns={[
                {
                  title: t('exchange.field.resource'),
                  key: 'resource',
                  render: (_, row) => (
                    <Link to={`/exchange/resources/${encodeURIComponent(row.code)}?tab=quality`}>{row.name}</Link>
                  ),
                },
                { title: t('exchange.field.provider'), dataIndex: 'departmentName', width: 160, render: (name: string | null) => name ?? '—' },
                { title: t('exchange.quality.freshness'), dataIndex: 'freshness', width: 110, render: (value: string) => <StatusTag kind="freshness" value={value} /> },
                { title: t('exchange.field.lastLoadAt'), dataIndex: 'lastLoadAt', width: 150, render: (value: string | null | undefined) => formatDateTime(value, locale) },
                { title: t('exchange.quality.score'), key: 'score', width: 70, align: 'right', render: (_, row) => fixed(row.score?.score) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('exchange.quality.alarms')}>
            {alarms.error != null && <Alert type="error" showIcon title={errorMessage(alarms.error)} style={{ marginBottom: 12 }} />}
            <Table<FreshnessAlarm>
              rowKey="id"
              size="small"
              loading={alarms.loading}
              dataSource={alarms.data ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              data-testid="quality-alarms"
              locale={{ emptyText: t('exchange.quality.noAlarms') }}
              columns={[
                {
                  title: t('exchange.field.resource'),
                  key: 'resource',
                  render: (_, row) => <Link to={`/exchange/resources/${encodeURIComponent(row.resourceCode)}?tab=loads`}>{row.resourceName ?? row.resourceCode}</Link>,
                },
                { title: t('exchange.quality.raisedAt'), dataIndex: 'raisedAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
                { title: t('exchange.quality.dueAt'), dataIndex: 'dueAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
                { title: t('exchange.field.lastLoadAt'), dataIndex: 'lastLoadAt', width: 150, render: (value: string | null) => formatDateTime(value, locale) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

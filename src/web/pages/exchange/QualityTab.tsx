// 质量: the resource's latest quality score per dimension and its history as a chart.
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Empty, Row, Space, Statistic } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { Chart } from '../../components/Chart';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { StatusTag } from './common';
import { exchangeApi } from './exchangeApi';
import type { QualityScore } from './types';

export const DIMENSIONS = ['score', 'completeness', 'validity', 'uniqueness', 'timeliness'] as const;
const PALETTE = ['#1f4e9c', '#2f9e8f', '#e8a33d', '#7b61c4', '#c0504d'];

export function QualityTab(props: { code: string; canMeasure: boolean }) {
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const detail = useAsync(() => exchangeApi.resourceQuality(props.code), [props.code]);
  const [measuring, setMeasuring] = useState(false);
  const history = useMemo<QualityScore[]>(
    () => [...(detail.data?.history ?? [])].sort((a, b) => a.measuredAt.localeCompare(b.measuredAt)),
    [detail.data],
  );
  const latest = detail.data?.latest ?? detail.data?.score ?? history[history.length - 1] ?? null;

  const option = useMemo<EChartsOption>(
    () => ({
      color: PALETTE,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: history.map((point) => new Date(point.measuredAt).toLocaleString(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: DIMENSIONS.map((dimension) => ({
        name: t(`exchange.quality.${dimension}`),
        type: 'line',
        smooth: true,
        showSymbol: history.length < 30,
        lineStyle: dimension === 'score' ? { width: 3 } : { width: 1.5 },
        data: history.map((point) => Number(point[dimension])),
      })),
    }),
    [history, locale, t],
  );

  const measure = async () => {
    setMeasuring(true);
    try {
      await exchangeApi.measure(props.code);
      void message.success(t('exchange.quality.measured'));
      detail.reload();
    } catch (e) {
      showError(e);
    } finally {
      setMeasuring(false);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        {detail.data?.freshness && <StatusTag kind="freshness" value={detail.data.freshness} />}
        {props.canMeasure && (
          <Button icon={<ExperimentOutlined />} loading={measuring} onClick={() => void measure()}>
            {t('exchange.quality.measure')}
          </Button>
        )}
      </Space>
      {detail.error != null && <Alert type="error" showIcon title={errorMessage(detail.error)} />}
      {latest ? (
        <Row gutter={[16, 16]}>
          {DIMENSIONS.map((dimension) => (
            <Col key={dimension} xs={12} md={4}>
              <Statistic title={t(`exchange.quality.${dimension}`)} value={Number(latest[dimension])} precision={1} suffix="/ 100" />
            </Col>
          ))}
        </Row>
      ) : (
        !detail.loading && <Empty description={t('exchange.quality.none')} />
      )}
      {history.length > 0 && <Chart option={option} height={320} />}
    </Space>
  );
}

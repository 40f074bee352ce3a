// The usage pages' charts (ECharts, loaded on first use through components/Chart): cost shares as a pie, cost or
// counts per name as horizontal bars, quota utilisation as percentage bars.
import type { EChartsOption } from 'echarts';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from '../../../components/Chart';
import { useI18n } from '../../../i18n';
import { formatFen } from '../types';
import type { ShowbackRow } from '../types';
import { topRows } from './logic';
import type { QuotaUtilisation } from './logic';

const PALETTE = ['#1f4e9c', '#2f9e8f', '#e8a33d', '#c0504d', '#7b5ea7', '#4a90c2', '#8aa83b', '#d77a4f', '#5b6b7f', '#b5579a'];
const TOP = 12;

function Empty() {
  const { t } = useI18n();
  return <Typography.Text type="secondary">{t('cloudUsage.chart.empty')}</Typography.Text>;
}

export function CostPie({ rows, height = 300 }: { rows: ShowbackRow[]; height?: number }) {
  const { t, locale } = useI18n();
  const option = useMemo<EChartsOption>(() => {
    const data = topRows(rows, 10, t('cloudUsage.chart.other'));
    return {
      color: PALETTE,
      tooltip: { trigger: 'item', valueFormatter: (value) => formatFen(Number(value), locale) },
      legend: { type: 'scroll', bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}: {d}%' },
          data: data.map((row) => ({ name: row.name || row.key, value: row.amountFen })),
        },
      ],
    };
  }, [rows, t, locale]);
  return rows.some((row) => row.amountFen > 0) ? <Chart option={option} height={height} /> : <Empty />;
}

export function CostBars({ rows }: { rows: ShowbackRow[] }) {
  const { t, locale } = useI18n();
  const data = useMemo(() => topRows(rows, TOP, t('cloudUsage.chart.other')).reverse(), [rows, t]);
  const option = useMemo<EChartsOption>(
    () => ({
      color: [PALETTE[0]],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => formatFen(Number(value) * 100, locale) },
      grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (value: number) => `¥${value.toLocaleString(locale)}` } },
      yAxis: { type: 'category', data: data.map((row) => row.name || row.key), axisLabel: { width: 160, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          // In yuan on the axis; the fen stay exact in the tables.
          data: data.map((row) => row.amountFen / 100),
          label: { show: true, position: 'right', formatter: (params) => formatFen(Number(params.value) * 100, locale) },
        },
      ],
    }),
    [data, locale],
  );
  return data.length ? <Chart option={option} height={Math.max(200, data.length * 30 + 40)} /> : <Empty />;
}

export function CountBars({ rows, label }: { rows: Array<{ key: string; count: number }>; label: (key: string) => string }) {
  const option = useMemo<EChartsOption>(() => {
    const data = [...rows].sort((a, b) => a.count - b.count);
    return {
      color: [PALETTE[1]],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: data.map((row) => label(row.key)) },
      series: [{ type: 'bar', barMaxWidth: 18, data: data.map((row) => row.count), label: { show: true, position: 'right' } }],
    };
  }, [rows, label]);
  return rows.length ? <Chart option={option} height={Math.max(200, rows.length * 30 + 40)} /> : <Empty />;
}

export function UtilisationBars({ rows, label }: { rows: QuotaUtilisation[]; label: (row: QuotaUtilisation) => string }) {
  const option = useMemo<EChartsOption>(() => {
    const data = rows.filter((row) => row.percent !== null);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => `${String(value)} %` },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max / 10) * 10), axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: data.map(label) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: data.map((row) => ({
            value: row.percent,
            itemStyle: { color: (row.percent ?? 0) >= 90 ? '#c0504d' : (row.percent ?? 0) >= 70 ? '#e8a33d' : '#2f9e8f' },
          })),
          label: { show: true, position: 'right', formatter: '{c} %' },
        },
      ],
    };
  }, [rows, label]);
  return rows.some((row) => row.percent !== null) ? <Chart option={option} height={Math.max(200, rows.length * 34 + 40)} /> : <Empty />;
}

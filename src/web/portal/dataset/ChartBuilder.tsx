// The chart builder: a line, bar or pie chart of one column against another (or of row counts), aggregated
// here in the browser over the preview rows or a larger read of the data. Loaded with its tab, and ECharts
// with it (components/Chart.tsx). The numbers behind the chart are also offered as a table.
import { useMemo, useState } from 'react';
import type { EChartsOption } from 'echarts';
import { Chart } from '../../components/Chart';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { ErrorState, PageSpinner } from '../components/PageState';
import { formatNumber } from '../labels';
import type { DatasetDetail } from '../types';
import { aggregate, arrange } from './aggregate';
import type { Aggregation } from './aggregate';
import { datastoreTypeOf, fetchRecords } from './records';

type Kind = 'line' | 'bar' | 'pie';
const KINDS: Kind[] = ['bar', 'line', 'pie'];
const AGGREGATIONS: Aggregation[] = ['count', 'sum', 'avg', 'min', 'max'];
const SAMPLES = [100, 1000] as const;
const PALETTE = ['#1f4e9c', '#2a8c5a', '#d4820a', '#8e44ad', '#c0392b', '#16a2b8', '#5d6d7e', '#b7950b', '#2e86c1', '#a04000', '#7d3c98', '#117864'];

function NativeSelect<T extends string | number>(props: {
  id: string;
  label: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange(value: T): void;
}) {
  return (
    <label className="zsp-field" htmlFor={props.id}>
      {props.label}
      <select
        id={props.id}
        value={String(props.value)}
        onChange={(event) => {
          const chosen = props.options.find((option) => String(option.value) === event.target.value);
          if (chosen) props.onChange(chosen.value);
        }}
        data-testid={props.id}
      >
        {props.options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export default function ChartBuilder(props: { dataset: DatasetDetail }) {
  const { t, locale } = useI18n();
  const { dataset } = props;
  const columns = dataset.fields.map((field) => ({ name: field.name, label: field.label || field.name, type: datastoreTypeOf(field.type), key: field.key }));
  const numeric = columns.filter((column) => column.type === 'int' || column.type === 'numeric');
  const [kind, setKind] = useState<Kind>('bar');
  const [chosenCategory, setCategory] = useState('');
  const [value, setValue] = useState<string>('');
  const [aggregation, setAggregation] = useState<Aggregation>('count');
  const [sample, setSample] = useState<(typeof SAMPLES)[number]>(SAMPLES[0]);

  const rows = useAsync(() => fetchRecords(dataset.name, { limit: sample }), [dataset.name, sample]);
  // Until the reader picks one, group by the first column that makes a readable chart: 2 to 30 distinct values.
  const category = useMemo(() => {
    if (chosenCategory) return chosenCategory;
    const records = rows.data?.records ?? [];
    const readable = columns.find((column) => {
      if (column.key) return false;
      const distinct = new Set(records.map((record) => String(record[column.name] ?? ''))).size;
      return distinct >= 2 && distinct <= 30;
    });
    return (readable ?? columns.find((column) => !column.key) ?? columns[0])?.name ?? '';
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosenCategory, rows.data]);
  const effectiveAggregation: Aggregation = value ? (aggregation === 'count' ? 'sum' : aggregation) : 'count';
  const categoryLabel = columns.find((column) => column.name === category)?.label ?? category;
  const valueLabel = value ? `${t(`portal.chart.aggregation.${effectiveAggregation}`)} · ${columns.find((column) => column.name === value)?.label ?? value}` : t('portal.chart.rowCount');

  const groups = useMemo(() => {
    if (!rows.data || !category) return [];
    const all = aggregate(rows.data.records, { category, value: value || null, aggregation: effectiveAggregation, emptyLabel: t('portal.chart.empty') });
    return arrange(all, kind, kind === 'pie' ? 12 : 30, t('portal.chart.other'), effectiveAggregation === 'count' || effectiveAggregation === 'sum');
  }, [rows.data, category, value, effectiveAggregation, kind, t]);

  const option = useMemo<EChartsOption>(() => {
    const base: EChartsOption = {
      aria: { enabled: true },
      color: PALETTE,
      tooltip: { trigger: kind === 'pie' ? 'item' : 'axis' },
      animation: false,
    };
    if (kind === 'pie') {
      return {
        ...base,
        legend: { type: 'scroll', bottom: 0 },
        series: [{ type: 'pie', name: valueLabel, radius: ['30%', '65%'], data: groups.map((group) => ({ name: group.category, value: group.value })) }],
      };
    }
    return {
      ...base,
      grid: { left: 60, right: 24, top: 24, bottom: 80 },
      xAxis: { type: 'category', name: categoryLabel, data: groups.map((group) => group.category), axisLabel: { rotate: groups.length > 8 ? 35 : 0, color: '#333' } },
      yAxis: { type: 'value', name: valueLabel, axisLabel: { color: '#333' } },
      series: [{ type: kind, name: valueLabel, data: groups.map((group) => group.value), smooth: kind === 'line' }],
    };
  }, [groups, kind, categoryLabel, valueLabel]);

  const caption = t('portal.chart.caption', { value: valueLabel, category: categoryLabel, n: formatNumber(locale, rows.data?.records.length ?? 0) });

  return (
    <div data-testid="portal-chart-builder">
      <div className="zsp-chart-controls">
        <NativeSelect<Kind>
          id="portal-chart-kind"
          label={t('portal.chart.kind')}
          value={kind}
          options={KINDS.map((entry) => ({ value: entry, label: t(`portal.chart.kind.${entry}`) }))}
          onChange={setKind}
        />
        <NativeSelect<string>
          id="portal-chart-category"
          label={kind === 'pie' ? t('portal.chart.slices') : t('portal.chart.category')}
          value={category}
          options={columns.map((column) => ({ value: column.name, label: column.label }))}
          onChange={setCategory}
        />
        <NativeSelect<string>
          id="portal-chart-value"
          label={t('portal.chart.value')}
          value={value}
          options={[{ value: '', label: t('portal.chart.rowCount') }, ...numeric.map((column) => ({ value: column.name, label: column.label }))]}
          onChange={setValue}
        />
        {value && (
          <NativeSelect<Aggregation>
            id="portal-chart-aggregation"
            label={t('portal.chart.aggregation')}
            value={effectiveAggregation}
            options={AGGREGATIONS.filter((entry) => entry !== 'count').map((entry) => ({ value: entry, label: t(`portal.chart.aggregation.${entry}`) }))}
            onChange={setAggregation}
          />
        )}
        <NativeSelect<number>
          id="portal-chart-sample"
          label={t('portal.chart.sample')}
          value={sample}
          options={SAMPLES.map((entry) => ({ value: entry, label: t('portal.chart.sampleRows', { n: formatNumber(locale, entry) }) }))}
          onChange={(next) => setSample(next as (typeof SAMPLES)[number])}
        />
      </div>
      {rows.error ? <ErrorState error={rows.error} onRetry={rows.reload} /> : null}
      {!rows.data && !rows.error && <PageSpinner />}
      {rows.data && (
        <figure style={{ margin: 0 }}>
          <figcaption style={{ marginBottom: 8 }} data-testid="portal-chart-caption">
            {caption}
          </figcaption>
          {groups.length === 0 ? (
            <p>{t('portal.chart.noData')}</p>
          ) : (
            <div role="img" aria-label={caption} data-testid="portal-chart">
              <Chart option={option} height={380} />
            </div>
          )}
          <details style={{ marginTop: 12 }}>
            <summary>{t('portal.chart.dataTable')}</summary>
            <div className="zsp-table-wrap">
              <table className="zsp-table" data-testid="portal-chart-table">
                <thead>
                  <tr>
                    <th scope="col">{categoryLabel}</th>
                    <th scope="col">{valueLabel}</th>
                  </tr>
                </thead>
                <tbody>
                  {groups.map((group) => (
                    <tr key={group.category}>
                      <td>{group.category}</td>
                      <td>{formatNumber(locale, group.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </figure>
      )}
    </div>
  );
}

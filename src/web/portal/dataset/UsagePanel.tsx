// How much the dataset is used: views, downloads and API calls in total, and the last 30 days as small
// stacked bars (plain SVG: no charting library for this), with the figures also in words.
import { useI18n } from '../../i18n';
import { formatNumber } from '../labels';
import type { DatasetUsage } from '../types';

const COLORS = { views: '#1f4e9c', downloads: '#2a7a4b', apiCalls: '#b35c00' } as const;
const KINDS = ['views', 'downloads', 'apiCalls'] as const;

export function UsagePanel(props: { usage: DatasetUsage }) {
  const { t, locale } = useI18n();
  const { usage } = props;
  const days = usage.daily;
  const last30 = KINDS.map((kind) => ({ kind, total: days.reduce((sum, day) => sum + day[kind], 0) }));
  const max = Math.max(1, ...days.map((day) => day.views + day.downloads + day.apiCalls));
  const width = 600;
  const height = 90;
  const slot = days.length ? width / days.length : width;
  const summary = t('portal.usage.last30', {
    views: formatNumber(locale, last30[0].total),
    downloads: formatNumber(locale, last30[1].total),
    apiCalls: formatNumber(locale, last30[2].total),
  });
  return (
    <div data-testid="portal-usage">
      <ul className="zsp-stats" style={{ margin: '0 0 16px', maxWidth: 640 }}>
        {KINDS.map((kind) => (
          <li key={kind}>
            <span className="zsp-stat-value" data-testid={`portal-usage-${kind}`}>
              {formatNumber(locale, usage[kind])}
            </span>
            <span className="zsp-stat-label">{t(`portal.usage.${kind}`)}</span>
          </li>
        ))}
      </ul>
      <h3 style={{ fontSize: 15, margin: '0 0 6px' }}>{t('portal.usage.chartTitle')}</h3>
      <p style={{ margin: '0 0 8px' }}>{summary}</p>
      {days.length > 0 && (
        <svg className="zsp-sparkline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={summary}>
          {days.map((day, index) => {
            let y = height;
            return (
              <g key={day.day}>
                <title>{`${day.day}: ${t('portal.usage.views')} ${day.views}, ${t('portal.usage.downloads')} ${day.downloads}, ${t('portal.usage.apiCalls')} ${day.apiCalls}`}</title>
                {KINDS.map((kind) => {
                  const h = (day[kind] / max) * (height - 4);
                  y -= h;
                  return h > 0 ? <rect key={kind} x={index * slot + 1} y={y} width={Math.max(1, slot - 2)} height={h} fill={COLORS[kind]} /> : null;
                })}
              </g>
            );
          })}
        </svg>
      )}
      <p style={{ display: 'flex', gap: 16, fontSize: 13, margin: '6px 0 0' }} aria-hidden>
        {KINDS.map((kind) => (
          <span key={kind}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: COLORS[kind], marginRight: 4 }} />
            {t(`portal.usage.${kind}`)}
          </span>
        ))}
      </p>
    </div>
  );
}

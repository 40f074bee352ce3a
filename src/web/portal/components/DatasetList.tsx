// A list of datasets as search results, the home page and organisation pages show them: title (a link to the
// dataset page), department, the start of the description, formats, open type and when it last changed.
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { formatDate, formatNumber, localTitle, textLang, themeLabel } from '../labels';
import type { DatasetSummary } from '../types';

export function OpenTypeTag(props: { openType: 'open' | 'conditional' }) {
  const { t } = useI18n();
  return <span className={`zsp-tag zsp-tag-${props.openType}`}>{t(`portal.openType.${props.openType}`)}</span>;
}

export function FormatTags(props: { formats: string[] }) {
  return (
    <>
      {props.formats.map((format) => (
        <span key={format} className="zsp-tag zsp-tag-format">
          {format}
        </span>
      ))}
    </>
  );
}

export function DatasetList(props: { items: DatasetSummary[]; headingLevel?: 2 | 3; compact?: boolean; testId?: string }) {
  const { t, locale } = useI18n();
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  if (props.items.length === 0) return <p>{t('portal.noDatasets')}</p>;
  return (
    <ul className="zsp-dataset-list" data-testid={props.testId}>
      {props.items.map((dataset) => (
        <li key={dataset.id} className="zsp-dataset-item" data-testid="dataset-item">
          <Heading>
            <Link to={`/dataset/${encodeURIComponent(dataset.name)}`} data-testid="dataset-link" lang={textLang(locale, localTitle(locale, dataset))}>
              {localTitle(locale, dataset)}
            </Link>
          </Heading>
          <div>
            <OpenTypeTag openType={dataset.openType} />
            <FormatTags formats={dataset.formats} />
            {dataset.themes.slice(0, 2).map((theme) => (
              <span key={theme} className="zsp-tag">
                {themeLabel(t, theme)}
              </span>
            ))}
          </div>
          {!props.compact && dataset.notes && (
            <p className="zsp-dataset-notes" lang={textLang(locale, dataset.notes)}>
              {dataset.notes}
            </p>
          )}
          <p className="zsp-dataset-meta">
            <span>
              <Link to={`/organization/${encodeURIComponent(dataset.organization.name)}`}>{localTitle(locale, dataset.organization)}</Link>
            </span>
            <span>{t('portal.dataset.updatedOn', { date: formatDate(locale, dataset.dataModified ?? dataset.metadataModified) })}</span>
            {!props.compact && <span>{t('portal.dataset.rows', { n: formatNumber(locale, dataset.rowCount) })}</span>}
            <span>
              {t('portal.dataset.usageShort', {
                views: formatNumber(locale, dataset.usage.views),
                downloads: formatNumber(locale, dataset.usage.downloads),
              })}
            </span>
            {dataset.source && <span>{t('portal.dataset.harvestedFrom', { source: dataset.source.title })}</span>}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function StatusBadge(props: { status: string; label: string; testId?: string }) {
  return (
    <span className={`zsp-status zsp-status-${props.status}`} data-testid={props.testId}>
      {props.label}
    </span>
  );
}

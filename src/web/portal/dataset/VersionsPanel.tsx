// The version history: every publication of changed data, newest first, each still downloadable.
import { useI18n } from '../../i18n';
import { downloadUrl } from '../api';
import { formatDateTime, formatNumber } from '../labels';
import type { DatasetDetail } from '../types';

export function VersionsPanel(props: { dataset: DatasetDetail; readable: boolean }) {
  const { t, locale } = useI18n();
  const { dataset } = props;
  const local = dataset.resources.filter((resource) => resource.datastoreActive);
  if (dataset.versions.length === 0) return <p>{t('portal.versions.none')}</p>;
  return (
    <div className="zsp-table-wrap">
      <table className="zsp-table" data-testid="portal-versions">
        <caption className="zsp-visually-hidden">{t('portal.dataset.tab.versions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portal.versions.version')}</th>
            <th scope="col">{t('portal.versions.publishedAt')}</th>
            <th scope="col">{t('portal.versions.rows')}</th>
            <th scope="col">{t('portal.versions.note')}</th>
            {props.readable && local.length > 0 && <th scope="col">{t('portal.versions.downloads')}</th>}
          </tr>
        </thead>
        <tbody>
          {dataset.versions.map((version) => (
            <tr key={version.version}>
              <th scope="row">
                {t('portal.dataset.versionN', { n: version.version })}
                {version.version === dataset.currentVersion ? ` (${t('portal.versions.current')})` : ''}
              </th>
              <td>{formatDateTime(locale, version.publishedAt)}</td>
              <td>{formatNumber(locale, version.rowCount)}</td>
              <td>{version.note ?? ''}</td>
              {props.readable && local.length > 0 && (
                <td>
                  {local.map((resource, index) => (
                    <span key={resource.id}>
                      {index > 0 ? ' · ' : ''}
                      <a
                        href={downloadUrl(dataset.name, resource.format, version.version)}
                        download=""
                        aria-label={t('portal.versions.downloadAria', { format: resource.format, n: version.version })}
                      >
                        {resource.format}
                      </a>
                    </span>
                  ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

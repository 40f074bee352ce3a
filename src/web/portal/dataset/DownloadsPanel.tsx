// Downloads: the dataset's files (CSV with a BOM so spreadsheet programs read Chinese right, XLSX, JSON)
// of the current data; earlier versions are in the version history.
import { DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { downloadUrl } from '../api';
import { formatBytes, formatDate } from '../labels';
import type { DatasetDetail } from '../types';

export function DownloadsPanel(props: { dataset: DatasetDetail }) {
  const { t, locale } = useI18n();
  const { dataset } = props;
  if (dataset.resources.length === 0) return <p>{t('portal.downloads.none')}</p>;
  return (
    <div data-testid="portal-downloads">
      <p>{t('portal.downloads.lead', { date: formatDate(locale, dataset.dataModified ?? dataset.metadataModified) })}</p>
      <ul className="zsp-download-list">
        {dataset.resources.map((resource) => {
          const href = resource.datastoreActive ? downloadUrl(dataset.name, resource.format) : resource.url;
          return (
            <li key={resource.id}>
              <a href={href} download={resource.datastoreActive ? '' : undefined} data-testid={`portal-download-${resource.format.toLowerCase()}`}>
                <DownloadOutlined aria-hidden /> {t('portal.downloads.link', { format: resource.format })}
              </a>
              <span className="zsp-count">
                {resource.name}
                {resource.size ? ` · ${formatBytes(locale, resource.size)}` : ''}
                {resource.format.toUpperCase() === 'CSV' && resource.datastoreActive ? ` · ${t('portal.downloads.csvNote')}` : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

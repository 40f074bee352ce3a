// One dataset (/dataset/:name): what it is in plain words, who publishes it, how often it changes and under
// which licence; its data items; a preview with filters and sorting; a chart builder; downloads (also of
// earlier versions); a ready API example; the version history; and how much it is used. Conditionally open
// datasets show their conditions and the way to apply (log in or register, state the purpose, follow the status).
import { lazy, Suspense } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { datasetPath, downloadUrl, portalApi } from '../api';
import { FormatTags, OpenTypeTag } from '../components/DatasetList';
import { JsonLd, PageHead } from '../components/PageHead';
import { ErrorState, isNotFound, NotFoundState, PageSpinner } from '../components/PageState';
import { Tabs } from '../components/Tabs';
import { formatDate, formatNumber, frequencyLabel, localTitle, textLang, themeLabel } from '../labels';
import type { DatasetDetail } from '../types';
import { AccessPanel } from './AccessPanel';
import { ApiPanel } from './ApiPanel';
import { DownloadsPanel } from './DownloadsPanel';
import { FieldsTable } from './FieldsTable';
import { PreviewPanel } from './PreviewPanel';
import { datasetJsonLd } from './schemaOrg';
import { UsagePanel } from './UsagePanel';
import { VersionsPanel } from './VersionsPanel';

// The chart builder brings ECharts: loaded when its tab is first opened.
const ChartBuilder = lazy(() => import('./ChartBuilder'));

const TABS = ['fields', 'preview', 'chart', 'downloads', 'api', 'versions', 'usage'] as const;
type TabKey = (typeof TABS)[number];

export const canReadData = (dataset: Pick<DatasetDetail, 'access'>): boolean => dataset.access === 'open' || dataset.access === 'granted';

function Facts(props: { dataset: DatasetDetail }) {
  const { t, locale } = useI18n();
  const { dataset } = props;
  const licence = localTitle(locale, dataset.licence);
  const facts: Array<{ key: string; value: React.ReactNode }> = [
    {
      key: 'publisher',
      value: <Link to={`/organization/${encodeURIComponent(dataset.organization.name)}`}>{localTitle(locale, dataset.organization)}</Link>,
    },
    { key: 'themes', value: dataset.themes.length ? dataset.themes.map((theme) => themeLabel(t, theme)).join(locale === 'zh-CN' ? '、' : ', ') : '—' },
    { key: 'frequency', value: frequencyLabel(t, dataset.frequency) },
    {
      key: 'licence',
      value: dataset.licence.url ? (
        <a href={dataset.licence.url} rel="license noreferrer" target="_blank">
          {licence}
        </a>
      ) : (
        licence
      ),
    },
    { key: 'openType', value: t(`portal.dataset.openTypeText.${dataset.openType}`) },
    { key: 'rows', value: formatNumber(locale, dataset.rowCount) },
    { key: 'version', value: dataset.currentVersion ? t('portal.dataset.versionN', { n: dataset.currentVersion }) : '—' },
    { key: 'dataModified', value: formatDate(locale, dataset.dataModified) },
    { key: 'metadataModified', value: formatDate(locale, dataset.metadataModified) },
    { key: 'issued', value: formatDate(locale, dataset.issued ?? dataset.metadataCreated) },
    {
      key: 'contact',
      value: dataset.maintainerEmail ? (
        <a href={`mailto:${dataset.maintainerEmail}`}>{dataset.maintainer ?? dataset.maintainerEmail}</a>
      ) : (
        (dataset.maintainer ?? '—')
      ),
    },
  ];
  if (dataset.catalogCode) facts.push({ key: 'catalogCode', value: <span className="zs-mono">{dataset.catalogCode}</span> });
  if (dataset.source) {
    facts.push({
      key: 'source',
      value: dataset.source.url ? (
        <a href={dataset.source.url} rel="noreferrer" target="_blank">
          {dataset.source.title}
        </a>
      ) : (
        dataset.source.title
      ),
    });
  }
  return (
    <dl className="zsp-facts" data-testid="portal-dataset-facts">
      {facts.map((fact) => (
        <div key={fact.key}>
          <dt>{t(`portal.dataset.fact.${fact.key}`)}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function DatasetPage() {
  const { name = '' } = useParams();
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab') as TabKey | null;
  const tab: TabKey = tabParam && TABS.includes(tabParam) ? tabParam : 'fields';
  const detail = useAsync(() => portalApi.get<DatasetDetail>(datasetPath(name)), [name]);

  if (detail.error && isNotFound(detail.error)) return <NotFoundState />;
  if (detail.error && !detail.data) {
    return (
      <>
        <PageHead title={t('portal.dataset.title')} description={t('portal.search.description')} />
        <h1 className="zsp-page-title">{t('portal.dataset.title')}</h1>
        <ErrorState error={detail.error} onRetry={detail.reload} />
      </>
    );
  }
  const dataset = detail.data;
  if (!dataset || dataset.name !== name) return <PageSpinner />;

  const title = localTitle(locale, dataset);
  const readable = canReadData(dataset);
  const local = dataset.resources.some((resource) => resource.datastoreActive);
  const firstDownload = dataset.resources.find((resource) => resource.format.toUpperCase() === 'CSV') ?? dataset.resources[0];
  const noData = <AccessPanel dataset={dataset} onChanged={detail.reload} compact />;

  return (
    <article data-testid="portal-dataset">
      <PageHead title={title} description={dataset.notes || title} />
      <JsonLd data={datasetJsonLd(dataset, window.location.origin)} testId="portal-dataset-jsonld" />
      <nav aria-label={t('portal.breadcrumb')} className="zsp-breadcrumb">
        <ol>
          <li>
            <Link to="/portal">{t('portal.nav.home')}</Link>
          </li>
          <li>
            <Link to="/dataset">{t('portal.nav.datasets')}</Link>
          </li>
          <li>
            <Link to={`/organization/${encodeURIComponent(dataset.organization.name)}`}>{localTitle(locale, dataset.organization)}</Link>
          </li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <header className="zsp-panel">
        <h1 className="zsp-page-title" data-testid="portal-dataset-title" lang={textLang(locale, title)}>
          {title}
        </h1>
        <div className="zsp-dataset-head">
          <OpenTypeTag openType={dataset.openType} />
          <FormatTags formats={dataset.formats} />
          {dataset.tags.map((tag) => (
            <Link key={tag} to={`/dataset?tag=${encodeURIComponent(tag)}`} className="zsp-tag">
              {tag}
            </Link>
          ))}
        </div>
        {dataset.notes && (
          <p className="zsp-notes" lang={textLang(locale, dataset.notes)}>
            {dataset.notes}
          </p>
        )}
        {readable && firstDownload && (
          <Button
            type="primary"
            icon={<DownloadOutlined aria-hidden />}
            href={local ? downloadUrl(dataset.name, firstDownload.format) : firstDownload.url}
            data-testid="portal-dataset-download-main"
          >
            {t('portal.dataset.downloadFormat', { format: firstDownload.format })}
          </Button>
        )}
      </header>

      {dataset.openType === 'conditional' && <AccessPanel dataset={dataset} onChanged={detail.reload} />}

      <section className="zsp-panel" aria-labelledby="zsp-dataset-about">
        <h2 id="zsp-dataset-about" className="zsp-section-title">
          {t('portal.dataset.about')}
        </h2>
        <Facts dataset={dataset} />
      </section>

      <section className="zsp-panel" aria-label={t('portal.dataset.sections')}>
        <Tabs
          id="zsp-dataset"
          label={t('portal.dataset.sections')}
          active={tab}
          onChange={(key) =>
            setParams(
              (previous) => {
                const next = new URLSearchParams(previous);
                if (key === 'fields') next.delete('tab');
                else next.set('tab', key);
                return next;
              },
              { replace: true },
            )
          }
          items={[
            { key: 'fields', label: t('portal.dataset.tab.fields'), render: () => <FieldsTable fields={dataset.fields} /> },
            {
              key: 'preview',
              label: t('portal.dataset.tab.preview'),
              render: () => (readable && local ? <PreviewPanel dataset={dataset} /> : local ? noData : <p>{t('portal.dataset.harvestedNoPreview')}</p>),
            },
            {
              key: 'chart',
              label: t('portal.dataset.tab.chart'),
              render: () =>
                readable && local ? (
                  <Suspense fallback={<PageSpinner />}>
                    <ChartBuilder dataset={dataset} />
                  </Suspense>
                ) : local ? (
                  noData
                ) : (
                  <p>{t('portal.dataset.harvestedNoPreview')}</p>
                ),
            },
            { key: 'downloads', label: t('portal.dataset.tab.downloads'), render: () => (readable ? <DownloadsPanel dataset={dataset} /> : noData) },
            { key: 'api', label: t('portal.dataset.tab.api'), render: () => <ApiPanel dataset={dataset} /> },
            { key: 'versions', label: t('portal.dataset.tab.versions'), render: () => <VersionsPanel dataset={dataset} readable={readable} /> },
            { key: 'usage', label: t('portal.dataset.tab.usage'), render: () => <UsagePanel usage={dataset.usage} /> },
          ]}
        />
      </section>
    </article>
  );
}

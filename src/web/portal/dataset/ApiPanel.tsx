// A ready API example for this dataset: the portal's records API, CKAN's datastore_search (which existing
// CKAN clients speak) and package_show, and the dataset's DCAT-AP description.
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { CodeExample } from '../components/CodeExample';
import type { DatasetDetail } from '../types';

export function ApiPanel(props: { dataset: DatasetDetail }) {
  const { t } = useI18n();
  const { dataset } = props;
  const examples = dataset.apiExamples;
  const local = dataset.resources.some((resource) => resource.datastoreActive);
  const page = `${window.location.origin}/dataset/${encodeURIComponent(dataset.name)}`;
  return (
    <div data-testid="portal-api-example">
      <p>
        {t('portal.api.lead')} <Link to="/portal/api">{t('portal.api.guideLink')}</Link>
      </p>
      {dataset.openType === 'conditional' && <p>{t('portal.api.conditional')}</p>}
      {local && (
        <>
          <CodeExample title={t('portal.api.records')} code={`curl '${examples.records}'`} testId="portal-api-records" />
          <CodeExample title={t('portal.api.datastore')} code={`curl '${examples.datastoreSearch}'`} testId="portal-api-datastore" />
        </>
      )}
      <CodeExample title={t('portal.api.packageShow')} code={`curl '${examples.packageShow}'`} testId="portal-api-package" />
      <CodeExample title={t('portal.api.dcat')} code={`curl -H 'Accept: text/turtle' '${page}'\ncurl '${page}.jsonld'`} testId="portal-api-dcat" />
    </div>
  );
}

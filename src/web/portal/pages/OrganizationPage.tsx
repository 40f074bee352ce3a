// One department's page: who it is and the datasets it publishes.
import { Link, useParams } from 'react-router-dom';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { FilteredDatasets } from '../components/FilteredDatasets';
import { PageHead } from '../components/PageHead';
import { ErrorState, isNotFound, NotFoundState, PageSpinner } from '../components/PageState';
import { formatNumber, localTitle } from '../labels';
import type { Organization } from '../types';

export default function OrganizationPage() {
  const { name = '' } = useParams();
  const { t, locale } = useI18n();
  const organization = useAsync(() => portalApi.get<Organization>(`${OPEN_API}/organizations/${encodeURIComponent(name)}`), [name]);
  if (organization.error && isNotFound(organization.error)) return <NotFoundState />;
  if (organization.error) return <ErrorState error={organization.error} onRetry={organization.reload} />;
  const data = organization.data;
  if (!data || data.name !== name) return <PageSpinner />;
  const title = localTitle(locale, data);
  return (
    <>
      <PageHead title={title} description={data.description || t('portal.organization.description', { name: title, n: data.datasetCount })} />
      <nav aria-label={t('portal.breadcrumb')} className="zsp-breadcrumb">
        <ol>
          <li>
            <Link to="/portal">{t('portal.nav.home')}</Link>
          </li>
          <li>
            <Link to="/organization">{t('portal.nav.organizations')}</Link>
          </li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <h1 className="zsp-page-title" data-testid="portal-organization-title">
        {title}
      </h1>
      <p className="zsp-lead">
        {data.description ? `${data.description} ` : ''}
        {t('portal.organization.count', { n: formatNumber(locale, data.datasetCount) })}
      </p>
      <FilteredDatasets field="organization" value={data.name} headingId="zsp-organization-datasets" heading={t('portal.organization.datasets')} />
    </>
  );
}

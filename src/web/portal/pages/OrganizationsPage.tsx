// The departments that publish open data, with how many datasets each has.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { PageHead } from '../components/PageHead';
import { ErrorState, PageSpinner } from '../components/PageState';
import { formatNumber, localTitle } from '../labels';
import type { Organization } from '../types';

export default function OrganizationsPage() {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState('');
  const organizations = useAsync(() => portalApi.get<Organization[]>(`${OPEN_API}/organizations`), []);
  const needle = filter.trim().toLowerCase();
  const shown = (organizations.data ?? [])
    .filter((organization) => !needle || `${organization.title} ${organization.titleEn ?? ''} ${organization.name}`.toLowerCase().includes(needle))
    .sort((a, b) => b.datasetCount - a.datasetCount || a.title.localeCompare(b.title, locale));
  return (
    <>
      <PageHead title={t('portal.organizations.title')} description={t('portal.organizations.description')} />
      <h1 className="zsp-page-title">{t('portal.organizations.title')}</h1>
      <p className="zsp-lead">{t('portal.organizations.lead')}</p>
      <div className="zsp-panel">
        <label className="zsp-field zsp-narrow" style={{ marginBottom: 16 }}>
          {t('portal.organizations.filter')}
          <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} data-testid="portal-organizations-filter" />
        </label>
        {organizations.error ? <ErrorState error={organizations.error} onRetry={organizations.reload} /> : null}
        {!organizations.data && !organizations.error && <PageSpinner />}
        {organizations.data && (
          <ul className="zsp-count-list" data-testid="portal-organizations">
            {shown.map((organization) => (
              <li key={organization.id}>
                <Link to={`/organization/${encodeURIComponent(organization.name)}`} data-testid="portal-organization-link">
                  <span>{localTitle(locale, organization)}</span>
                  <span className="zsp-count">{t('portal.countDatasets', { n: formatNumber(locale, organization.datasetCount) })}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {organizations.data && shown.length === 0 && <p>{t('portal.organizations.none')}</p>}
      </div>
    </>
  );
}

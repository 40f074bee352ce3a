// The portal's front page: one big search box, the catalogue in numbers, the newest and the most used
// datasets, and the ways in by theme and by department.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { DatasetList } from '../components/DatasetList';
import { PageHead } from '../components/PageHead';
import { ErrorState, PageSpinner } from '../components/PageState';
import { formatNumber, localTitle } from '../labels';
import type { PortalSummary } from '../types';

export default function HomePage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const summary = useAsync(() => portalApi.get<PortalSummary>(`${OPEN_API}/summary`), []);
  const data = summary.data;

  const stats = data
    ? [
        { key: 'datasets', value: data.counts.datasets },
        { key: 'organizations', value: data.counts.organizations },
        { key: 'views', value: data.counts.views },
        { key: 'downloads', value: data.counts.downloads },
        { key: 'apiCalls', value: data.counts.apiCalls },
      ]
    : [];

  return (
    <>
      <PageHead title={t('portal.home.title')} description={t('portal.home.description')} />
      <section className="zsp-hero" aria-labelledby="zsp-home-title">
        <h1 id="zsp-home-title">{t('portal.home.heading')}</h1>
        <p>{t('portal.home.lead')}</p>
        <form
          role="search"
          aria-label={t('portal.search.landmark')}
          className="zsp-hero-search"
          onSubmit={(event) => {
            event.preventDefault();
            const q = text.trim();
            navigate(q ? `/dataset?q=${encodeURIComponent(q)}` : '/dataset');
          }}
        >
          <label htmlFor="zsp-home-q" className="zsp-visually-hidden">
            {t('portal.search.label')}
          </label>
          <input
            id="zsp-home-q"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('portal.home.searchPlaceholder')}
            data-testid="portal-home-search"
          />
          <button type="submit" data-testid="portal-home-search-submit">
            {t('portal.search.submit')}
          </button>
        </form>
        {data && (
          <ul className="zsp-stats" aria-label={t('portal.home.statsLabel')} data-testid="portal-home-stats">
            {stats.map((stat) => (
              <li key={stat.key}>
                <span className="zsp-stat-value">{formatNumber(locale, stat.value)}</span>
                <span className="zsp-stat-label">{t(`portal.home.stat.${stat.key}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {summary.error ? <ErrorState error={summary.error} onRetry={summary.reload} /> : null}
      {!data && !summary.error && <PageSpinner />}
      {data && (
        <>
          <div className="zsp-grid-2">
            <section className="zsp-panel" aria-labelledby="zsp-home-newest">
              <h2 id="zsp-home-newest" className="zsp-section-title">
                {t('portal.home.newest')}
              </h2>
              <DatasetList items={data.newest} headingLevel={3} compact testId="portal-home-newest" />
              <Link to="/dataset?sort=modified">{t('portal.home.moreNewest')}</Link>
            </section>
            <section className="zsp-panel" aria-labelledby="zsp-home-popular">
              <h2 id="zsp-home-popular" className="zsp-section-title">
                {t('portal.home.popular')}
              </h2>
              <DatasetList items={data.popular} headingLevel={3} compact testId="portal-home-popular" />
              <Link to="/dataset?sort=popular">{t('portal.home.morePopular')}</Link>
            </section>
          </div>

          <section className="zsp-panel" aria-labelledby="zsp-home-themes">
            <h2 id="zsp-home-themes" className="zsp-section-title">
              {t('portal.home.byTheme')}
            </h2>
            <ul className="zsp-count-list" data-testid="portal-home-themes">
              {data.themes.filter((theme) => theme.count > 0).map((theme) => (
                <li key={theme.key}>
                  <Link to={`/group/${encodeURIComponent(theme.key)}`}>
                    <span>{localTitle(locale, theme)}</span>
                    <span className="zsp-count">{t('portal.countDatasets', { n: formatNumber(locale, theme.count) })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>

          <section className="zsp-panel" aria-labelledby="zsp-home-organizations">
            <h2 id="zsp-home-organizations" className="zsp-section-title">
              {t('portal.home.byOrganization')}
            </h2>
            <ul className="zsp-count-list" data-testid="portal-home-organizations">
              {data.organizations.map((organization) => (
                <li key={organization.name}>
                  <Link to={`/organization/${encodeURIComponent(organization.name)}`}>
                    <span>{localTitle(locale, organization)}</span>
                    <span className="zsp-count">{t('portal.countDatasets', { n: formatNumber(locale, organization.count) })}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <p style={{ margin: '12px 0 0' }}>
              <Link to="/organization">{t('portal.home.allOrganizations')}</Link>
            </p>
          </section>
        </>
      )}
    </>
  );
}

// The themes (the EU data themes, CKAN groups) with their dataset counts.
import { Link } from 'react-router-dom';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { PageHead } from '../components/PageHead';
import { ErrorState, PageSpinner } from '../components/PageState';
import { formatNumber, localTitle } from '../labels';
import type { ThemeCount } from '../types';

export default function ThemesPage() {
  const { t, locale } = useI18n();
  const themes = useAsync(() => portalApi.get<ThemeCount[]>(`${OPEN_API}/themes`), []);
  return (
    <>
      <PageHead title={t('portal.themes.title')} description={t('portal.themes.description')} />
      <h1 className="zsp-page-title">{t('portal.themes.title')}</h1>
      <p className="zsp-lead">{t('portal.themes.lead')}</p>
      <div className="zsp-panel">
        {themes.error ? <ErrorState error={themes.error} onRetry={themes.reload} /> : null}
        {!themes.data && !themes.error && <PageSpinner />}
        {themes.data && (
          <ul className="zsp-count-list" data-testid="portal-themes">
            {themes.data.map((theme) => (
              <li key={theme.key}>
                <Link to={`/group/${encodeURIComponent(theme.key)}`}>
                  <span>{localTitle(locale, theme)}</span>
                  <span className="zsp-count">{t('portal.countDatasets', { n: formatNumber(locale, theme.count) })}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

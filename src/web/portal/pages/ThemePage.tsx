// One theme's datasets (/group/:key, the CKAN group of the same name).
import { Link, useParams } from 'react-router-dom';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { FilteredDatasets } from '../components/FilteredDatasets';
import { PageHead } from '../components/PageHead';
import { NotFoundState, PageSpinner } from '../components/PageState';
import { localTitle } from '../labels';
import type { ThemeCount } from '../types';

export default function ThemePage() {
  const { key = '' } = useParams();
  const { t, locale } = useI18n();
  const themes = useAsync(() => portalApi.get<ThemeCount[]>(`${OPEN_API}/themes`), []);
  if (!themes.data && !themes.error) return <PageSpinner />;
  const theme = themes.data?.find((entry) => entry.key === key);
  // Without the list (an error) the key still filters; the vocabulary words name it.
  if (themes.data && !theme) return <NotFoundState />;
  const title = theme ? localTitle(locale, theme) : t(`portal.theme.${key}`);
  return (
    <>
      <PageHead title={title} description={t('portal.theme.description', { name: title })} />
      <nav aria-label={t('portal.breadcrumb')} className="zsp-breadcrumb">
        <ol>
          <li>
            <Link to="/portal">{t('portal.nav.home')}</Link>
          </li>
          <li>
            <Link to="/group">{t('portal.nav.themes')}</Link>
          </li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <h1 className="zsp-page-title">{title}</h1>
      {theme && theme.titleEn && locale === 'zh-CN' && (
        <p className="zsp-lead" lang="en">
          {theme.titleEn}
        </p>
      )}
      <FilteredDatasets field="theme" value={key} headingId="zsp-theme-datasets" heading={t('portal.theme.datasets')} />
    </>
  );
}

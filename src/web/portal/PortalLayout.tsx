// The public portal's frame: a skip link, the header (name, search, language, the portal account), the main
// navigation, the page, and a footer with the staff login. Landmarks: header, nav, main, footer. The antd
// theme is adjusted here so secondary texts keep a 4.5:1 contrast on white.
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { ConfigProvider } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n } from '../i18n';
import { PageSpinner } from './components/PageState';
import { PortalSessionProvider, usePortalSession } from './session';
import './portal.css';

const PORTAL_THEME = {
  token: {
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorLink: '#1f4e9c',
  },
};

function HeaderSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === '/dataset' ? (params.get('q') ?? '') : '';
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  return (
    <form
      role="search"
      aria-label={t('portal.search.landmark')}
      className="zsp-header-search"
      onSubmit={(event) => {
        event.preventDefault();
        const q = text.trim();
        navigate(q ? `/dataset?q=${encodeURIComponent(q)}` : '/dataset');
      }}
    >
      <label htmlFor="zsp-header-q" className="zsp-visually-hidden">
        {t('portal.search.label')}
      </label>
      <input
        id="zsp-header-q"
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('portal.search.placeholder')}
        data-testid="portal-header-search"
      />
      <button type="submit">{t('portal.search.submit')}</button>
    </form>
  );
}

function AccountLinks() {
  const { t } = useI18n();
  const { user, loading } = usePortalSession();
  if (loading) return null;
  if (user) {
    return (
      <Link to="/portal/account" className="zsp-header-link" data-testid="portal-account-link">
        <UserOutlined aria-hidden /> {user.displayName}
      </Link>
    );
  }
  return (
    <>
      <Link to="/portal/login" className="zsp-header-link" data-testid="portal-login-link">
        {t('portal.nav.login')}
      </Link>
      <Link to="/portal/register" className="zsp-header-link">
        {t('portal.nav.register')}
      </Link>
    </>
  );
}

const NAV: Array<{ to: string; key: string; end?: boolean }> = [
  { to: '/portal', key: 'portal.nav.home', end: true },
  { to: '/dataset', key: 'portal.nav.datasets' },
  { to: '/organization', key: 'portal.nav.organizations' },
  { to: '/group', key: 'portal.nav.themes' },
  { to: '/portal/api', key: 'portal.nav.api' },
  { to: '/portal/requests', key: 'portal.nav.requests' },
];

function PortalFrame() {
  const { t } = useI18n();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  const onHome = location.pathname === '/portal' || location.pathname === '/portal/';

  // A new page (not a new query on the same page) starts at the top, and keyboard and screen reader users
  // land in the page's content instead of the header they just used.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className="zsp">
      <a className="zsp-skip" href="#zsp-main">
        {t('portal.skipToContent')}
      </a>
      <header className="zsp-header">
        <div className="zsp-container zsp-header-bar">
          <Link to="/portal" className="zsp-brand" data-testid="portal-brand">
            <span className="zsp-logo" aria-hidden>
              枢
            </span>
            <span>{t('portal.name')}</span>
          </Link>
          {!onHome && <HeaderSearch />}
          <div className="zsp-header-tools">
            <LanguageSwitch />
            <AccountLinks />
          </div>
        </div>
        <nav className="zsp-nav" aria-label={t('portal.nav.label')}>
          <ul className="zsp-container">
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="zsp-main" className="zsp-main" tabIndex={-1} ref={mainRef}>
        <div className="zsp-container">
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </div>
      </main>
      <footer className="zsp-footer">
        <div className="zsp-container">
          <ul>
            <li>
              <Link to="/portal/api">{t('portal.nav.api')}</Link>
            </li>
            <li>
              <a href="/catalog.jsonld">{t('portal.footer.dcat')}</a>
            </li>
            <li>
              <a href="/api/3/action/package_list">{t('portal.footer.ckan')}</a>
            </li>
            <li>
              <Link to="/portal/requests/new">{t('portal.footer.request')}</Link>
            </li>
            <li>
              <Link to="/login" data-testid="portal-console-login">
                {t('portal.footer.console')}
              </Link>
            </li>
          </ul>
          <p style={{ margin: 0 }}>{t('portal.footer.note')}</p>
        </div>
      </footer>
    </div>
  );
}

export default function PortalLayout() {
  return (
    <ConfigProvider theme={PORTAL_THEME}>
      <PortalSessionProvider>
        <PortalFrame />
      </PortalSessionProvider>
    </ConfigProvider>
  );
}

// The portal user's own page: who they are, their applications for conditionally open data with status, and
// logging out.
import { Link, Navigate } from 'react-router-dom';
import { Button } from 'antd';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { StatusBadge } from '../components/DatasetList';
import { PageHead } from '../components/PageHead';
import { ErrorState, PageSpinner } from '../components/PageState';
import { formatDate } from '../labels';
import { usePortalSession } from '../session';
import type { Application } from '../types';

function Applications() {
  const { t, locale } = useI18n();
  const applications = useAsync(() => portalApi.get<Application[]>(`${OPEN_API}/account/applications`), []);
  if (applications.error) return <ErrorState error={applications.error} onRetry={applications.reload} />;
  if (!applications.data) return <PageSpinner />;
  if (applications.data.length === 0) {
    return (
      <p>
        {t('portal.account.noApplications')} <Link to="/dataset?openType=conditional">{t('portal.account.findConditional')}</Link>
      </p>
    );
  }
  return (
    <div className="zsp-table-wrap">
      <table className="zsp-table" data-testid="portal-applications">
        <caption className="zsp-visually-hidden">{t('portal.account.applications')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portal.account.dataset')}</th>
            <th scope="col">{t('portal.account.purpose')}</th>
            <th scope="col">{t('portal.account.status')}</th>
            <th scope="col">{t('portal.account.appliedOn')}</th>
            <th scope="col">{t('portal.account.validUntil')}</th>
          </tr>
        </thead>
        <tbody>
          {applications.data.map((application) => {
            const statusKey = `portal.application.status.${application.status}`;
            const statusText = t(statusKey) === statusKey ? application.status : t(statusKey);
            return (
              <tr key={application.id}>
                <td>
                  <Link to={`/dataset/${encodeURIComponent(application.dataset.name)}`}>{application.dataset.title}</Link>
                </td>
                <td className="zsp-notes">{application.purpose}</td>
                <td>
                  <StatusBadge status={application.status} label={statusText} testId="portal-application-status" />
                  {application.reason && <div style={{ marginTop: 4 }}>{application.reason}</div>}
                </td>
                <td>{formatDate(locale, application.createdAt)}</td>
                <td>{application.expiresAt ? formatDate(locale, application.expiresAt) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default function AccountPage() {
  const { t } = useI18n();
  const { user, loading, logout } = usePortalSession();
  if (loading) return <PageSpinner />;
  if (!user) return <Navigate to="/portal/login?from=%2Fportal%2Faccount" replace />;
  return (
    <>
      <PageHead title={t('portal.account.title')} description={t('portal.account.description')} />
      <h1 className="zsp-page-title">{t('portal.account.title')}</h1>
      <section className="zsp-panel" aria-labelledby="zsp-account-me">
        <h2 id="zsp-account-me" className="zsp-section-title">
          {t('portal.account.me')}
        </h2>
        <dl className="zsp-facts">
          <div>
            <dt>{t('portal.account.displayName')}</dt>
            <dd data-testid="portal-account-name">{user.displayName}</dd>
          </div>
          <div>
            <dt>{t('portal.account.email')}</dt>
            <dd>{user.email}</dd>
          </div>
          <div>
            <dt>{t('portal.account.organisation')}</dt>
            <dd>{user.organisation ?? '—'}</dd>
          </div>
        </dl>
        <Button style={{ marginTop: 16 }} onClick={() => void logout()} data-testid="portal-logout">
          {t('portal.account.logout')}
        </Button>
      </section>
      <section className="zsp-panel" aria-labelledby="zsp-account-applications">
        <h2 id="zsp-account-applications" className="zsp-section-title">
          {t('portal.account.applications')}
        </h2>
        <Applications />
      </section>
    </>
  );
}

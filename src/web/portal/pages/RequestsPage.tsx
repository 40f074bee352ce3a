// "Request a dataset" (数据需求): what the public asked departments to open, with each request's status and
// the department's answer, in public (never the requester's contact details).
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Pagination } from 'antd';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { StatusBadge } from '../components/DatasetList';
import { PageHead } from '../components/PageHead';
import { ErrorState, PageSpinner } from '../components/PageState';
import { formatDate, formatNumber } from '../labels';
import type { DataRequest, RequestStatus } from '../types';

const PAGE_SIZE = 10;
const STATUSES: RequestStatus[] = ['open', 'accepted', 'opened', 'declined'];

export default function RequestsPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') as RequestStatus | null;
  const status = statusParam && STATUSES.includes(statusParam) ? statusParam : '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const submitted = params.get('submitted');
  const answer = useAsync(
    () => portalApi.get<{ items: DataRequest[]; total: number }>(`${OPEN_API}/requests`, { status: status || undefined, page, pageSize: PAGE_SIZE }),
    [status, page],
  );
  const setQuery = (next: { status?: string; page?: number }) => {
    const query = new URLSearchParams();
    const nextStatus = next.status ?? status;
    if (nextStatus) query.set('status', nextStatus);
    if (next.page && next.page > 1) query.set('page', String(next.page));
    setParams(query);
  };

  return (
    <>
      <PageHead title={t('portal.requests.title')} description={t('portal.requests.description')} />
      <h1 className="zsp-page-title">{t('portal.requests.title')}</h1>
      <p className="zsp-lead">{t('portal.requests.lead')}</p>
      {submitted && (
        <Alert type="success" showIcon role="status" title={t('portal.requests.submitted')} style={{ marginBottom: 16 }} data-testid="portal-request-submitted" />
      )}
      <div className="zsp-toolbar">
        <Link to="/portal/requests/new" className="zsp-button-link" data-testid="portal-request-new">
          {t('portal.nav.requestNew')}
        </Link>
        <label className="zsp-select">
          {t('portal.requests.filterStatus')}
          <select value={status} onChange={(event) => setQuery({ status: event.target.value, page: 1 })} data-testid="portal-requests-status">
            <option value="">{t('portal.requests.allStatuses')}</option>
            {STATUSES.map((entry) => (
              <option key={entry} value={entry}>
                {t(`portal.request.status.${entry}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {answer.error ? <ErrorState error={answer.error} onRetry={answer.reload} /> : null}
      {!answer.data && !answer.error && <PageSpinner />}
      {answer.data && (
        <section className="zsp-panel" aria-labelledby="zsp-requests-list">
          <h2 id="zsp-requests-list" className="zsp-visually-hidden">
            {t('portal.requests.list')}
          </h2>
          <p role="status" style={{ margin: 0 }}>
            {t('portal.requests.total', { n: formatNumber(locale, answer.data.total) })}
          </p>
          {answer.data.items.length === 0 && <p>{t('portal.requests.none')}</p>}
          <ul className="zsp-dataset-list" data-testid="portal-requests">
            {answer.data.items.map((request) => (
              <li key={request.id} className="zsp-dataset-item" data-testid="portal-request-item">
                <h3>{request.title}</h3>
                <p style={{ margin: '4px 0' }}>
                  <StatusBadge status={request.status} label={t(`portal.request.status.${request.status}`)} testId="portal-request-status" />
                </p>
                <p className="zsp-dataset-notes zsp-notes">{request.description}</p>
                <p className="zsp-dataset-meta">
                  <span>{t('portal.requests.askedOn', { date: formatDate(locale, request.createdAt) })}</span>
                  {request.department && (
                    <span>{t('portal.requests.department', { name: locale === 'en-US' && request.department.nameEn ? request.department.nameEn : request.department.name })}</span>
                  )}
                </p>
                {request.answer && (
                  <div className="zsp-answer">
                    <strong>{t('portal.requests.answer', { date: formatDate(locale, request.answeredAt) })}</strong>
                    <p className="zsp-notes" style={{ margin: '4px 0 0' }}>
                      {request.answer}
                    </p>
                  </div>
                )}
                {request.dataset && (
                  <p style={{ margin: '6px 0 0' }}>
                    {t('portal.requests.openedAs')} <Link to={`/dataset/${encodeURIComponent(request.dataset.name)}`}>{request.dataset.title}</Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
          {answer.data.total > PAGE_SIZE && (
            <nav aria-label={t('portal.search.pages')}>
              <Pagination current={page} pageSize={PAGE_SIZE} total={answer.data.total} showSizeChanger={false} onChange={(next) => setQuery({ page: next })} />
            </nav>
          )}
        </section>
      )}
    </>
  );
}

// The datasets of one department or one theme: the search API with that filter, newest first, paged
// (?page=N in the URL), with a link to the full search for more filters.
import { Link, useSearchParams } from 'react-router-dom';
import { Pagination } from 'antd';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { formatNumber } from '../labels';
import type { SearchAnswer } from '../types';
import { DatasetList } from './DatasetList';
import { ErrorState, PageSpinner } from './PageState';

const PAGE_SIZE = 10;

export function FilteredDatasets(props: { field: 'organization' | 'theme'; value: string; headingId: string; heading: string }) {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const answer = useAsync(
    () => portalApi.get<SearchAnswer>(`${OPEN_API}/search`, { [props.field]: props.value, sort: 'modified', page, pageSize: PAGE_SIZE }),
    [props.field, props.value, page],
  );
  const data = answer.data;
  return (
    <section className="zsp-panel" aria-labelledby={props.headingId}>
      <h2 id={props.headingId} className="zsp-section-title">
        {props.heading}
      </h2>
      {answer.error ? <ErrorState error={answer.error} onRetry={answer.reload} /> : null}
      {!data && !answer.error && <PageSpinner />}
      {data && (
        <>
          <p role="status" style={{ margin: 0 }}>
            {t('portal.search.total', { n: formatNumber(locale, data.total) })}{' '}
            <Link to={`/dataset?${props.field}=${encodeURIComponent(props.value)}`}>{t('portal.searchWithin')}</Link>
          </p>
          <DatasetList items={data.items} headingLevel={3} testId="portal-filtered-datasets" />
          {data.total > PAGE_SIZE && (
            <nav aria-label={t('portal.search.pages')}>
              <Pagination
                current={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                showSizeChanger={false}
                onChange={(next) => setParams(next > 1 ? { page: String(next) } : {})}
              />
            </nav>
          )}
        </>
      )}
    </section>
  );
}

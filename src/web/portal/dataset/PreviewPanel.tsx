// The preview: the dataset's first rows in a table, with a filter per column (exact value), a keyword over
// all text columns, sorting by any column and paging. Rows come from the records API with preview=1.
import { useState } from 'react';
import { Button, Table } from 'antd';
import type { TableProps } from 'antd';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { ErrorState } from '../components/PageState';
import { formatNumber } from '../labels';
import type { DatasetDetail, DatastoreAnswer } from '../types';
import { cellText, datastoreTypeOf, fetchRecords, filterValue } from './records';
import type { RecordsQuery } from './records';

const PAGE_SIZE = 20;
type Row = Record<string, unknown>;

export function PreviewPanel(props: { dataset: DatasetDetail }) {
  const { t, locale } = useI18n();
  const { dataset } = props;
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [draftQ, setDraftQ] = useState('');
  const [applied, setApplied] = useState<{ filters: Record<string, string>; q: string }>({ filters: {}, q: '' });
  const [sort, setSort] = useState<RecordsQuery['sort']>(null);
  const [page, setPage] = useState(1);

  const types = new Map(dataset.fields.map((field) => [field.name, datastoreTypeOf(field.type)]));
  const query: RecordsQuery = {
    filters: Object.fromEntries(
      Object.entries(applied.filters)
        .filter(([, value]) => value.trim() !== '')
        .map(([field, value]) => [field, filterValue(types.get(field), value)]),
    ),
    q: applied.q,
    sort,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const answer = useAsync(() => fetchRecords(dataset.name, query), [dataset.name, JSON.stringify(query)]);

  const labels = new Map(dataset.fields.map((field) => [field.name, field.label || field.name]));
  const fields: DatastoreAnswer['fields'] = (answer.data?.fields ?? dataset.fields.map((field) => ({ id: field.name, type: datastoreTypeOf(field.type) }))).filter(
    (field) => field.id !== '_id',
  );
  const columns: TableProps<Row>['columns'] = fields.map((field) => ({
    key: field.id,
    dataIndex: field.id,
    title: labels.get(field.id) ?? field.info?.label ?? field.id,
    sorter: true,
    sortOrder: sort?.field === field.id ? (sort.direction === 'asc' ? 'ascend' : 'descend') : null,
    ellipsis: true,
    render: (value: unknown) => cellText(value),
  }));

  const apply = () => {
    setApplied({ filters: { ...draft }, q: draftQ });
    setPage(1);
  };
  const reset = () => {
    setDraft({});
    setDraftQ('');
    setApplied({ filters: {}, q: '' });
    setPage(1);
  };

  return (
    <div data-testid="portal-preview">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
        aria-labelledby="zsp-preview-filter-title"
      >
        <h3 id="zsp-preview-filter-title" className="zsp-section-title" style={{ fontSize: 16 }}>
          {t('portal.preview.filterTitle')}
        </h3>
        <p className="zsp-lead" style={{ marginBottom: 8, fontSize: 14 }}>
          {t('portal.preview.filterHint')}
        </p>
        <div className="zsp-preview-filters">
          <label className="zsp-field">
            {t('portal.preview.keyword')}
            <input type="search" value={draftQ} onChange={(event) => setDraftQ(event.target.value)} data-testid="portal-preview-q" />
          </label>
        </div>
        <details className="zsp-column-filters" open={Object.values(draft).some((value) => value.trim() !== '')}>
          <summary data-testid="portal-preview-columns">{t('portal.preview.byColumn', { n: fields.length })}</summary>
          <div className="zsp-preview-filters">
            {fields.map((field) => (
              <label key={field.id} className="zsp-field">
                {labels.get(field.id) ?? field.id}
                <input
                  type="text"
                  value={draft[field.id] ?? ''}
                  onChange={(event) => setDraft({ ...draft, [field.id]: event.target.value })}
                  data-testid={`portal-preview-filter-${field.id}`}
                />
              </label>
            ))}
          </div>
        </details>
        <div style={{ display: 'flex', gap: 8, marginBottom: 16 }}>
          <Button type="primary" htmlType="submit" data-testid="portal-preview-apply">
            {t('portal.preview.apply')}
          </Button>
          <Button onClick={reset} data-testid="portal-preview-reset">
            {t('portal.preview.reset')}
          </Button>
        </div>
      </form>
      {answer.error ? <ErrorState error={answer.error} onRetry={answer.reload} /> : null}
      <p role="status" style={{ margin: '0 0 8px' }} data-testid="portal-preview-total">
        {answer.data && answer.data.total !== null ? t('portal.preview.total', { n: formatNumber(locale, answer.data.total) }) : ''}
      </p>
      <Table<Row>
        rowKey={(row) => String(row._id ?? JSON.stringify(row))}
        columns={columns}
        dataSource={answer.data?.records ?? []}
        loading={answer.loading}
        size="small"
        scroll={{ x: 'max-content' }}
        data-testid="portal-preview-table"
        locale={{ emptyText: t('portal.preview.empty') }}
        showSorterTooltip={false}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: answer.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (next) => setPage(next),
        }}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort') return;
          const chosen = Array.isArray(sorter) ? sorter[0] : sorter;
          if (!chosen || !chosen.order || !chosen.columnKey) setSort(null);
          else setSort({ field: String(chosen.columnKey), direction: chosen.order === 'ascend' ? 'asc' : 'desc' });
          setPage(1);
        }}
      />
    </div>
  );
}

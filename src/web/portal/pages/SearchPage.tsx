// Dataset search (数据目录): a query box, facets with counts (OR within a facet, AND across facets), sorting
// and pages. Everything lives in the URL (/dataset?q=…&theme=…&page=2), so a result page can be shared,
// bookmarked and reached with the browser's back button.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Pagination } from 'antd';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { OPEN_API, portalApi } from '../api';
import { DatasetList } from '../components/DatasetList';
import { PageHead } from '../components/PageHead';
import { ErrorState, PageSpinner } from '../components/PageState';
import { formatNumber, frequencyLabel, licenceLabel, themeLabel } from '../labels';
import { FACET_FIELDS } from '../types';
import type { FacetField, FacetValue, SearchAnswer, SearchSort } from '../types';

const PAGE_SIZE = 10;
const SORTS: SearchSort[] = ['relevance', 'modified', 'popular', 'name'];
const COLLAPSED = 8;

function Facet(props: {
  field: FacetField;
  values: FacetValue[];
  selected: string[];
  labelOf(value: FacetValue): string;
  onToggle(value: string): void;
}) {
  const { t, locale } = useI18n();
  const [expanded, setExpanded] = useState(false);
  // A chosen value stays listed even when the current answer no longer counts it.
  const missing = props.selected
    .filter((value) => !props.values.some((entry) => entry.value === value))
    .map((value) => ({ value, label: value, labelEn: null, count: 0 }));
  const all = [...props.values, ...missing];
  if (all.length === 0) return null;
  const shown = expanded ? all : all.slice(0, COLLAPSED);
  const idOf = (value: string) => `zsp-facet-${props.field}-${value.replace(/[^\w-]/g, '_')}`;
  return (
    <fieldset className="zsp-facet" data-testid={`facet-${props.field}`}>
      <legend>{t(`portal.facet.${props.field}`)}</legend>
      {shown.map((entry) => {
        const checked = props.selected.includes(entry.value);
        return (
          <label key={entry.value} className="zsp-facet-option" htmlFor={idOf(entry.value)}>
            <span className="zsp-facet-name">
              <input
                id={idOf(entry.value)}
                type="checkbox"
                checked={checked}
                onChange={() => props.onToggle(entry.value)}
                data-testid={`facet-${props.field}-${entry.value}`}
              />
              <span>{props.labelOf(entry)}</span>
            </span>
            <span className="zsp-count">{formatNumber(locale, entry.count)}</span>
          </label>
        );
      })}
      {all.length > COLLAPSED && (
        <button type="button" className="zsp-facet-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('portal.facet.less') : t('portal.facet.more', { n: all.length - COLLAPSED })}
        </button>
      )}
    </fieldset>
  );
}

export default function SearchPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sortParam = params.get('sort');
  const sort: SearchSort = SORTS.includes(sortParam as SearchSort) ? (sortParam as SearchSort) : q ? 'relevance' : 'modified';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const selected = Object.fromEntries(FACET_FIELDS.map((field) => [field, params.getAll(field)])) as Record<FacetField, string[]>;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const key = params.toString();
  const answer = useAsync(
    () =>
      portalApi.get<SearchAnswer>(`${OPEN_API}/search`, {
        q: q || undefined,
        ...selected,
        sort,
        page,
        pageSize: PAGE_SIZE,
      }),
    [key],
  );

  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    setParams(next);
  };

  const toggle = (field: FacetField, value: string) =>
    update((next) => {
      const values = next.getAll(field);
      next.delete(field);
      const chosen = values.includes(value) ? values.filter((entry) => entry !== value) : [...values, value];
      for (const entry of chosen) next.append(field, entry);
      next.delete('page');
    });

  const facetLabel = (field: FacetField, entry: FacetValue): string => {
    if (locale === 'en-US' && entry.labelEn) return entry.labelEn;
    if (entry.label && entry.label !== entry.value) return entry.label;
    if (field === 'theme') return themeLabel(t, entry.value);
    if (field === 'frequency') return frequencyLabel(t, entry.value);
    if (field === 'license') return licenceLabel(t, entry.value);
    if (field === 'openType') return t(`portal.openType.${entry.value}`);
    return entry.label || entry.value;
  };

  const data = answer.data;
  const chips = FACET_FIELDS.flatMap((field) =>
    selected[field].map((value) => {
      const known = data?.facets[field]?.find((entry) => entry.value === value);
      return { field, value, label: known ? facetLabel(field, known) : value };
    }),
  );

  const title = q ? t('portal.search.titleFor', { q }) : t('portal.search.title');
  return (
    <>
      <PageHead title={title} description={t('portal.search.description')} />
      <h1 className="zsp-page-title">{t('portal.search.title')}</h1>
      <form
        role="search"
        aria-label={t('portal.search.pageLandmark')}
        className="zsp-search-form"
        onSubmit={(event) => {
          event.preventDefault();
          update((next) => {
            const value = text.trim();
            if (value) next.set('q', value);
            else next.delete('q');
            next.delete('page');
            if (!value && next.get('sort') === 'relevance') next.delete('sort');
          });
        }}
      >
        <label htmlFor="zsp-search-q" className="zsp-visually-hidden">
          {t('portal.search.label')}
        </label>
        <input
          id="zsp-search-q"
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={t('portal.search.placeholder')}
          data-testid="portal-search-input"
        />
        <Button type="primary" htmlType="submit" style={{ height: 40 }} data-testid="portal-search-submit">
          {t('portal.search.submit')}
        </Button>
      </form>

      <div className="zsp-search-layout">
        <aside aria-label={t('portal.facet.label')}>
          {data
            ? FACET_FIELDS.map((field) => (
                <Facet
                  key={field}
                  field={field}
                  values={data.facets[field] ?? []}
                  selected={selected[field]}
                  labelOf={(entry) => facetLabel(field, entry)}
                  onToggle={(value) => toggle(field, value)}
                />
              ))
            : null}
        </aside>
        <section aria-labelledby="zsp-results-heading">
          <h2 id="zsp-results-heading" className="zsp-visually-hidden">
            {t('portal.search.results')}
          </h2>
          {answer.error ? <ErrorState error={answer.error} onRetry={answer.reload} /> : null}
          {data?.relaxed && (
            <Alert type="info" showIcon title={t('portal.search.relaxed', { q })} style={{ marginBottom: 12 }} data-testid="portal-search-relaxed" />
          )}
          {chips.length > 0 && (
            <div className="zsp-active-filters">
              {chips.map((chip) => (
                <button
                  key={`${chip.field}:${chip.value}`}
                  type="button"
                  className="zsp-chip"
                  onClick={() => toggle(chip.field, chip.value)}
                  aria-label={t('portal.search.removeFilter', { facet: t(`portal.facet.${chip.field}`), value: chip.label })}
                >
                  {t(`portal.facet.${chip.field}`)}: {chip.label} <span aria-hidden>×</span>
                </button>
              ))}
              <button
                type="button"
                className="zsp-chip"
                onClick={() =>
                  update((next) => {
                    for (const field of FACET_FIELDS) next.delete(field);
                    next.delete('page');
                  })
                }
              >
                {t('portal.search.clearFilters')}
              </button>
            </div>
          )}
          <div className="zsp-toolbar">
            <p role="status" style={{ margin: 0 }} data-testid="portal-search-total">
              {data ? t('portal.search.total', { n: formatNumber(locale, data.total) }) : ''}
            </p>
            <label className="zsp-select">
              {t('portal.search.sort')}
              <select
                value={sort}
                onChange={(event) =>
                  update((next) => {
                    next.set('sort', event.target.value);
                    next.delete('page');
                  })
                }
                data-testid="portal-search-sort"
              >
                {SORTS.map((option) => (
                  <option key={option} value={option}>
                    {t(`portal.search.sort.${option}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="zsp-panel" style={{ paddingTop: 4, paddingBottom: 4 }}>
            {!data && !answer.error ? <PageSpinner /> : null}
            {data && <DatasetList items={data.items} testId="portal-search-results" />}
          </div>
          {data && data.total > PAGE_SIZE && (
            <nav aria-label={t('portal.search.pages')}>
              <Pagination
                current={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                showSizeChanger={false}
                onChange={(next) =>
                  update((params) => {
                    if (next > 1) params.set('page', String(next));
                    else params.delete('page');
                  })
                }
              />
            </nav>
          )}
        </section>
      </div>
    </>
  );
}

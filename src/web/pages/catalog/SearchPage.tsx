// 信息资源目录 search: query box, facets with counts, status filter, sort, paginated results, export.
import { AuditOutlined, DownloadOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Input, Pagination, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';
import { FacetPanel } from './FacetPanel';
import { canFilterByStatus, canImport, isDataAdmin, isDepartmentUser } from './permissions';
import { ResultItem } from './ResultItem';
import {
  clearFilters,
  effectiveSort,
  parseSearchState,
  STATUS_FILTERS,
  toApiQuery,
  toFilterQuery,
  toggleFilter,
  toSearchParams,
  type SearchState,
} from './searchState';
import { useEnumLabel, type EnumKind } from './tags';
import { FACET_NAMES, SORTS, type FacetName, type SearchAnswer, type SearchSort } from './types';
import { useReferenceNames } from './useReferenceData';

const ENUM_FACETS: Partial<Record<FacetName, EnumKind>> = {
  sharingType: 'sharingType',
  openType: 'openType',
  format: 'format',
  updateCycle: 'updateCycle',
};

export function SearchPage() {
  const { t, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const enumLabel = useEnumLabel();
  const names = useReferenceNames();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearchState(params), [params]);
  const [queryText, setQueryText] = useState(state.q);
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<'xlsx' | 'json' | null>(null);
  const requestSeq = useRef(0);

  // The box follows the URL when the user navigates back/forward or follows a link.
  useEffect(() => setQueryText(state.q), [state.q]);

  const apiQueryKey = JSON.stringify(toApiQuery(state));
  useEffect(() => {
    const seq = ++requestSeq.current;
    setLoading(true);
    setError(null);
    catalogApi
      .search(JSON.parse(apiQueryKey))
      .then((result) => seq === requestSeq.current && setAnswer(result))
      .catch((e: unknown) => seq === requestSeq.current && setError(e))
      .finally(() => seq === requestSeq.current && setLoading(false));
  }, [apiQueryKey]);

  const update = (next: SearchState) => setParams(toSearchParams(next));

  const labelOf = (name: FacetName) => (value: string, serverLabel?: string | null) => {
    const kind = ENUM_FACETS[name];
    if (kind) return enumLabel(kind, value);
    if (name === 'department') return names.departmentName(value, serverLabel);
    if (name === 'classification') return names.classificationName(value, serverLabel);
    return serverLabel || value;
  };

  const facetBucketLabel = (name: FacetName, value: string) =>
    labelOf(name)(value, answer?.facets?.[name]?.find((bucket) => bucket.value === value)?.label);

  const selectedFilters = FACET_NAMES.flatMap((name) => state.filters[name].map((value) => ({ name, value })));

  const runExport = async (format: 'xlsx' | 'json') => {
    setExporting(format);
    try {
      await catalogApi.exportFile(format, toFilterQuery(state));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(null);
    }
  };

  const headerActions = (
    <Space wrap>
      {isDataAdmin(me) && (
        <Button icon={<AuditOutlined />} onClick={() => navigate('/catalog/review')} data-testid="catalog-review-link">
          {t('catalog.review.title')}
        </Button>
      )}
      {canImport(me) && (
        <Button icon={<ImportOutlined />} onClick={() => navigate('/catalog/import')} data-testid="catalog-import-link">
          {t('catalog.action.import')}
        </Button>
      )}
      {isDepartmentUser(me) && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/catalog/new')} data-testid="catalog-create">
          {t('catalog.action.create')}
        </Button>
      )}
    </Space>
  );

  return (
    <div>
      <PageHeader title={t('catalog.title')} extra={headerActions} />
      <div style={{ maxWidth: 820, margin: '8px auto 20px' }}>
        {/* Input + button rather than Input.Search, whose test id lands on a wrapper and not on the input. */}
        <Space.Compact block size="large">
          <Input
            allowClear
            prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />}
            placeholder={t('catalog.search.placeholder')}
            value={queryText}
            onChange={(e) => {
              setQueryText(e.target.value);
              // Clearing the box with its × shows everything again at once.
              if (e.type === 'click' && !e.target.value) update({ ...state, q: '', page: 1 });
            }}
            onPressEnter={() => update({ ...state, q: queryText, page: 1 })}
            data-testid="catalog-search"
            aria-label={t('catalog.search.button')}
          />
          <Button type="primary" onClick={() => update({ ...state, q: queryText, page: 1 })} data-testid="catalog-search-button">
            {t('catalog.search.button')}
          </Button>
        </Space.Compact>
      </div>
      <Row gutter={16}>
        <Col xs={24} md={8} lg={6}>
          {FACET_NAMES.map((name) => (
            <FacetPanel
              key={name}
              name={name}
              buckets={answer?.facets?.[name] ?? []}
              selected={state.filters[name]}
              labelOf={labelOf(name)}
              onToggle={(value) => update(toggleFilter(state, name, value))}
            />
          ))}
        </Col>
        <Col xs={24} md={16} lg={18}>
          <Card>
            <div
              style={{
                display: 'flex',
                flexWrap: 'wrap',
                justifyContent: 'space-between',
                alignItems: 'center',
                gap: 8,
                marginBottom: 8,
              }}
            >
              <Typography.Text data-testid="catalog-total">
                {t('catalog.search.total', { total: answer?.total ?? 0 })}
              </Typography.Text>
              <Space wrap>
                {canFilterByStatus(me) && (
                  <Space size={4}>
                    <Typography.Text type="secondary">{t('catalog.field.status')}</Typography.Text>
                    <Select
                      value={state.status}
                      style={{ width: 120 }}
                      data-testid="catalog-status-filter"
                      onChange={(status) => update({ ...state, status, page: 1 })}
                      options={STATUS_FILTERS.map((status) => ({
                        value: status,
                        label: status === 'all' ? t('catalog.status.all') : enumLabel('status', status),
                      }))}
                    />
                  </Space>
                )}
                <Space size={4}>
                  <Typography.Text type="secondary">{t('catalog.search.sort')}</Typography.Text>
                  <Select<SearchSort>
                    value={effectiveSort(state)}
                    style={{ width: 130 }}
                    data-testid="catalog-sort"
                    onChange={(sort) => update({ ...state, sort, page: 1 })}
                    options={SORTS.map((sort) => ({ value: sort, label: t(`catalog.sort.${sort}`) }))}
                  />
                </Space>
                <Button
                  icon={<DownloadOutlined />}
                  loading={exporting === 'xlsx'}
                  onClick={() => runExport('xlsx')}
                  data-testid="catalog-export-xlsx"
                >
                  {t('catalog.export.xlsx')}
                </Button>
                <Button
                  icon={<DownloadOutlined />}
                  loading={exporting === 'json'}
                  onClick={() => runExport('json')}
                  data-testid="catalog-export-json"
                >
                  {t('catalog.export.json')}
                </Button>
              </Space>
            </div>
            {selectedFilters.length > 0 && (
              <div style={{ marginBottom: 8 }} data-testid="catalog-selected-filters">
                <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                  {t('catalog.filters.selected')}
                </Typography.Text>
                {selectedFilters.map(({ name, value }) => (
                  <Tag
                    key={`${name}:${value}`}
                    closable
                    color="blue"
                    onClose={(e) => {
                      e.preventDefault();
                      update(toggleFilter(state, name, value));
                    }}
                    style={{ marginBottom: 4 }}
                  >
                    {t(`catalog.facet.${name}`)}: {facetBucketLabel(name, value)}
                  </Tag>
                ))}
                <Typography.Link onClick={() => update(clearFilters(state))}>{t('catalog.filters.clear')}</Typography.Link>
              </div>
            )}
            {error != null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />}
            <Spin spinning={loading}>
              <div style={{ minHeight: 200 }} data-testid="catalog-results">
                {answer && answer.data.length === 0 && !loading && (
                  <Empty description={t('catalog.search.empty')} style={{ padding: 40 }} />
                )}
                {answer?.data.map((item) => (
                  <ResultItem key={item.id} item={item} query={state.q} names={names} />
                ))}
              </div>
            </Spin>
            {answer && answer.total > 0 && (
              <Pagination
                style={{ marginTop: 16, textAlign: 'right' }}
                align="end"
                current={state.page}
                pageSize={state.pageSize}
                total={answer.total}
                showSizeChanger
                pageSizeOptions={[10, 20, 50, 100]}
                showTotal={(total) => t('catalog.search.total', { total })}
                onChange={(page, pageSize) =>
                  update({ ...state, page: pageSize !== state.pageSize ? 1 : page, pageSize })
                }
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

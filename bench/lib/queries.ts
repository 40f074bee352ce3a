// The 20 searches of the benchmark: what people type into the catalog (Chinese and English, one and two
// words), with a department facet, a sharing-type filter, deep paging and a browse without words.

export interface BenchQuery {
  label: string;
  q?: string;
  page?: number;
  pageSize?: number;
  /** Resolved to the market supervision bureau's department id at run time. */
  departmentKey?: string;
  sharingType?: string;
  classification?: string;
  sort?: 'relevance' | 'updated' | 'name' | 'code';
}

export const BENCH_QUERIES: BenchQuery[] = [
  { label: '户籍', q: '户籍' },
  { label: '营业执照', q: '营业执照' },
  { label: '不动产登记', q: '不动产登记' },
  { label: '社会保险', q: '社会保险' },
  { label: '最低生活保障', q: '最低生活保障' },
  { label: '食品经营许可', q: '食品经营许可' },
  { label: '空气质量', q: '空气质量' },
  { label: '公交线路', q: '公交线路' },
  { label: '学校', q: '学校' },
  { label: '医疗机构', q: '医疗机构' },
  { label: 'population', q: 'population' },
  { label: 'business licence', q: 'business licence' },
  { label: 'real estate', q: 'real estate' },
  { label: 'air quality', q: 'air quality' },
  { label: '户籍 迁移', q: '户籍 迁移' },
  { label: '企业 信用', q: '企业 信用' },
  { label: '行政处罚 +department=scj', q: '行政处罚', departmentKey: 'scj' },
  { label: '社会救助 +sharingType=conditional', q: '社会救助', sharingType: 'conditional' },
  { label: '信息 page 5', q: '信息', page: 5 },
  { label: '(browse) classification=101, newest', classification: '101', sort: 'updated' },
];

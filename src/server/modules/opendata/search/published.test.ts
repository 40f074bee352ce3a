import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpendataTestbed, type OpendataTestbed } from '../test-support.js';

describe('search over datasets published from the catalog', () => {
  let bed: OpendataTestbed;
  const search = async (query: Record<string, string>) => {
    const response = await bed.t.inject({ method: 'GET', url: '/api/v1/open/search', query });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { total: number; items: Array<{ title: string; openType: string; rowCount: number; formats: string[] }>; facets: Record<string, Array<{ value: string; label: string; labelEn: string; count: number }>> };
  };

  beforeAll(async () => {
    bed = await createOpendataTestbed();
  });
  afterAll(() => bed.close());

  it('finds the open and the conditionally open entry, never the closed one', async () => {
    const all = await search({});
    expect(all.items.map((item) => item.title).sort()).toEqual(['公交站点信息', '市场主体登记信息']);
    expect(all.facets.openType.map((bucket) => bucket.value).sort()).toEqual(['conditional', 'open']);
  });

  it('finds a dataset by its title, keywords, description and data item labels, and through synonyms', async () => {
    expect((await search({ q: '公交站' })).items.map((item) => item.title)).toEqual(['公交站点信息']);
    expect((await search({ q: '候车亭' })).items.map((item) => item.title)).toEqual(['公交站点信息']);
    expect((await search({ q: '公共交通' })).items.map((item) => item.title)).toEqual(['公交站点信息']);
    expect((await search({ q: '企业' })).items.map((item) => item.title)).toEqual(['市场主体登记信息']);
    expect((await search({ q: '公司 注册资本' })).items.map((item) => item.title)).toEqual(['市场主体登记信息']);
    expect((await search({ q: 'bus stops' })).items.map((item) => item.title)).toEqual(['公交站点信息']);
  });

  it('labels the department that publishes them', async () => {
    const answer = await search({ q: '公交' });
    expect(answer.items[0]).toMatchObject({ openType: 'open', rowCount: bed.stopCount });
    expect(answer.facets.organization).toHaveLength(1);
    expect(answer.facets.organization[0]).toMatchObject({ label: '区市场监督管理局', labelEn: 'Market Supervision Administration', count: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { CkanError } from './errors.js';
import { buildSearch, parseSolrQuery, parseSort, solrDate, toFilter } from './query.js';

const NOW = new Date('2026-03-15T10:30:00.000Z');
const filterOf = (fq: string, organizationNameById?: Map<string, string>) => toFilter(parseSolrQuery(fq, 'fq'), { now: NOW, organizationNameById });

function searchQueryMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CkanError);
    expect((error as CkanError).type).toBe('Search Query Error');
    return (error as CkanError).message;
  }
  throw new Error('expected a Search Query Error');
}

describe('q: words, phrases and fields', () => {
  it('keeps plain words as scored text that must all match', () => {
    expect(buildSearch(parseSolrQuery('公交 站点'), [])).toEqual({ text: '公交 站点', filter: null, nothing: false });
  });

  it('treats an empty q, *:* and a lone * as every dataset', () => {
    for (const q of ['', '   ', '*:*', '*']) expect(buildSearch(parseSolrQuery(q), [])).toEqual({ text: null, filter: null, nothing: false });
  });

  it('keeps a quoted phrase together as one text', () => {
    expect(buildSearch(parseSolrQuery('"bus stops" town'), []).text).toBe('bus stops town');
  });

  it('turns field:value terms into filters beside the text', () => {
    expect(buildSearch(parseSolrQuery('water tags:environment'), [])).toEqual({
      text: 'water', filter: { kind: 'term', field: 'tags', value: 'environment' }, nothing: false,
    });
  });

  it('reads text fields (title:, notes:, text:) as text filters', () => {
    expect(buildSearch(parseSolrQuery('title:公交'), []).filter).toEqual({ kind: 'text', text: '公交' });
  });

  it('puts OR between words into the filter, not into the AND text', () => {
    expect(buildSearch(parseSolrQuery('bus OR metro'), [])).toEqual({
      text: null, filter: { kind: 'or', items: [{ kind: 'text', text: 'bus' }, { kind: 'text', text: 'metro' }] }, nothing: false,
    });
  });

  it('unescapes backslash-escaped characters in values', () => {
    expect(filterOf('name:a\\:b')).toEqual({ kind: 'term', field: 'name', value: 'a:b' });
  });

  it('ignores boosts and fuzziness', () => {
    expect(filterOf('tags:water^2')).toEqual({ kind: 'term', field: 'tags', value: 'water' });
    expect(filterOf('"bus stops"~3')).toEqual({ kind: 'text', text: 'bus stops' });
  });
});

describe('fq: the filters CKAN clients send', () => {
  it('maps organization, groups, tags, res_format, license_id, name and id to index terms', () => {
    expect(filterOf('organization:market-supervision')).toEqual({ kind: 'term', field: 'organization', value: 'market-supervision' });
    expect(filterOf('groups:transport')).toEqual({ kind: 'term', field: 'groups', value: 'transport' });
    expect(filterOf('tags:"public transport"')).toEqual({ kind: 'term', field: 'tags', value: 'public transport' });
    expect(filterOf('res_format:CSV')).toEqual({ kind: 'term', field: 'res_format', value: 'CSV' });
    expect(filterOf('license_id:cc-by-4.0')).toEqual({ kind: 'term', field: 'license_id', value: 'cc-by-4.0' });
    expect(filterOf('name:bus-stops')).toEqual({ kind: 'term', field: 'name', value: 'bus-stops' });
    expect(filterOf('id:0c8d0b43-9d4c-4f7c-9a1e-3f0a7c2d5b11')).toEqual({ kind: 'term', field: 'id', value: '0c8d0b43-9d4c-4f7c-9a1e-3f0a7c2d5b11' });
  });

  it('ANDs clauses by default and with AND, +, &&', () => {
    const expected = { kind: 'and', items: [{ kind: 'term', field: 'tags', value: 'a' }, { kind: 'term', field: 'groups', value: 'b' }] };
    for (const fq of ['tags:a groups:b', 'tags:a AND groups:b', '+tags:a +groups:b', 'tags:a && groups:b']) expect(filterOf(fq)).toEqual(expected);
  });

  it('reads OR, field groups and parentheses with AND binding tighter than OR', () => {
    expect(filterOf('tags:(a OR b)')).toEqual({ kind: 'or', items: [{ kind: 'term', field: 'tags', value: 'a' }, { kind: 'term', field: 'tags', value: 'b' }] });
    expect(filterOf('tags:a OR tags:b groups:c')).toEqual({
      kind: 'or', items: [
        { kind: 'term', field: 'tags', value: 'a' },
        { kind: 'and', items: [{ kind: 'term', field: 'tags', value: 'b' }, { kind: 'term', field: 'groups', value: 'c' }] },
      ],
    });
    expect(filterOf('(tags:a OR tags:b) AND groups:c')).toEqual({
      kind: 'and', items: [
        { kind: 'or', items: [{ kind: 'term', field: 'tags', value: 'a' }, { kind: 'term', field: 'tags', value: 'b' }] },
        { kind: 'term', field: 'groups', value: 'c' },
      ],
    });
  });

  it('negates with -, NOT and !', () => {
    const expected = { kind: 'and', items: [{ kind: 'term', field: 'groups', value: 'transport' }, { kind: 'not', item: { kind: 'term', field: 'tags', value: 'bus' } }] };
    for (const fq of ['groups:transport -tags:bus', 'groups:transport NOT tags:bus', 'groups:transport AND NOT tags:bus', 'groups:transport !tags:bus']) {
      expect(filterOf(fq)).toEqual(expected);
    }
  });

  it('reads metadata_modified ranges with ISO dates, * and NOW date math', () => {
    expect(filterOf('metadata_modified:[2026-01-01T00:00:00Z TO *]')).toEqual({ kind: 'range', field: 'metadata_modified', from: '2026-01-01T00:00:00.000Z', to: null });
    expect(filterOf('metadata_created:[* TO NOW]')).toEqual({ kind: 'range', field: 'metadata_created', from: null, to: NOW.toISOString() });
    expect(filterOf('metadata_modified:[NOW/DAY-7DAYS TO NOW]')).toEqual({ kind: 'range', field: 'metadata_modified', from: '2026-03-08T00:00:00.000Z', to: NOW.toISOString() });
    expect(filterOf('metadata_modified:{2026-01-01 TO 2026-02-01}')).toEqual({ kind: 'range', field: 'metadata_modified', from: '2026-01-01T00:00:00.001Z', to: '2026-01-31T23:59:59.999Z' });
  });

  it('understands the bookkeeping filters CKAN adds itself', () => {
    expect(filterOf('+state:active +capacity:public +dataset_type:dataset +site_id:"default"')).toBe(true);
    expect(buildSearch(parseSolrQuery(''), [parseSolrQuery('+state:deleted')]).nothing).toBe(true);
    expect(filterOf('tags:a -state:deleted')).toEqual({ kind: 'term', field: 'tags', value: 'a' });
  });

  it('matches nothing on fields the index does not hold, as Solr\'s dynamic fields do', () => {
    expect(filterOf('extras_custom:x')).toBe(false);
    expect(filterOf('-extras_custom:x')).toBe(true);
  });

  it('resolves owner_org ids to organisation names', () => {
    const names = new Map([['9b1f6c1e-0000-4000-8000-000000000001', 'market-supervision']]);
    expect(filterOf('owner_org:9b1f6c1e-0000-4000-8000-000000000001', names)).toEqual({ kind: 'term', field: 'organization', value: 'market-supervision' });
    expect(filterOf('owner_org:unknown', names)).toBe(false);
  });

  it('combines q and every fq with AND', () => {
    expect(buildSearch(parseSolrQuery('bus'), [parseSolrQuery('tags:a'), parseSolrQuery('groups:b')])).toEqual({
      text: 'bus', filter: { kind: 'and', items: [{ kind: 'term', field: 'tags', value: 'a' }, { kind: 'term', field: 'groups', value: 'b' }] }, nothing: false,
    });
  });
});

describe('what the parser refuses, in CKAN\'s words', () => {
  it('answers a syntax error as a Search Query Error naming the parameter', () => {
    expect(searchQueryMessage(() => parseSolrQuery('tags:(a OR b', 'fq'))).toMatch(/^Search Query is invalid: 'Cannot parse fq: a parenthesis is not closed'$/);
    expect(searchQueryMessage(() => parseSolrQuery('"open', 'q'))).toContain('a quote is not closed');
    expect(searchQueryMessage(() => parseSolrQuery('metadata_modified:[2026 TO', 'fq'))).toContain('Cannot parse fq');
  });

  it('refuses wildcards other than field:* instead of answering them wrongly', () => {
    expect(searchQueryMessage(() => parseSolrQuery('tags:wat*', 'fq'))).toContain('wildcard queries are not supported');
    expect(filterOf('tags:*')).toBe(true);
  });

  it('refuses an unreadable date in a range', () => {
    expect(searchQueryMessage(() => filterOf('metadata_modified:[yesterday TO *]'))).toContain('Invalid date "yesterday"');
  });
});

describe('solrDate', () => {
  it('reads ISO 8601 with or without time and zone, and date math', () => {
    expect(solrDate('2026-01-02', NOW)).toBe('2026-01-02T00:00:00.000Z');
    expect(solrDate('2026-01-02T03:04:05.123456Z', NOW)).toBe('2026-01-02T03:04:05.123Z');
    expect(solrDate('2026-01-02T03:04:05+08:00', NOW)).toBe('2026-01-01T19:04:05.000Z');
    expect(solrDate('NOW-1MONTH', NOW)).toBe('2026-02-15T10:30:00.000Z');
    expect(solrDate('NOW/YEAR+1YEAR', NOW)).toBe('2027-01-01T00:00:00.000Z');
    expect(solrDate('2026-01-31T00:00:00Z+1DAY', NOW)).toBe('2026-02-01T00:00:00.000Z');
    expect(solrDate('NOW/FORTNIGHT', NOW)).toBeNull();
    expect(solrDate('last week', NOW)).toBeNull();
  });
});

describe('sort', () => {
  it('maps CKAN sort fields (title_string, views_recent) and directions', () => {
    expect(parseSort('score desc, metadata_modified desc')).toEqual([{ field: 'score', direction: 'desc' }, { field: 'metadata_modified', direction: 'desc' }]);
    expect(parseSort('id asc')).toEqual([{ field: 'id', direction: 'asc' }]);
    expect(parseSort('title_string asc, views_recent desc')).toEqual([{ field: 'title', direction: 'asc' }, { field: 'views', direction: 'desc' }]);
    expect(parseSort('name')).toEqual([{ field: 'name', direction: 'asc' }]);
  });

  it('answers an unknown field or direction as CKAN does: Invalid "sort" parameter', () => {
    for (const sort of ['author asc', 'name sideways', 'name asc extra']) {
      expect(searchQueryMessage(() => parseSort(sort))).toBe(`Search Query is invalid: 'Invalid "sort" parameter'`);
    }
  });
});

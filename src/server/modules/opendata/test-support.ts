/**
 * Fixtures for open data tests: the catalog testbed plus open, conditionally open and closed entries with records
 * in their stores, published to the portal. `insertDatasets` writes dataset rows directly (many datasets for
 * search tests and benchmarks, without going through the catalog).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DataItem } from '../catalog/index.js';
import { createCatalogTestbed, type CatalogTestbed } from '../catalog/test-support.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import type { RawRecord } from '../exchange/index.js';

/** Public bus stops: an open entry (theme transport via classification 210 is not in the test tree: 202001). */
export const STOP_ITEMS: DataItem[] = [
  { name: 'stop_code', label: '站点编号', type: 'string', length: 20, required: true, key: true, sensitivity: 'public' },
  { name: 'stop_name', label: '站点名称', type: 'string', length: 100, required: true, key: false, sensitivity: 'public' },
  { name: 'town', label: '所在镇街', type: 'string', length: 50, required: false, key: false, sensitivity: 'public' },
  { name: 'routes', label: '途经线路数', type: 'integer', required: false, key: false, sensitivity: 'public' },
  { name: 'opened_on', label: '启用日期', type: 'date', required: false, key: false, sensitivity: 'public' },
  { name: 'sheltered', label: '是否有候车亭', type: 'boolean', required: false, key: false, sensitivity: 'public' },
  { name: 'operator_phone', label: '运营方电话', type: 'string', length: 20, required: false, key: false, sensitivity: 'internal' },
];

/** Market entities: a conditionally open entry. */
export const ENTITY_ITEMS: DataItem[] = [
  { name: 'credit_code', label: '统一社会信用代码', type: 'string', length: 18, required: true, key: true, sensitivity: 'public' },
  { name: 'entity_name', label: '企业名称', type: 'string', length: 100, required: true, key: false, sensitivity: 'public' },
  { name: 'registered_capital', label: '注册资本（万元）', type: 'decimal', required: false, key: false, sensitivity: 'public' },
];

const TOWNS = ['西南街道', '云东海街道', '白坭镇', '乐平镇', '芦苞镇', '大塘镇', '南山镇'];

export function stopRecords(count: number, start = 0): RawRecord[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = start + offset;
    return {
      stop_code: `SS${String(index).padStart(5, '0')}`,
      stop_name: `${TOWNS[index % TOWNS.length]}第${index + 1}站`,
      town: TOWNS[index % TOWNS.length],
      routes: (index % 9) + 1,
      opened_on: `20${String(10 + (index % 15)).padStart(2, '0')}-0${(index % 9) + 1}-1${index % 10}`,
      sheltered: index % 3 !== 0,
      operator_phone: '0757-87712345',
    };
  });
}

export const ENTITY_RECORDS: RawRecord[] = [
  { credit_code: '91350100M000100Y43', entity_name: '佛山市三水恒达贸易有限公司', registered_capital: '500.00' },
  { credit_code: '91330100716105852F', entity_name: '佛山市三水区云东海科技有限公司', registered_capital: '1200.50' },
  { credit_code: '9144030071526726XG', entity_name: '三水乐平食品厂', registered_capital: '80' },
];

export interface OpendataTestbed extends CatalogTestbed {
  /** Open, provider = own department, STOP_ITEMS, `stopCount` records. */
  openCode: string;
  /** Conditionally open, provider = own department, ENTITY_ITEMS, ENTITY_RECORDS. */
  conditionalCode: string;
  /** Published but not open: never on the portal. */
  closedCode: string;
  stopCount: number;
  /** Loads records into an entry's store through the exchange's loading path (as the CLI operator). */
  load(code: string, records: RawRecord[], options?: { replace?: boolean }): Promise<void>;
  /** publisher.syncAll() then search.refresh(). */
  publish(): Promise<void>;
}

async function* iterate(records: RawRecord[]): AsyncGenerator<RawRecord> {
  yield* records;
}

export async function createOpendataTestbed(overrides: Partial<Config> = {}, options: { stopCount?: number; publish?: boolean } = {}): Promise<OpendataTestbed> {
  const bed = await createCatalogTestbed(overrides);
  const stopCount = options.stopCount ?? 40;
  const openCode = await bed.entry('published', {
    classificationCode: '202001', name: '公交站点信息', nameEn: 'Bus stops', summary: '全区公交站点的编号、名称、所在镇街、途经线路数和候车亭情况。',
    dataItems: STOP_ITEMS, sharingType: 'unconditional', sharingConditions: null, openType: 'open', updateCycle: 'monthly', keywords: ['公交', '站点', '交通'],
  });
  const conditionalCode = await bed.entry('published', {
    classificationCode: '102001', name: '市场主体登记信息', nameEn: 'Market entity registrations', summary: '市场主体的统一社会信用代码、名称和注册资本。',
    dataItems: ENTITY_ITEMS, sharingType: 'unconditional', sharingConditions: null, openType: 'conditional', openConditions: '用于学术研究或企业征信服务，须注明用途', updateCycle: 'daily', keywords: ['企业', '登记'],
  });
  const closedCode = await bed.entry('published', {});
  const platform = bed.t.platform;
  const load = async (code: string, records: RawRecord[], loadOptions: { replace?: boolean } = {}) => {
    await platform.exchange.loads.loadRecords({
      actor: bed.cli, resourceCode: code, channel: 'api', format: 'json', records: iterate(records), rejectPolicy: 'atomic', deleteMissing: loadOptions.replace ?? false,
    });
  };
  await load(openCode, stopRecords(stopCount));
  await load(conditionalCode, ENTITY_RECORDS);
  const publish = async () => {
    await platform.opendata.publisher.syncAll();
    await platform.opendata.search.refresh();
  };
  if (options.publish !== false) await publish();
  return { ...bed, openCode, conditionalCode, closedCode, stopCount, load, publish };
}

export interface DatasetFixture {
  name: string;
  title: string;
  notes?: string;
  organizationName?: string;
  themes?: string[];
  tags?: string[];
  licenseId?: string;
  frequency?: string | null;
  openType?: 'open' | 'conditional';
  formats?: string[];
  modified?: string;
}

/**
 * Writes datasets (and their organisations and resources) directly, in batches: for search and DCAT tests and
 * benchmarks that need many datasets. Organisations are created by name on first use. Returns the dataset ids.
 */
export async function insertDatasets(db: Db, fixtures: DatasetFixture[], options: { batchSize?: number } = {}): Promise<string[]> {
  const batchSize = options.batchSize ?? 1000;
  const organizations = new Map<string, string>();
  const existing = await db.selectFrom('opendata_organizations').select(['id', 'name']).execute();
  for (const row of existing) organizations.set(row.name, row.id);
  const ids: string[] = [];
  for (let from = 0; from < fixtures.length; from += batchSize) {
    const batch = fixtures.slice(from, from + batchSize);
    await db.transaction().execute(async (trx) => {
      for (const name of new Set(batch.map((fixture) => fixture.organizationName ?? 'test-organization'))) {
        if (organizations.has(name)) continue;
        const id = randomUUID();
        await trx.insertInto('opendata_organizations').values({ id, name, title: name }).execute();
        organizations.set(name, id);
      }
      const rows = batch.map((fixture) => {
        const id = randomUUID();
        ids.push(id);
        const modified = fixture.modified ?? new Date().toISOString();
        return {
          id,
          name: fixture.name,
          title: fixture.title,
          notes: fixture.notes ?? '',
          organization_id: organizations.get(fixture.organizationName ?? 'test-organization')!,
          themes: fixture.themes ?? ['government'],
          tags: fixture.tags ?? [],
          license_id: fixture.licenseId ?? 'cc-by-4.0',
          frequency: fixture.frequency === undefined ? 'monthly' : fixture.frequency,
          open_type: fixture.openType ?? 'open',
          metadata_created: modified,
          metadata_modified: modified,
        };
      });
      await trx.insertInto('opendata_datasets').values(rows).execute();
      const resources = batch.flatMap((fixture, index) =>
        (fixture.formats ?? ['CSV']).map((format, position) => ({
          dataset_id: rows[index].id, position, name: `${fixture.title} (${format})`, format, url: `https://example.org/${fixture.name}.${format.toLowerCase()}`,
        })));
      if (resources.length) await trx.insertInto('opendata_resources').values(resources).execute();
    });
  }
  await sql`ANALYZE opendata_datasets`.execute(db);
  await sql`ANALYZE opendata_resources`.execute(db);
  return ids;
}

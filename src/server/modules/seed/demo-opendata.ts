/**
 * Demo data for the open data portal: synthetic public records for ten of the demo district's open entries
 * (schools, care homes, air quality, bus stops, tourist attractions …), loaded through the exchange's loading
 * path like demo-exchange.ts does, then one publication run — so the portal shows datasets with data, versions
 * and downloads from the first start. Deterministic: the same records on every machine.
 */
import type { Platform } from '../../app.js';
import { cliActor } from '../../platform/actor.js';
import type { FieldRule, RawRecord, StoreColumn, StoreDefinition } from '../exchange/index.js';
import { demoValue } from './demo-exchange.js';

const TOWNS = ['西南街道', '云东海街道', '白坭镇', '乐平镇', '芦苞镇', '大塘镇', '南山镇'];

/** Entries by name (the demo district's open entries) and how many records each gets. */
const DEMO_DATASETS: Array<{ name: string; rows: number }> = [
  { name: '空气质量监测数据', rows: 2400 },
  { name: '中小学校名录', rows: 320 },
  { name: '幼儿园名录', rows: 450 },
  { name: '养老机构信息', rows: 300 },
  { name: '公交线路与站点信息', rows: 1800 },
  { name: 'A级旅游景区名录', rows: 300 },
  { name: '应急避难场所信息', rows: 600 },
  { name: '重要民生商品价格监测信息', rows: 3000 },
  { name: '食品经营许可信息', rows: 1500 },
  { name: '医疗机构执业许可信息', rows: 900 },
];

/** A small deterministic hash, so values look varied but are the same on every run. */
function mix(index: number, salt: number): number {
  let value = (index + 1) * 2_654_435_761 + salt * 40_503;
  value ^= value >>> 13;
  value = Math.imul(value, 1_274_126_177);
  return (value ^ (value >>> 16)) >>> 0;
}

/** Series (a time key among several keys): six stations or points, each measured at every step. */
const SERIES_WIDTH = 6;

/** Values that make charts and maps meaningful for the columns open datasets typically have. */
function openValue(column: StoreColumn, rule: FieldRule | undefined, codes: string[] | undefined, index: number, series: boolean): unknown {
  const name = column.name;
  const r = (salt: number, range: number) => mix(index, salt) % range;
  if (series) {
    const point = index % SERIES_WIDTH;
    const step = Math.floor(index / SERIES_WIDTH);
    if (name === 'station_name') return `${TOWNS[point]}监测站`;
    if (column.key && name === 'commodity_name') return ['大米', '猪肉', '鸡蛋', '菜心', '花生油', '草鱼'][point];
    if (column.key && name === 'monitoring_point') return `${TOWNS[point]}农贸市场`;
    if (column.key && column.type === 'string') return `ST${String(point + 1).padStart(3, '0')}`;
    if (column.key && column.type === 'datetime') return new Date(Date.UTC(2026, 0, 1) + step * 3_600_000).toISOString();
    if (column.key && column.type === 'date') return new Date(Date.UTC(2025, 0, 1) + step * 86_400_000).toISOString().slice(0, 10);
  }
  if (!column.key) {
    if (name === 'longitude') return (112.78 + r(1, 2400) / 10_000).toFixed(6);
    if (name === 'latitude') return (23.08 + r(2, 2600) / 10_000).toFixed(6);
    if (name === 'aqi') return 25 + r(3, 140);
    if (['pm25', 'pm10', 'so2', 'no2', 'o3', 'co'].includes(name)) return (r(4 + name.length, 900) / 10 + 2).toFixed(1);
    if (name === 'price') return (3 + r(5, 9000) / 100).toFixed(2);
    if (name === 'price_change_rate') return ((r(6, 2000) - 1000) / 100).toFixed(2);
    if (/_count$|^bed_count$|capacity$/.test(name) && column.type === 'integer') return 5 + r(7, 400);
    if (name === 'establish_year') return 1950 + r(8, 74);
    if (/(^|_)(address|location|premises)$/.test(name) && column.type === 'string') {
      return `佛山市三水区${TOWNS[index % TOWNS.length]}${['健力宝南路', '广海大道', '西青大道', '康乐路', '张边路', '河口大道'][r(9, 6)]}${1 + r(10, 300)}号`;
    }
    if (name === 'primary_pollutant') return ['PM2.5', 'PM10', 'O3', 'NO2'][r(11, 4)];
    if (name === 'commodity_name') return ['大米', '猪肉', '鸡蛋', '菜心', '花生油', '草鱼'][index % 6];
  }
  if (column.key && column.type === 'string' && !rule?.check) {
    // Unique within the length: a short prefix only when there is room for it.
    const width = Math.min(column.length ?? 12, 12);
    const digits = String(index + 1).padStart(Math.min(width, 6), '0');
    return width - digits.length >= 4 ? `SS${digits}`.padEnd(2 + digits.length, '0') : digits.slice(-width);
  }
  return demoValue(column, rule, codes, index);
}

function records(definition: StoreDefinition, codeLists: Map<string, Set<string>>, count: number): RawRecord[] {
  const keys = definition.columns.filter((column) => column.key);
  const series = keys.length > 1 && keys.some((column) => column.type === 'date' || column.type === 'datetime');
  const rows: RawRecord[] = [];
  for (let index = 0; index < count; index++) {
    const record: RawRecord = {};
    for (const column of definition.columns) {
      const rule = definition.rules[column.name];
      const codes = rule?.codeListId ? [...(codeLists.get(rule.codeListId) ?? [])] : undefined;
      if (!column.required && index % 13 === 7) continue;
      record[column.name] = openValue(column, rule, codes, index, series);
    }
    rows.push(record);
  }
  return rows;
}

export async function seedDemoOpendata(platform: Platform, say: (message: string) => void = () => {}): Promise<{ datasets: number; records: number }> {
  const actor = cliActor('seed');
  const stores = platform.exchange.stores;
  const entries = await platform.catalog.service.listForExport(actor, { status: 'published', openType: ['open'] });
  const codeLists = await stores.codeLists();
  let loaded = 0;
  let total = 0;
  for (const wanted of DEMO_DATASETS) {
    const entry = entries.find((candidate) => candidate.name === wanted.name);
    if (!entry) continue;
    let definition: StoreDefinition;
    try {
      definition = await stores.forResource(entry.code);
    } catch {
      continue; // an entry without key items has no store
    }
    if (definition.rowCount > 0) continue;
    say(`open data: ${entry.name} (${wanted.rows})`);
    const data = records(definition, codeLists, wanted.rows);
    const load = await platform.exchange.loads.loadRecords({
      actor, resourceCode: entry.code, channel: 'api', format: 'json', rejectPolicy: 'skip',
      records: (async function* () { yield* data; })(),
    });
    if (load.rejected) say(`open data: ${load.rejected} records of ${entry.name} were rejected (${load.errors[0]?.message ?? ''})`);
    total += load.inserted + load.updated;
    loaded++;
  }
  say('open data: publishing the open catalog entries');
  await platform.opendata.publisher.syncAll();
  return { datasets: loaded, records: total };
}

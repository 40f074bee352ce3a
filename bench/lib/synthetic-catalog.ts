// A large, realistic catalog made by recombining the demo district's entries: the same vocabulary, data
// items and sharing rules a district really has, spread over every department, classification, town and
// year, in the proportions of a catalog in use (mostly published, some drafts and entries under review).
import type { DataItem, ResourceStatus } from '../../src/server/modules/catalog/index.js';
import type { DemoDistrict, DemoResource } from '../../src/server/modules/seed/demo-data/types.js';
import { createRandom, type SeededRandom } from '../../src/server/modules/seed/demo-data/random.js';

export interface SyntheticEntry {
  code: string;
  classificationCode: string;
  providerKey: string;
  name: string;
  nameEn: string;
  summary: string;
  format: string;
  dataItems: DataItem[];
  sharingType: DemoResource['sharingType'];
  sharingConditions: string | null;
  sharingMethods: string[];
  notSharedBasis: string | null;
  openType: DemoResource['openType'];
  openConditions: string | null;
  updateCycle: string;
  publishDate: string | null;
  keywords: string[];
  status: ResourceStatus;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  publishedAt: Date | null;
  retiredAt: Date | null;
}

// Towns and subdistricts of Sanshui: catalogs are full of per-town copies of the same table.
const TOWNS: Array<[string, string]> = [
  ['西南街道', 'Xinan'],
  ['云东海街道', 'Yundonghai'],
  ['大塘镇', 'Datang'],
  ['乐平镇', 'Leping'],
  ['白坭镇', 'Baini'],
  ['芦苞镇', 'Lubao'],
  ['南山镇', 'Nanshan'],
];

// What officers append to a name when they register a variant of an existing table.
const NAME_SUFFIXES: Array<[string, string]> = [
  ['（历史数据）', ' (historical)'],
  ['汇总表', ' summary'],
  ['明细', ' details'],
  ['统计', ' statistics'],
  ['台账', ' ledger'],
  ['变更记录', ' change log'],
  ['年度报表', ' annual report'],
  ['月度报表', ' monthly report'],
  ['（专题库）', ' (thematic)'],
  ['核验接口', ' verification API'],
];

// The same thing is called 信息, 数据, 记录 or 台账 depending on who registered it.
const WORD_VARIANTS: Array<[string, string]> = [
  ['信息', '数据'],
  ['信息', '记录'],
  ['登记', '备案'],
  ['基本', '基础'],
];

const FORMATS = ['database', 'document', 'spreadsheet', 'image', 'stream', 'api', 'other'];
const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular'];
const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];

// Status mix of a catalog in daily use: [status, cumulative probability].
const STATUS_MIX: Array<[ResourceStatus, number]> = [
  ['published', 0.8],
  ['draft', 0.88],
  ['submitted', 0.94],
  ['returned', 0.97],
  ['retired', 1],
];

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 9, 1);

export interface CatalogShape {
  templates: DemoResource[];
  departmentKeys: string[];
  /** Level-3 classification codes (目), the ones entries are filed under. */
  leafClassifications: string[];
  /** The department view's 目 of each department: 3 + short code + 001. */
  departmentClassification: Map<string, string>;
  conditions: string[];
  notSharedBases: string[];
}

export function describeDistrict(district: DemoDistrict): CatalogShape {
  const departmentClassification = new Map(district.departments.map((d) => [d.key, `3${d.shortCode}001`]));
  const unique = (values: Array<string | null | undefined>) => [...new Set(values.filter((v): v is string => !!v))];
  return {
    templates: district.resources,
    departmentKeys: district.departments.map((d) => d.key),
    leafClassifications: district.classifications.filter((c) => c.level === 3 && c.view !== 'department').map((c) => c.code),
    departmentClassification,
    conditions: unique(district.resources.map((r) => r.sharingConditions)),
    notSharedBases: unique(district.resources.map((r) => r.notSharedBasis)),
  };
}

/**
 * Yields `count` entries, deterministically for a given seed, so every backend gets the identical catalog.
 * Codes are `<classification>-<6-digit sequence>` like the module's own.
 */
export function* generateEntries(shape: CatalogShape, count: number, seed = 'zhongshu-bench'): Generator<SyntheticEntry> {
  const random = createRandom(seed);
  const sequences = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const template = random.pick(shape.templates);
    const partner = random.pick(shape.templates);
    const entry = recombine(random, shape, template, partner);
    const sequence = (sequences.get(entry.classificationCode) ?? 0) + 1;
    sequences.set(entry.classificationCode, sequence);
    yield { ...entry, code: `${entry.classificationCode}-${String(sequence).padStart(6, '0')}` };
  }
}

function recombine(random: SeededRandom, shape: CatalogShape, template: DemoResource, partner: DemoResource): Omit<SyntheticEntry, 'code'> {
  // Most entries stay with the department that really holds such data; some are copies kept elsewhere.
  const providerKey = random.chance(0.7) ? template.providerKey : random.pick(shape.departmentKeys);

  let name = template.name;
  let nameEn = template.nameEn;
  if (random.chance(0.25)) {
    const [from, to] = random.pick(WORD_VARIANTS);
    name = name.replace(from, to);
  }
  if (random.chance(0.3)) {
    const [town, townEn] = random.pick(TOWNS);
    name = town + name;
    nameEn = `${townEn} ${nameEn}`;
  }
  if (random.chance(0.2)) {
    const year = random.pick(YEARS);
    name = `${year}年${name}`;
    nameEn = `${nameEn} ${year}`;
  }
  if (random.chance(0.45)) {
    const [suffix, suffixEn] = random.pick(NAME_SUFFIXES);
    name += suffix;
    nameEn += suffixEn;
  }

  let summary = template.summary;
  if (random.chance(0.35)) summary += firstSentence(partner.summary);
  if (random.chance(0.3)) summary += `数据覆盖${random.pick(TOWNS)[0]}及周边村（居）委会。`;

  // Data items: the template's, sometimes with a few borrowed from a related table (no duplicate names).
  const dataItems = [...template.dataItems];
  if (random.chance(0.4)) {
    const names = new Set(dataItems.map((item) => item.name));
    for (const item of partner.dataItems.slice(0, random.int(1, 4))) {
      if (!names.has(item.name)) {
        dataItems.push(item);
        names.add(item.name);
      }
    }
  }

  const keywords = [...template.keywords];
  if (random.chance(0.3) && partner.keywords.length) keywords.push(random.pick(partner.keywords));

  let classificationCode = template.classificationCode;
  if (classificationCode.startsWith('3')) {
    classificationCode = shape.departmentClassification.get(providerKey) ?? classificationCode;
  } else if (random.chance(0.15)) {
    classificationCode = random.pick(shape.leafClassifications);
  }

  let { sharingType, sharingConditions = null, notSharedBasis = null } = template;
  if (random.chance(0.1)) sharingType = random.pick(['unconditional', 'conditional', 'not_shared'] as const);
  if (sharingType === 'conditional' && !sharingConditions) sharingConditions = random.pick(shape.conditions);
  if (sharingType === 'not_shared' && !notSharedBasis) notSharedBasis = random.pick(shape.notSharedBases);
  if (sharingType !== 'conditional') sharingConditions = null;
  if (sharingType !== 'not_shared') notSharedBasis = null;
  const sharingMethods = sharingType === 'not_shared' ? [] : template.sharingMethods;

  const status = pickStatus(random);
  const createdAt = new Date(NOW - random.int(30, 3 * 365) * DAY_MS - random.int(0, DAY_MS));
  const updatedAt = new Date(Math.min(NOW, createdAt.getTime() + random.int(0, 400) * DAY_MS + random.int(0, DAY_MS)));
  const reviewed = status === 'published' || status === 'retired';
  // Drafts and entries under review have never been published, so they have no version yet.
  const currentVersion = reviewed ? random.int(1, 3) : 0;

  return {
    classificationCode,
    providerKey,
    name,
    nameEn,
    summary,
    format: random.chance(0.2) ? random.pick(FORMATS) : template.format,
    dataItems,
    sharingType,
    sharingConditions,
    sharingMethods,
    notSharedBasis,
    openType: template.openType,
    openConditions: template.openType === 'conditional' ? template.openConditions ?? null : null,
    updateCycle: random.chance(0.2) ? random.pick(UPDATE_CYCLES) : template.updateCycle,
    publishDate: reviewed ? updatedAt.toISOString().slice(0, 10) : null,
    keywords: [...new Set(keywords)],
    status,
    currentVersion,
    createdAt,
    updatedAt,
    submittedAt: status === 'draft' ? null : updatedAt,
    publishedAt: reviewed ? updatedAt : null,
    retiredAt: status === 'retired' ? updatedAt : null,
  };
}

function pickStatus(random: SeededRandom): ResourceStatus {
  const roll = random.next();
  return STATUS_MIX.find(([, upTo]) => roll < upTo)![0];
}

function firstSentence(text: string): string {
  const end = text.indexOf('。');
  return end >= 0 ? text.slice(0, end + 1) : `${text}。`;
}

/**
 * Demo data for the shared exchange: business systems for a few departments, and synthetic records in the
 * stores of their published entries, loaded through the exchange's own loading path (validated, audited,
 * with history) so the console has data to preview, query and score from the first start.
 */
import type { Platform } from '../../app.js';
import { cliActor } from '../../platform/actor.js';
import { citizenIdCheckChar, makeCreditCode } from '../../platform/identifiers.js';
import type { FieldRule, RawRecord, StoreColumn, StoreDefinition } from '../exchange/index.js';

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SURNAMES = '陈李黄梁何罗邓冯林张刘杨吴周欧阳';
const GIVEN = '家明志强丽华伟芳敏静建国秀英嘉欣子轩';
const TOWNS = ['西南街道', '云东海街道', '白坭镇', '乐平镇', '芦苞镇', '大塘镇', '南山镇'];

function citizenId(index: number): string {
  const day = new Date(Date.UTC(1950, 0, 1) + (index * 7919 % 25_000) * 86_400_000);
  const ymd = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
  const first17 = `440607${ymd}${String(index % 1000).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}

function creditCode(index: number): string {
  let body = '';
  let value = 1_000_003 + index * 7;
  for (let position = 0; position < 8; position++) {
    body = CREDIT_ALPHABET[value % 31] + body;
    value = Math.floor(value / 31);
  }
  return makeCreditCode('91', '440607', body);
}

const clip = (text: string, length: number | null) => (length ? [...text].slice(0, length).join('') : text);

/** A plausible value for one column of the index-th record (valid under the column's type and rules). */
export function demoValue(column: StoreColumn, rule: FieldRule | undefined, codes: string[] | undefined, index: number): unknown {
  if (rule?.check === 'citizen_id') return citizenId(index);
  if (rule?.check === 'credit_code') return creditCode(index);
  if (rule?.check === 'phone') return `139${String((index * 104_729) % 100_000_000).padStart(8, '0')}`;
  if (rule?.check === 'division_code') return column.length === 12 ? `440607${String(100 + (index % 7)).padStart(3, '0')}000` : '440607';
  if (rule?.check === 'email') return `user${index}@example.gov.cn`;
  if (codes?.length) return codes[index % codes.length];
  switch (column.type) {
    case 'integer':
      return column.key ? index + 1 : (index * 37) % 1000;
    case 'decimal':
      return `${(index * 7919) % 100_000}.${String(index % 100).padStart(2, '0')}`;
    case 'date': {
      // Birth dates of people; other dates (registrations, decisions) fall in recent years.
      const birth = /出生/.test(column.label);
      const day = birth
        ? new Date(Date.UTC(1950, 0, 1) + ((index * 7919) % 20_000) * 86_400_000)
        : new Date(Date.UTC(2018, 0, 1) + ((index * 13) % 2900) * 86_400_000);
      return day.toISOString().slice(0, 10);
    }
    case 'datetime':
      return new Date(Date.UTC(2024, 0, 1) + index * 3_600_000).toISOString();
    case 'boolean':
      return index % 3 !== 0;
    case 'code':
      return String((index % 3) + 1).slice(0, column.length ?? 2);
    default:
      break;
  }
  if (column.key) {
    // The prefix takes room from the padding, not from the digits: clipping digits would make keys collide.
    const width = Math.min(column.length ?? 12, 12);
    const prefix = width < 10 ? '' : 'SS';
    return `${prefix}${String(index + 1).padStart(width - prefix.length, '0')}`;
  }
  if (/姓名|名称/.test(column.label) && column.sensitivity !== 'public') return `${SURNAMES[index % SURNAMES.length]}${GIVEN[(index * 7) % GIVEN.length]}`;
  if (/地址|住所/.test(column.label)) return clip(`佛山市三水区${TOWNS[index % TOWNS.length]}${(index % 200) + 1}号`, column.length);
  return clip(`${column.label}${(index % 50) + 1}`, column.length);
}

export function demoRecords(definition: StoreDefinition, codeLists: Map<string, Set<string>>, count: number): RawRecord[] {
  const records: RawRecord[] = [];
  for (let index = 0; index < count; index++) {
    const record: RawRecord = {};
    for (const column of definition.columns) {
      const rule = definition.rules[column.name];
      const codes = rule?.codeListId ? [...(codeLists.get(rule.codeListId) ?? [])] : undefined;
      // Optional items are sometimes empty, as in real data (it shows in the completeness score).
      if (!column.required && index % 11 === 5) continue;
      record[column.name] = demoValue(column, rule, codes, index);
    }
    records.push(record);
  }
  return records;
}

/** Departments whose entries get data, and how many records each of their first entries gets. */
const DEMO_PROVIDERS: Array<{ name: RegExp; resources: number; rows: number }> = [
  { name: /公安/, resources: 4, rows: 1200 },
  { name: /市场监督/, resources: 4, rows: 800 },
  { name: /民政/, resources: 3, rows: 500 },
  { name: /人力资源/, resources: 3, rows: 500 },
];

export async function seedDemoExchange(platform: Platform, say: (message: string) => void = () => {}): Promise<{ resources: number; records: number }> {
  const actor = cliActor('seed');
  const stores = platform.exchange.stores;
  const departments = await platform.directory.service.listDepartments();
  const list = await stores.list();
  const codeLists = await stores.codeLists();
  let resources = 0;
  let records = 0;
  for (const provider of DEMO_PROVIDERS) {
    const department = departments.find((candidate) => provider.name.test(candidate.name));
    if (!department) continue;
    const entries = list.filter((entry) => entry.providerDepartmentId === department.id && entry.sharingType !== 'not_shared');
    let loaded = 0;
    for (const entry of entries) {
      if (loaded >= provider.resources) break;
      let definition: StoreDefinition;
      try {
        definition = await stores.forResource(entry.code);
      } catch {
        continue; // e.g. an entry without key items
      }
      const rows = loaded === 0 ? provider.rows : Math.round(provider.rows / 3);
      say(`exchange data: ${entry.name} (${rows})`);
      const data = demoRecords(definition, codeLists, rows);
      const load = await platform.exchange.loads.loadRecords({
        actor, resourceCode: entry.code, channel: 'api', format: 'json', rejectPolicy: 'skip',
        records: (async function* () { yield* data; })(),
      });
      records += load.inserted + load.updated;
      resources++;
      loaded++;
    }
  }
  return { resources, records };
}

/**
 * Access requests between demo departments, made and decided through the HTTP API as the demo officers would:
 * civil affairs' assistance system asks public security for household data (one request approved, so the
 * system holds a grant, and one left pending for gaj_admin to decide), and human resources' system is granted
 * an unconditional resource automatically.
 */
export async function seedDemoAccess(platform: Platform, password: string, say: (message: string) => void = () => {}): Promise<number> {
  const cli = cliActor('seed');
  const departmentOf = async (username: string) => {
    const user = await platform.directory.service.findUserByUsername(username);
    return user?.departmentId ? { id: user.departmentId } : undefined;
  };
  const civil = await departmentOf('mzj_admin');
  const police = await departmentOf('gaj_admin');
  const hr = await departmentOf('rsj_admin');
  const market = await departmentOf('scj_admin');
  if (!civil || !police || !hr || !market) return 0;
  await platform.http.ready();
  const login = async (username: string) => {
    const answer = await platform.http.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
    if (answer.statusCode !== 200) throw new Error(`demo login ${username}: ${answer.statusCode}`);
    const cookie = `zs_session=${answer.cookies.find((entry) => entry.name === 'zs_session')?.value}`;
    const csrf = answer.json().csrfToken as string;
    return (url: string, payload: unknown) => platform.http.inject({ method: 'POST', url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } });
  };
  const assistance = await platform.directory.service.createBusinessSystem(cli, { departmentId: civil.id, code: 'mzj-assistance', name: '社会救助管理信息系统', nameEn: 'Social assistance system' });
  const employment = await platform.directory.service.createBusinessSystem(cli, { departmentId: hr.id, code: 'rsj-employment', name: '就业创业服务系统', nameEn: 'Employment services system' });
  const list = await platform.exchange.stores.list();
  const policeData = list.filter((entry) => entry.providerDepartmentId === police.id && entry.store && entry.sharingType === 'conditional');
  const marketOpen = list.find((entry) => entry.providerDepartmentId === market.id && entry.store && entry.sharingType === 'unconditional');
  const fieldsOf = async (code: string, limit: number) => (await platform.exchange.stores.forResource(code)).columns.slice(0, limit).map((column) => column.name);

  const asCivil = await login('mzj_admin');
  const asPolice = await login('gaj_admin');
  const asHr = await login('rsj_admin');
  let made = 0;
  const [approved, pending] = policeData;
  if (approved) {
    const request = await asCivil('/api/v1/exchange/requests', {
      resourceCode: approved.code, systemId: assistance.id, fields: await fieldsOf(approved.code, 6),
      purpose: '最低生活保障申请家庭成员户籍核查', legalBasis: '《社会救助暂行办法》第十一条', durationDays: 365,
    });
    if (request.statusCode >= 300) say(`exchange access refused: ${request.body.slice(0, 300)}`);
    if (request.statusCode === 201 || request.statusCode === 200) {
      made++;
      say(`exchange access: ${approved.name} → 社会救助管理信息系统`);
      await asPolice(`/api/v1/exchange/requests/${request.json().id}/approve`, {});
    }
  }
  if (pending) {
    const request = await asCivil('/api/v1/exchange/requests', {
      resourceCode: pending.code, systemId: assistance.id, fields: await fieldsOf(pending.code, 5),
      purpose: '特困人员供养资格复核', legalBasis: '《特困人员认定办法》', durationDays: 180,
    });
    if (request.statusCode < 300) made++;
  }
  if (marketOpen) {
    const request = await asHr('/api/v1/exchange/requests', {
      resourceCode: marketOpen.code, systemId: employment.id, fields: await fieldsOf(marketOpen.code, 6),
      purpose: '创业补贴申请主体资格核验', legalBasis: '《就业补助资金管理办法》', durationDays: 365,
    });
    if (request.statusCode < 300) made++;
  }
  return made;
}

import type { Platform } from '../../app.js';
import { cliActor } from '../../platform/actor.js';
import type { ResourceInput } from '../catalog/index.js';
import type { Actor } from '../../platform/actor.js';
import type { DemoDistrict } from './demo-data/index.js';
import { buildDemoDistrict } from './demo-data/index.js';
import { CALENDAR_2026, seedCalendar } from '../exchange/access/part.js';
import { seedDemoAccess, seedDemoExchange } from './demo-exchange.js';
import { seedDemoOpendata } from './demo-opendata.js';
import { seedDemoCloud, type DemoCloudReport } from './demo-cloud.js';
import { demoSeededAt, markDemoSeeded } from './repository.js';

/** The password every demo account gets (printed at start-up; demo accounts are for trying the platform). */
export const DEMO_PASSWORD = 'Zhongshu@2026';

export interface SeedReport {
  skipped: boolean;
  departments: number;
  resources: number;
  published: number;
  users: string[];
  exchange?: { resources: number; records: number };
  opendata?: { datasets: number; records: number };
  cloud?: DemoCloudReport;
}

export interface SeedOptions {
  onProgress?: (message: string) => void;
}

/**
 * Seeds the demo district (regions, 46 departments under the district government, the classification tree,
 * demo officers for every role and 300+ catalog entries) through the modules' own services, so the demo data
 * passes the same validation and leaves the same audit trail as data entered by people.
 */
export async function seedDemoDistrict(platform: Platform, options: SeedOptions = {}): Promise<SeedReport> {
  const say = options.onProgress ?? (() => {});
  const emptyReport: SeedReport = { skipped: true, departments: 0, resources: 0, published: 0, users: [] };
  if (await demoSeededAt(platform.ctx.db)) return emptyReport;
  if ((await platform.catalog.service.countResources()) > 0) return emptyReport;

  const actor = cliActor('seed');
  const directory = platform.directory.service;
  const catalog = platform.catalog.service;
  const district = buildDemoDistrict();

  say('regions and departments');
  const departmentIds = await loadDemoOrganisation(platform, district, actor);

  say('demo accounts');
  const users: string[] = [];
  for (const user of district.users) {
    if (await directory.findUserByUsername(user.username)) continue;
    const created = await directory.createUser(actor, {
      username: user.username,
      displayName: user.displayName,
      departmentId: user.departmentKey ? departmentIds.get(user.departmentKey) ?? null : null,
      password: DEMO_PASSWORD,
      mustChangePassword: false,
    });
    await directory.setRoles(actor, created.id, [user.role]);
    users.push(user.username);
  }

  say(`catalog entries (${district.resources.length})`);
  const inputs: ResourceInput[] = district.resources.map((resource) => {
    const { key: _key, providerKey, relatedKeys: _related, status: _status, ...input } = resource;
    return { ...input, providerDepartmentId: departmentIds.get(providerKey) ?? null, relatedCodes: [] };
  });
  const codes = await catalog.createMany(actor, inputs);
  const codeByKey = new Map(district.resources.map((resource, index) => [resource.key, codes[index]]));

  // Related entries are linked once every entry has its code, while they are still drafts.
  for (const [index, resource] of district.resources.entries()) {
    const relatedCodes = resource.relatedKeys.map((key) => codeByKey.get(key)).filter((code): code is string => !!code);
    if (relatedCodes.length) await catalog.update(actor, codes[index], { ...inputs[index], relatedCodes });
  }

  say('review and publication');
  let published = 0;
  for (const [index, resource] of district.resources.entries()) {
    if (resource.status === 'draft') continue;
    await catalog.submit(actor, codes[index]);
    if (resource.status === 'published') {
      await catalog.publish(actor, codes[index]);
      published++;
    }
  }

  say('exchange demo data');
  const exchange = await seedDemoExchange(platform, say);
  await seedCalendar(platform.ctx.db, CALENDAR_2026);
  await seedDemoAccess(platform, DEMO_PASSWORD, say);

  say('open data demo data');
  const opendata = await seedDemoOpendata(platform, say);

  say('cloud service portal demo data');
  const cloud = await seedDemoCloud(platform, say);

  const report = { skipped: false, departments: district.departments.length, resources: codes.length, published, users, exchange, opendata, cloud };
  await markDemoSeeded(platform.ctx.db, { departments: report.departments, resources: report.resources, published });
  return report;
}

/**
 * Regions, the department tree (departments already there, by credit code, are reused) and the classification
 * tree of the demo district. Returns department ids by demo key. The benchmark builds its catalog on this too.
 */
export async function loadDemoOrganisation(platform: Platform, district: DemoDistrict, actor: Actor): Promise<Map<string, string>> {
  const directory = platform.directory.service;
  for (const region of district.regions) await directory.upsertRegion(actor, region);
  const departmentIds = new Map<string, string>();
  const existing = new Map((await directory.listDepartments()).map((d) => [d.creditCode, d.id]));
  for (const department of district.departments) {
    const known = existing.get(department.creditCode);
    const id =
      known ??
      (
        await directory.createDepartment(actor, {
          name: department.name,
          nameEn: department.nameEn,
          creditCode: department.creditCode,
          regionCode: department.regionCode,
          parentId: department.parentKey ? departmentIds.get(department.parentKey) ?? null : null,
          kind: department.kind,
          shortCode: department.shortCode,
        })
      ).id;
    departmentIds.set(department.key, id);
  }
  await platform.catalog.service.upsertClassifications(actor, district.classifications);
  return departmentIds;
}

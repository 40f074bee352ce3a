// Turns the per-department templates into catalog entries, adding the variation real catalogs show
// (sharing methods, publish dates, which town registered what, a few entries still in review), all from a
// seeded PRNG so that every build is identical.
import district from './demo-district.json' with { type: 'json' };
import { departmentClassificationCode } from './classifications.js';
import { ROOT_DEPARTMENT_KEY } from './departments.js';
import { parseDataItems } from './fields.js';
import { createRandom, type SeededRandom } from './random.js';
import { economyTemplates } from './resources-economy.js';
import { environmentTemplates } from './resources-environment.js';
import { healthEducationTemplates } from './resources-health-education.js';
import { landTemplates } from './resources-land.js';
import { marketTemplates } from './resources-market.js';
import { populationTemplates } from './resources-population.js';
import { safetyTemplates } from './resources-safety.js';
import { servicesTemplates } from './resources-services.js';
import { socialTemplates } from './resources-social.js';
import { TOWN_RESOURCE_COUNT, townshipTemplates } from './resources-township.js';
import type { DepartmentTemplates, ResourceTemplate } from './template.js';
import type { DataItem, DemoDepartment, DemoRegion, DemoResource, ResourceFormat, SharingMethod, UpdateCycle } from './types.js';
import { DEMO_USER_DEPARTMENT_KEYS } from './users.js';

const TEMPLATE_SETS: DepartmentTemplates[] = [
  populationTemplates, marketTemplates, economyTemplates, socialTemplates, healthEducationTemplates,
  landTemplates, environmentTemplates, safetyTemplates, servicesTemplates,
];

// Every town registers its village list and its grids; the rest differs from town to town.
const TOWN_FIXED_TEMPLATES = 2;

// Catalogs in the district were compiled from mid-2019 (when the platform went live) to mid-2025.
const FIRST_PUBLISH_DAY = Date.UTC(2019, 5, 1);
const PUBLISH_SPAN_DAYS = 6 * 365;

function templatesByDepartment(): Map<string, ResourceTemplate[]> {
  const byDepartment = new Map<string, ResourceTemplate[]>();
  for (const set of TEMPLATE_SETS) {
    for (const [key, templates] of Object.entries(set)) {
      if (byDepartment.has(key)) throw new Error(`templates for ${key} are defined in two files`);
      byDepartment.set(key, templates);
    }
  }
  return byDepartment;
}

function pickTownTemplates(templates: ResourceTemplate[], random: SeededRandom): ResourceTemplate[] {
  const optional = templates.slice(TOWN_FIXED_TEMPLATES);
  const chosen = new Set<ResourceTemplate>();
  while (chosen.size < TOWN_RESOURCE_COUNT - TOWN_FIXED_TEMPLATES) chosen.add(random.pick(optional));
  // Keep the template order so that related entries of different towns line up in the console.
  return [...templates.slice(0, TOWN_FIXED_TEMPLATES), ...optional.filter((template) => chosen.has(template))];
}

function defaultSharingMethods(format: ResourceFormat, cycle: UpdateCycle, random: SeededRandom): SharingMethod[] {
  if (cycle === 'realtime' || format === 'api' || format === 'stream') return ['api'];
  if (format !== 'database') return ['file'];
  return random.pick<SharingMethod[]>([['api'], ['api', 'table_sync'], ['api', 'table_sync'], ['table_sync'], ['api', 'file']]);
}

function randomPublishDate(random: SeededRandom): string {
  const day = FIRST_PUBLISH_DAY + random.int(0, PUBLISH_SPAN_DAYS) * 86_400_000;
  return new Date(day).toISOString().slice(0, 10);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

// An entry opened to the public has no internal-only items by definition; personal data may not be opened.
function itemsForOpenEntry(template: ResourceTemplate, items: DataItem[]): DataItem[] {
  const personal = items.filter((item) => item.sensitivity === 'sensitive' || item.sensitivity === 'secret');
  if (personal.length > 0) {
    throw new Error(`${template.name} is open but holds ${personal.map((item) => item.name).join(', ')}`);
  }
  return items.map((item) => (item.sensitivity === 'internal' ? { ...item, sensitivity: 'public' } : item));
}

function checkSharingRules(template: ResourceTemplate): void {
  if ((template.sharing === 'conditional') !== Boolean(template.conditions)) {
    throw new Error(`${template.name}: sharing conditions belong to conditional entries, and they need them`);
  }
  if ((template.sharing === 'not_shared') !== Boolean(template.basis)) {
    throw new Error(`${template.name}: a legal basis belongs to not-shared entries, and they need one`);
  }
  const keywordCount = template.keywords.split(/\s+/).length;
  if (keywordCount < 2 || keywordCount > 5) throw new Error(`${template.name}: 2–5 keywords, not ${keywordCount}`);
}

function instantiate(template: ResourceTemplate, department: DemoDepartment, random: SeededRandom): DemoResource {
  checkSharingRules(template);
  const format = template.format ?? 'database';
  const openType = template.open ?? 'not_open';
  const parsedItems = parseDataItems(template.items);
  const resource: DemoResource = {
    key: `${department.key}-${slug(template.nameEn)}`,
    providerKey: department.key,
    classificationCode: template.classification === 'department'
      ? departmentClassificationCode(department.shortCode)
      : template.classification,
    name: template.name,
    nameEn: template.nameEn,
    summary: template.summary,
    format,
    dataItems: openType === 'not_open' ? parsedItems : itemsForOpenEntry(template, parsedItems),
    sharingType: template.sharing,
    sharingMethods: template.sharing === 'not_shared'
      ? []
      : template.methods ?? defaultSharingMethods(format, template.cycle, random),
    openType,
    updateCycle: template.cycle,
    publishDate: randomPublishDate(random),
    keywords: template.keywords.split(/\s+/),
    relatedKeys: [],
    status: 'published',
  };
  if (template.conditions) resource.sharingConditions = template.conditions;
  if (template.basis) resource.notSharedBasis = template.basis;
  if (template.openConditions) resource.openConditions = template.openConditions;
  return resource;
}

/** Related entries are written as names; a name resolves within the provider first, then district-wide. */
function resolveRelated(resources: DemoResource[], relatedNames: Map<DemoResource, string[]>): void {
  for (const [resource, names] of relatedNames) {
    resource.relatedKeys = names.map((name) => {
      const sameProvider = resources.filter((other) => other.name === name && other.providerKey === resource.providerKey);
      const candidates = sameProvider.length > 0 ? sameProvider : resources.filter((other) => other.name === name);
      if (candidates.length !== 1 || candidates[0] === resource) {
        throw new Error(`${resource.name}: related entry "${name}" matches ${candidates.length} entries`);
      }
      return candidates[0].key;
    });
  }
}

/**
 * The review demo: each department with demo users has one entry still in the workflow, alternately
 * submitted (waiting for the data admin) and draft (still being edited). Named examples stay published.
 */
function assignReviewStatuses(resources: DemoResource[], random: SeededRandom): void {
  const exampleNames = new Set(district.resourceExamples.map(([, name]) => name));
  DEMO_USER_DEPARTMENT_KEYS.forEach((departmentKey, index) => {
    const candidates = resources.filter((resource) => resource.providerKey === departmentKey && !exampleNames.has(resource.name));
    const chosen = random.pick(candidates);
    chosen.status = index % 2 === 0 ? 'submitted' : 'draft';
    delete chosen.publishDate;
  });
}

export function buildResources(departments: DemoDepartment[], regions: DemoRegion[]): DemoResource[] {
  const random = createRandom('zhongshu-demo-resources');
  const templates = templatesByDepartment();
  const resources: DemoResource[] = [];
  const relatedNames = new Map<DemoResource, string[]>();

  for (const department of departments) {
    if (department.key === ROOT_DEPARTMENT_KEY) continue;
    let departmentTemplates = templates.get(department.key);
    if (department.kind === 'township') {
      const town = regions.find((region) => region.code === department.regionCode);
      if (!town) throw new Error(`${department.name} has no town region`);
      departmentTemplates = pickTownTemplates(townshipTemplates(town.name, town.nameEn), random);
    }
    if (!departmentTemplates?.length) throw new Error(`no resource templates for ${department.key}`);
    for (const template of departmentTemplates) {
      const resource = instantiate(template, department, random);
      resources.push(resource);
      if (template.related?.length) relatedNames.set(resource, template.related);
    }
  }

  const keys = new Set<string>();
  for (const resource of resources) {
    if (keys.has(resource.key)) throw new Error(`duplicate resource key ${resource.key}`);
    keys.add(resource.key);
  }
  resolveRelated(resources, relatedNames);
  assignReviewStatuses(resources, random);
  return resources;
}

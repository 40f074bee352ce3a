// The demo district: Sanshui District of Foshan with its departments, catalog classifications, a catalog of
// several hundred entries and the demo users. Pure data, no I/O: the seeder inserts it, tests inspect it.
import { buildClassifications } from './classifications.js';
import { buildDepartments } from './departments.js';
import { buildRegions } from './regions.js';
import { buildResources } from './resources.js';
import type { DemoDistrict } from './types.js';
import { buildUsers } from './users.js';

export type {
  ClassificationView, DataItem, DemoClassification, DemoDepartment, DemoDistrict, DemoRegion, DemoResource, DemoUser,
  OpenType, ResourceFormat, ResourceStatus, SharingMethod, SharingType, UpdateCycle,
} from './types.js';
export { VIEW_SLUG_CODES, departmentClassificationCode } from './classifications.js';
export { ROOT_DEPARTMENT_KEY } from './departments.js';
export { DEMO_USER_DEPARTMENT_KEYS } from './users.js';

/** Builds the whole district. Deterministic: every call returns deep-equal data. */
export function buildDemoDistrict(): DemoDistrict {
  const regions = buildRegions();
  const departments = buildDepartments();
  return {
    regions,
    departments,
    classifications: buildClassifications(departments),
    resources: buildResources(departments, regions),
    users: buildUsers(),
  };
}

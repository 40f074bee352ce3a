// The shape of the demo district. It mirrors the directory and catalog contracts but refers to departments
// and entries by stable keys, because database ids and resource codes only exist once the seeder inserts them.
import type { Role } from '../../../platform/actor.js';
import type { DataItem, OpenType, ResourceInput, ResourceStatus, SharingType } from '../../catalog/index.js';
import type { DivisionLevel } from '../../../platform/identifiers.js';

export type { DataItem, OpenType, ResourceStatus, SharingType };

export type ResourceFormat = 'database' | 'document' | 'spreadsheet' | 'image' | 'stream' | 'api' | 'other';
export type UpdateCycle =
  | 'realtime' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | 'irregular';
export type SharingMethod = 'api' | 'file' | 'table_sync';
export type ClassificationView = 'base' | 'theme' | 'department';

export interface DemoRegion {
  code: string;
  name: string;
  nameEn: string;
  level: DivisionLevel;
  parentCode: string | null;
}

export interface DemoDepartment {
  key: string;
  name: string;
  nameEn: string;
  /** 'government' for the district government itself, else the category of demo-district.json. */
  kind: string;
  shortCode: string;
  creditCode: string;
  regionCode: string;
  parentKey: string | null;
}

export interface DemoClassification {
  code: string;
  view: ClassificationView;
  level: number;
  name: string;
  nameEn: string;
  parentCode: string | null;
}

type SeededFields = 'providerDepartmentId' | 'relatedCodes' | 'sourceSystemId' | 'changeNote' | 'code';

/** A catalog entry as ResourceInput, with its provider and related entries named by key instead of by id/code. */
export interface DemoResource extends Omit<ResourceInput, SeededFields> {
  /** Unique within the demo district, e.g. 'gaj-registered-population'. */
  key: string;
  providerKey: string;
  nameEn: string;
  format: ResourceFormat;
  updateCycle: UpdateCycle;
  sharingMethods: SharingMethod[];
  relatedKeys: string[];
  status: Extract<ResourceStatus, 'published' | 'submitted' | 'draft'>;
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  departmentKey?: string;
}

export interface DemoDistrict {
  regions: DemoRegion[];
  departments: DemoDepartment[];
  classifications: DemoClassification[];
  resources: DemoResource[];
  users: DemoUser[];
}

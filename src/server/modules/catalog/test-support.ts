/**
 * Fixtures for the catalog's tests: the platform with the basic directory (harness.ts), a small
 * classification tree, and a builder for valid entries.
 */
import { cliActor, type CliActor } from '../../platform/actor.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type TestPlatform } from '../../testing/harness.js';
import type { Config } from '../../platform/config.js';
import type { ClassificationInput, DataItem, ResourceInput } from './index.js';

export const TEST_CLASSIFICATIONS: ClassificationInput[] = [
  { code: '1', view: 'base', level: 1, name: '基础信息资源', nameEn: 'Base resources', parentCode: null },
  { code: '101', view: 'base', level: 2, name: '人口', nameEn: 'Population', parentCode: '1' },
  { code: '101001', view: 'base', level: 3, name: '人口基本信息', nameEn: 'Basic population information', parentCode: '101' },
  { code: '101002', view: 'base', level: 3, name: '户籍与居住', nameEn: 'Household registration and residence', parentCode: '101' },
  { code: '102', view: 'base', level: 2, name: '法人', nameEn: 'Legal entities', parentCode: '1' },
  { code: '102001', view: 'base', level: 3, name: '市场主体', nameEn: 'Market entities', parentCode: '102' },
  { code: '2', view: 'theme', level: 1, name: '主题信息资源', nameEn: 'Theme resources', parentCode: null },
  { code: '202', view: 'theme', level: 2, name: '信用', nameEn: 'Credit', parentCode: '2' },
  { code: '202001', view: 'theme', level: 3, name: '行政许可', nameEn: 'Administrative licences', parentCode: '202' },
  { code: '3', view: 'department', level: 1, name: '部门信息资源', nameEn: 'Department resources', parentCode: null },
  { code: '323', view: 'department', level: 2, name: '区市场监督管理局', nameEn: 'Market Supervision Administration', parentCode: '3' },
  { code: '323001', view: 'department', level: 3, name: '综合', nameEn: 'General', parentCode: '323' },
];

export const idNumberItem: DataItem = { name: 'id_number', label: '公民身份号码', type: 'string', length: 18, required: true, key: true, sensitivity: 'sensitive' };

/** A valid entry of the "own" department; override what the test is about. */
export function entryInput(overrides: Partial<ResourceInput> = {}): ResourceInput {
  return {
    classificationCode: '101001',
    name: '户籍人口基本信息',
    nameEn: 'Registered population',
    summary: '辖区户籍人口的姓名、公民身份号码、户籍地址等基本信息。',
    format: 'database',
    dataItems: [
      idNumberItem,
      { name: 'full_name', label: '姓名', type: 'string', length: 50, required: true, key: false, sensitivity: 'internal' },
    ],
    sharingType: 'conditional',
    sharingConditions: '用于办理政务服务事项时核验当事人身份',
    sharingMethods: ['api'],
    openType: 'not_open',
    updateCycle: 'daily',
    keywords: ['户籍', '人口'],
    relatedCodes: [],
    ...overrides,
  };
}

export interface CatalogTestbed {
  t: TestPlatform;
  directory: BasicDirectory;
  cli: CliActor;
  /** Creates an entry of a department (default: own) as the operator at the CLI, and moves it to `status`. */
  entry(status: 'draft' | 'submitted' | 'returned' | 'published' | 'retired', overrides?: Partial<ResourceInput>): Promise<string>;
  close(): Promise<void>;
}

export async function createCatalogTestbed(overrides: Partial<Config> = {}): Promise<CatalogTestbed> {
  const t = await createTestPlatform(overrides);
  const directory = await seedBasicDirectory(t.platform);
  const cli = cliActor('test');
  const catalog = t.platform.catalog.service;
  await catalog.upsertClassifications(cli, TEST_CLASSIFICATIONS);
  return {
    t,
    directory,
    cli,
    async entry(status, overrides = {}) {
      const { code } = await catalog.create(cli, entryInput({ providerDepartmentId: directory.departments.own, ...overrides }));
      if (status === 'draft') return code;
      await catalog.submit(cli, code);
      if (status === 'returned') await catalog.returnForRevision(cli, code, '请补充信息项');
      if (status === 'submitted' || status === 'returned') return code;
      await catalog.publish(cli, code);
      if (status === 'retired') await catalog.retire(cli, code, '数据不再更新');
      return code;
    },
    close: () => t.close(),
  };
}

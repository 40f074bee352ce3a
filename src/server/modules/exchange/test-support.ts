/**
 * Fixtures for the exchange's tests: the catalog testbed plus published resources with data items and business
 * systems (with credentials) in both departments. Every part's tests start here.
 */
import { createCatalogTestbed, type CatalogTestbed } from '../catalog/test-support.js';
import type { DataItem } from '../catalog/index.js';
import type { Config } from '../../platform/config.js';

/** A 10-item person resource: key id_number, a credit code, a phone, a code list, every type. */
export const PERSON_ITEMS: DataItem[] = [
  { name: 'id_number', label: '公民身份号码', type: 'string', length: 18, required: true, key: true, sensitivity: 'sensitive' },
  { name: 'full_name', label: '姓名', type: 'string', length: 50, required: true, key: false, sensitivity: 'sensitive' },
  { name: 'gender', label: '性别', type: 'code', length: 1, required: false, key: false, codeList: 'GB/T 2261.1-2003 人的性别代码', sensitivity: 'internal' },
  { name: 'birth_date', label: '出生日期', type: 'date', required: false, key: false, sensitivity: 'sensitive' },
  { name: 'phone', label: '联系电话', type: 'string', length: 20, required: false, key: false, sensitivity: 'sensitive' },
  { name: 'employer_credit_code', label: '工作单位统一社会信用代码', type: 'string', length: 18, required: false, key: false, sensitivity: 'internal' },
  { name: 'household_size', label: '家庭人口数', type: 'integer', required: false, key: false, sensitivity: 'internal' },
  { name: 'monthly_income', label: '月收入', type: 'decimal', required: false, key: false, sensitivity: 'secret' },
  { name: 'registered_at', label: '登记时间', type: 'datetime', required: false, key: false, sensitivity: 'internal' },
  { name: 'is_resident', label: '是否常住', type: 'boolean', required: false, key: false, sensitivity: 'public' },
];

/** A resource with a composite key (licence number + issue year). */
export const LICENCE_ITEMS: DataItem[] = [
  { name: 'licence_no', label: '许可证号', type: 'string', length: 30, required: true, key: true, sensitivity: 'public' },
  { name: 'issue_year', label: '发证年度', type: 'integer', required: true, key: true, sensitivity: 'public' },
  { name: 'holder_name', label: '持证单位', type: 'string', length: 100, required: true, key: false, sensitivity: 'public' },
  { name: 'holder_credit_code', label: '持证单位统一社会信用代码', type: 'string', length: 18, required: true, key: false, sensitivity: 'public' },
];

/** Valid sample values (standards.md test vectors). */
export const VALID_ID_NUMBERS = ['11010519491231002X', '440524188001010014'];
export const VALID_CREDIT_CODES = ['91350100M000100Y43', '91330100716105852F', '9144030071526726XG', '11100000000013338W'];

export interface ExchangeTestbed extends CatalogTestbed {
  /** Published, conditional, provider = own department, PERSON_ITEMS. */
  personCode: string;
  /** Published, unconditional, provider = own department, LICENCE_ITEMS. */
  licenceCode: string;
  /** Business systems with a credential: `own` belongs to the provider department, `other` to the other one. */
  systems: { own: { id: string; token: string }; other: { id: string; token: string } };
  /** Authorization header for a system's credential. */
  bearer(system: 'own' | 'other'): Record<string, string>;
}

export async function createExchangeTestbed(overrides: Partial<Config> = {}): Promise<ExchangeTestbed> {
  const bed = await createCatalogTestbed(overrides);
  const personCode = await bed.entry('published', { name: '户籍人口基本信息', dataItems: PERSON_ITEMS, sharingType: 'conditional' });
  const licenceCode = await bed.entry('published', {
    classificationCode: '202001', name: '行政许可信息', nameEn: 'Administrative licences', dataItems: LICENCE_ITEMS,
    sharingType: 'unconditional', sharingConditions: null, keywords: ['许可'],
  });
  const directory = bed.t.platform.directory.service;
  const ownSystem = await directory.createBusinessSystem(bed.cli, { departmentId: bed.directory.departments.own, code: 'own-portal', name: '市场监管业务系统' });
  const otherSystem = await directory.createBusinessSystem(bed.cli, { departmentId: bed.directory.departments.other, code: 'other-assist', name: '社会救助系统' });
  const ownToken = (await directory.issueCredential(bed.cli, ownSystem.id)).token;
  const otherToken = (await directory.issueCredential(bed.cli, otherSystem.id)).token;
  const systems = { own: { id: ownSystem.id, token: ownToken }, other: { id: otherSystem.id, token: otherToken } };
  return {
    ...bed,
    personCode,
    licenceCode,
    systems,
    bearer: (system) => ({ authorization: `Bearer ${systems[system].token}` }),
  };
}

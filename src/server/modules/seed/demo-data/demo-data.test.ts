import { describe, expect, it } from 'vitest';
import { divisionLevel, isDivisionCodeFormat, validateCreditCode } from '../../../platform/identifiers.js';
import district from './demo-district.json' with { type: 'json' };
import { ROOT_DEPARTMENT_KEY, VIEW_SLUG_CODES, buildDemoDistrict, departmentClassificationCode } from './index.js';

const demo = buildDemoDistrict();
const departmentsByKey = new Map(demo.departments.map((department) => [department.key, department]));
const classificationsByCode = new Map(demo.classifications.map((classification) => [classification.code, classification]));
const resourceKeys = new Set(demo.resources.map((resource) => resource.key));

describe('demo district: regions', () => {
  it('contains Guangdong, Foshan, its five districts and the seven towns of Sanshui', () => {
    const codes = demo.regions.map((region) => region.code);
    expect(codes).toEqual(expect.arrayContaining(['440000', '440600', '440604', '440605', '440606', '440607', '440608']));
    const towns = demo.regions.filter((region) => region.parentCode === '440607');
    expect(towns).toHaveLength(7);
    for (const town of towns) expect(town.code).toMatch(/^440607\d{6}$/);
  });

  it('gives every region a well-formed code, the level its code says, and an existing parent', () => {
    const codes = new Set(demo.regions.map((region) => region.code));
    for (const region of demo.regions) {
      expect(isDivisionCodeFormat(region.code)).toBe(true);
      expect(region.level).toBe(divisionLevel(region.code));
      if (region.parentCode !== null) expect(codes.has(region.parentCode)).toBe(true);
    }
  });
});

describe('demo district: departments', () => {
  it('has the district government as root and all 46 departments of demo-district.json under it', () => {
    expect(demo.departments).toHaveLength(47);
    const root = departmentsByKey.get(ROOT_DEPARTMENT_KEY);
    expect(root).toMatchObject({ name: '佛山市三水区人民政府', kind: 'government', parentKey: null });
    const names = demo.departments.filter((department) => department.parentKey === ROOT_DEPARTMENT_KEY).map((d) => d.name);
    expect(names).toEqual(district.departments.map(([name]) => name));
  });

  it('gives unique keys and unique two-digit short codes 01–47', () => {
    expect(departmentsByKey.size).toBe(demo.departments.length);
    const shortCodes = demo.departments.map((department) => department.shortCode).sort();
    expect(shortCodes).toEqual(Array.from({ length: 47 }, (_, index) => String(index + 1).padStart(2, '0')));
  });

  it('gives every department a credit code valid in both layers, unique, registered in Sanshui', () => {
    const codes = demo.departments.map((department) => department.creditCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const department of demo.departments) {
      expect(validateCreditCode(department.creditCode), department.name).toEqual({ ok: true });
      expect(department.creditCode.slice(2, 8)).toBe('440607');
    }
  });

  it('marks government organs with 11 and the enterprise with 91', () => {
    expect(departmentsByKey.get('gaj')?.creditCode.slice(0, 2)).toBe('11');
    expect(departmentsByKey.get(ROOT_DEPARTMENT_KEY)?.creditCode.slice(0, 2)).toBe('11');
    expect(departmentsByKey.get('rqgs')?.creditCode.slice(0, 2)).toBe('91');
  });

  it('places township offices in their own town and everything else in the district', () => {
    const regionCodes = new Set(demo.regions.map((region) => region.code));
    for (const department of demo.departments) {
      expect(regionCodes.has(department.regionCode)).toBe(true);
      expect(department.regionCode.length === 12).toBe(department.kind === 'township');
    }
  });
});

describe('demo district: classifications', () => {
  it('uses codes the schema accepts, with a level matching the code and an existing parent', () => {
    for (const classification of demo.classifications) {
      expect(classification.code).toMatch(/^[1-3]([0-9]{2}([0-9]{3}([0-9]{3})?)?)?$/);
      expect(classification.level).toBe({ 1: 1, 3: 2, 6: 3, 9: 4 }[classification.code.length]);
      expect(classification.view).toBe(({ 1: 'base', 2: 'theme', 3: 'department' } as const)[classification.code[0] as '1' | '2' | '3']);
      if (classification.parentCode !== null) {
        expect(classificationsByCode.has(classification.parentCode)).toBe(true);
        expect(classification.code.startsWith(classification.parentCode)).toBe(true);
      }
    }
    expect(classificationsByCode.size).toBe(demo.classifications.length);
  });

  it('has the five base 项, at least ten theme 项 and one 项 with a general 目 per department', () => {
    for (const code of ['101', '102', '103', '104', '105', '201', '202', '203', '204', '205', '206', '207', '208', '209', '210']) {
      expect(classificationsByCode.has(code), code).toBe(true);
    }
    for (const department of demo.departments) {
      expect(classificationsByCode.get(`3${department.shortCode}`)?.name).toBe(department.name);
      expect(classificationsByCode.get(departmentClassificationCode(department.shortCode))?.level).toBe(3);
    }
  });
});

describe('demo district: catalog entries', () => {
  it('has at least 320 entries with unique keys, spread over all 46 departments', () => {
    expect(demo.resources.length).toBeGreaterThanOrEqual(320);
    expect(resourceKeys.size).toBe(demo.resources.length);
    const providers = new Set(demo.resources.map((resource) => resource.providerKey));
    for (const department of demo.departments) {
      if (department.key !== ROOT_DEPARTMENT_KEY) expect(providers.has(department.key), department.name).toBe(true);
    }
  });

  it('gives the big data holders far more entries than the federations', () => {
    const countOf = (key: string) => demo.resources.filter((resource) => resource.providerKey === key).length;
    for (const big of ['gaj', 'scj', 'rsj', 'mzj', 'zrzyj']) {
      expect(countOf(big), big).toBeGreaterThanOrEqual(14);
    }
    for (const small of ['zgh', 'fl', 'gxs']) expect(countOf(small), small).toBeLessThanOrEqual(3);
  });

  it('files every entry under an existing department and an existing level-3 classification', () => {
    for (const resource of demo.resources) {
      expect(departmentsByKey.has(resource.providerKey), resource.key).toBe(true);
      expect(classificationsByCode.get(resource.classificationCode)?.level, resource.key).toBe(3);
    }
  });

  it('files department-view entries under their own department', () => {
    for (const resource of demo.resources.filter((entry) => entry.classificationCode.startsWith('3'))) {
      const department = departmentsByKey.get(resource.providerKey)!;
      expect(resource.classificationCode).toBe(departmentClassificationCode(department.shortCode));
    }
  });

  it('gives every conditional entry its conditions and every not-shared entry its legal basis', () => {
    for (const resource of demo.resources) {
      if (resource.sharingType === 'conditional') expect(resource.sharingConditions?.trim(), resource.key).toBeTruthy();
      if (resource.sharingType === 'not_shared') {
        expect(resource.notSharedBasis?.trim(), resource.key).toBeTruthy();
        expect(resource.sharingMethods).toEqual([]);
      } else {
        expect(resource.sharingMethods.length, resource.key).toBeGreaterThan(0);
      }
    }
    expect(demo.resources.some((resource) => resource.sharingType === 'not_shared')).toBe(true);
  });

  it('gives every entry 4–20 uniquely named data items, with at least one required key item', () => {
    for (const resource of demo.resources) {
      const names = resource.dataItems.map((item) => item.name);
      expect(names.length, resource.key).toBeGreaterThanOrEqual(4);
      expect(names.length, resource.key).toBeLessThanOrEqual(20);
      expect(new Set(names).size, resource.key).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      const keys = resource.dataItems.filter((item) => item.key);
      expect(keys.length, resource.key).toBeGreaterThan(0);
      for (const key of keys) expect(key.required).toBe(true);
    }
  });

  // Phones of offices and hotlines are published on purpose; phones of people are not.
  const INSTITUTIONAL_PHONES = new Set(['org_phone', 'service_phone', 'consultation_phone', 'duty_phone', 'appointment_phone']);
  const PERSON_NAMES = new Set(['full_name', 'former_name', 'father_name', 'mother_name', 'male_name', 'female_name', 'guardian_name',
    'child_name', 'newborn_name', 'owner_name', 'applicant_name', 'complainant_name', 'petitioner_name', 'landlord_name', 'caller_name']);

  it('marks ID numbers, phones and names of natural persons as sensitive', () => {
    let checked = 0;
    for (const resource of demo.resources) {
      for (const item of resource.dataItems) {
        const personalPhone = /(^|_)phone$/.test(item.name) && !INSTITUTIONAL_PHONES.has(item.name);
        if (/(^|_)id_number$/.test(item.name) || personalPhone || PERSON_NAMES.has(item.name)) {
          expect(['sensitive', 'secret'], `${resource.key}/${item.name}`).toContain(item.sensitivity);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('opens to the public only entries without personal or secret data', () => {
    const opened = demo.resources.filter((resource) => resource.openType !== 'not_open');
    expect(opened.length).toBeGreaterThan(0);
    for (const resource of opened) {
      for (const item of resource.dataItems) {
        expect(['public'], `${resource.key}/${item.name}`).toContain(item.sensitivity);
      }
    }
  });

  it('gives 2–5 keywords and only related keys that exist', () => {
    for (const resource of demo.resources) {
      expect(resource.keywords.length, resource.key).toBeGreaterThanOrEqual(2);
      expect(resource.keywords.length, resource.key).toBeLessThanOrEqual(5);
      for (const related of resource.relatedKeys) {
        expect(resourceKeys.has(related), `${resource.key} → ${related}`).toBe(true);
        expect(related).not.toBe(resource.key);
      }
    }
    expect(demo.resources.filter((resource) => resource.relatedKeys.length > 0).length).toBeGreaterThanOrEqual(10);
  });

  it('publishes most entries with a date and leaves a handful in draft or submitted for the review demo', () => {
    const published = demo.resources.filter((resource) => resource.status === 'published');
    const inReview = demo.resources.filter((resource) => resource.status !== 'published');
    expect(published.length).toBeGreaterThan(demo.resources.length * 0.9);
    expect(inReview.some((resource) => resource.status === 'draft')).toBe(true);
    expect(inReview.some((resource) => resource.status === 'submitted')).toBe(true);
    for (const resource of published) expect(resource.publishDate).toMatch(/^20(19|2[0-5])-\d{2}-\d{2}$/);
    for (const resource of inReview) expect(resource.publishDate).toBeUndefined();
  });

  it.each(district.resourceExamples)('includes the example %s / %s with its view, sharing type and update cycle',
    (departmentName, name, view, sharingType, updateCycle) => {
      const department = demo.departments.find((candidate) => candidate.name === departmentName)!;
      const resource = demo.resources.find((candidate) => candidate.providerKey === department.key && candidate.name === name);
      expect(resource).toBeDefined();
      expect(resource).toMatchObject({ sharingType, updateCycle, status: 'published' });
      const expectedPrefix = view === 'department' ? departmentClassificationCode(department.shortCode) : VIEW_SLUG_CODES[view];
      expect(expectedPrefix).toBeDefined();
      expect(resource!.classificationCode.startsWith(expectedPrefix)).toBe(true);
    });
});

describe('demo district: users', () => {
  it('has the security admin, the auditor and a data admin in the data bureau', () => {
    expect(demo.users).toEqual(expect.arrayContaining([
      expect.objectContaining({ username: 'secadmin', role: 'security_admin' }),
      expect.objectContaining({ username: 'auditor', role: 'audit_admin' }),
      expect.objectContaining({ username: 'dataadmin', role: 'data_admin', departmentKey: 'sjtcj' }),
    ]));
  });

  it('has an admin and an operator for the big departments, in existing departments, with valid usernames', () => {
    for (const key of ['gaj', 'scj', 'mzj']) {
      expect(demo.users).toContainEqual(expect.objectContaining({ username: `${key}_admin`, role: 'dept_admin', departmentKey: key }));
      expect(demo.users).toContainEqual(expect.objectContaining({ username: `${key}_op`, role: 'dept_operator', departmentKey: key }));
    }
    expect(demo.users.filter((user) => user.role === 'dept_admin').length).toBeGreaterThanOrEqual(8);
    const usernames = demo.users.map((user) => user.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const user of demo.users) {
      expect(user.username).toMatch(/^[A-Za-z0-9_.@-]{2,64}$/);
      if (user.departmentKey) expect(departmentsByKey.has(user.departmentKey)).toBe(true);
    }
  });
});

describe('demo district: determinism', () => {
  it('builds deep-equal data every time', () => {
    expect(buildDemoDistrict()).toEqual(buildDemoDistrict());
    expect(buildDemoDistrict()).toEqual(demo);
  });
});

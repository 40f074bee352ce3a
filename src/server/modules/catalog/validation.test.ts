import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldError } from '../../platform/errors.js';
import { createCatalogTestbed, entryInput, type CatalogTestbed } from './test-support.js';
import { checkReferences, checkResourceShape, type CheckedInput, type ReferenceSnapshot } from './validation.js';

const pairs = (errors: FieldError[]) => errors.map((error) => [error.pointer, error.code]);
const shapeErrors = (input: unknown) => pairs(checkResourceShape(input).errors);

describe('checkResourceShape', () => {
  it('accepts a complete entry and fills the defaults', () => {
    const { errors, input } = checkResourceShape(entryInput({ keywords: undefined as never, dataItems: [{ name: 'a1', label: '甲', type: 'string' } as never] }));
    expect(errors).toEqual([]);
    expect(input?.keywords).toEqual([]);
    expect(input?.dataItems[0]).toEqual({ name: 'a1', label: '甲', type: 'string', length: null, required: false, key: false, codeList: null, sensitivity: 'internal' });
  });

  it('reports every missing required field at once', () => {
    expect(shapeErrors({})).toEqual([
      ['/classificationCode', 'validation.required'],
      ['/name', 'validation.required'],
      ['/summary', 'validation.required'],
      ['/format', 'validation.required'],
      ['/sharingType', 'validation.required'],
      ['/openType', 'validation.required'],
      ['/updateCycle', 'validation.required'],
    ]);
    expect(shapeErrors({ ...entryInput(), name: '   ' })).toEqual([['/name', 'validation.required']]);
    expect(shapeErrors('text')).toEqual([['/', 'validation.type']]);
  });

  it('checks every enumeration', () => {
    const input = entryInput({ format: 'csv', sharingType: 'sometimes' as never, openType: 'yes' as never, updateCycle: 'hourly', sharingMethods: ['api', 'email', 'api'] });
    expect(shapeErrors(input)).toEqual([
      ['/format', 'validation.enum'],
      ['/sharingType', 'validation.enum'],
      ['/openType', 'validation.enum'],
      ['/updateCycle', 'validation.enum'],
      ['/sharingMethods/1', 'validation.enum'],
      ['/sharingMethods/2', 'validation.duplicate'],
    ]);
  });

  it('caps text lengths, and takes HTML as plain text', () => {
    expect(shapeErrors(entryInput({ name: '名'.repeat(201), summary: 's'.repeat(4001), keywords: ['k'.repeat(51)] }))).toEqual([
      ['/name', 'validation.max_length'],
      ['/summary', 'validation.max_length'],
      ['/keywords/0', 'validation.max_length'],
    ]);
    const html = '<script>alert("x")</script><b>户籍</b>';
    expect(checkResourceShape(entryInput({ name: html })).input?.name).toBe(html);
  });

  it('checks each data item: name, label, type, length, key', () => {
    const input = entryInput({
      dataItems: [
        { name: 'ID', label: '', type: 'text', length: 0, required: true, key: false, sensitivity: 'internal' },
        { name: 'ok_name', label: '名称', type: 'string', length: 2.5, required: false, key: true, sensitivity: 'top' },
        { name: 'ok_name', label: '重复', type: 'string', required: false, key: false, sensitivity: 'public' },
      ] as never,
    });
    expect(shapeErrors(input)).toEqual([
      ['/dataItems/0/name', 'catalog.invalid_data_item_name'],
      ['/dataItems/0/label', 'validation.required'],
      ['/dataItems/0/type', 'validation.enum'],
      ['/dataItems/0/length', 'catalog.invalid_length'],
      ['/dataItems/1/length', 'catalog.invalid_length'],
      ['/dataItems/1/required', 'catalog.key_not_required'],
      ['/dataItems/1/sensitivity', 'validation.enum'],
      ['/dataItems/2/name', 'catalog.duplicate_data_item'],
    ]);
  });

  it('does not require data items, even for database and api entries', () => {
    expect(shapeErrors(entryInput({ format: 'api', dataItems: [] }))).toEqual([]);
  });

  it('requires conditions for conditional sharing and a legal basis for not sharing', () => {
    expect(shapeErrors(entryInput({ sharingType: 'conditional', sharingConditions: ' ' }))).toEqual([['/sharingConditions', 'catalog.conditions_required']]);
    expect(shapeErrors(entryInput({ sharingType: 'not_shared', notSharedBasis: null }))).toEqual([['/notSharedBasis', 'catalog.legal_basis_required']]);
    expect(shapeErrors(entryInput({ sharingType: 'unconditional', sharingConditions: null }))).toEqual([]);
  });

  it('checks dates, ids and explicit codes', () => {
    const input = entryInput({ publishDate: '2024-02-30', providerDepartmentId: 'not-a-uuid', sourceSystemId: '42', code: '102001-000001' });
    expect(shapeErrors(input)).toEqual([
      ['/publishDate', 'validation.invalid_date'],
      ['/providerDepartmentId', 'catalog.unknown_department'],
      ['/sourceSystemId', 'catalog.unknown_source_system'],
      ['/code', 'catalog.invalid_code'],
    ]);
    expect(shapeErrors(entryInput({ code: '101001-000123', relatedCodes: ['nonsense'] }))).toEqual([['/relatedCodes/0', 'catalog.unknown_related_code']]);
  });
});

describe('checkReferences', () => {
  const OWN = '00000000-0000-4000-8000-000000000001';
  const OTHER = '00000000-0000-4000-8000-000000000002';
  const SYSTEM = '00000000-0000-4000-8000-000000000003';
  const refs: ReferenceSnapshot = {
    classifications: new Map([['101', { level: 2 }], ['101001', { level: 3 }]]),
    departments: new Map([[OWN, { id: OWN }], [OTHER, { id: OTHER }]]),
    systems: new Map([[SYSTEM, { departmentId: OTHER }]]),
    existingCodes: new Set(['101001-000001']),
    batchCodes: new Set(['101001-000777']),
  };
  const checked = (overrides: Partial<CheckedInput>) => ({ ...checkResourceShape(entryInput()).input!, ...overrides });
  const check = (input: CheckedInput, departmentId: string | null = OWN, ownCode?: string) =>
    pairs(checkReferences(input, refs, { departmentId, ownCode, mayUseDepartment: (id) => id === OWN }));

  it('passes an entry whose references exist', () => {
    expect(check(checked({ relatedCodes: ['101001-000001', '101001-000777'] }))).toEqual([]);
  });

  it('reports every reference problem at once', () => {
    const input = checked({ classificationCode: '109009', sourceSystemId: SYSTEM, relatedCodes: ['101001-000404'], code: '101001-000001' });
    expect(check(input)).toEqual([
      ['/classificationCode', 'catalog.unknown_classification'],
      ['/sourceSystemId', 'catalog.source_system_department'],
      ['/relatedCodes/0', 'catalog.unknown_related_code'],
      ['/code', 'catalog.duplicate_code'],
    ]);
  });

  it('needs a level 3 or 4 classification', () => {
    expect(check(checked({ classificationCode: '101' }))).toEqual([['/classificationCode', 'catalog.classification_too_broad']]);
  });

  it('needs a known department the actor may use', () => {
    expect(check(checked({}), '00000000-0000-4000-8000-000000000009')).toEqual([['/providerDepartmentId', 'catalog.unknown_department']]);
    expect(check(checked({}), OTHER)).toEqual([['/providerDepartmentId', 'auth.forbidden']]);
    expect(check(checked({}), null)).toEqual([['/providerDepartmentId', 'validation.required']]);
  });

  it('refuses a relation of an entry to itself', () => {
    expect(check(checked({ relatedCodes: ['101001-000001'] }), OWN, '101001-000001')).toEqual([['/relatedCodes/0', 'catalog.self_related']]);
  });
});

describe('validation through the service and HTTP', () => {
  let bed: CatalogTestbed;
  beforeAll(async () => {
    bed = await createCatalogTestbed();
  });
  afterAll(() => bed.close());

  it('answers 400 with every problem (shape and references) and writes nothing', async () => {
    const operator = await bed.t.login(bed.directory.users.dept_operator);
    const before = await bed.t.platform.catalog.service.countResources();
    const response = await operator.post('/api/v1/catalog/resources', {
      classificationCode: '109009',
      name: '',
      summary: '摘要',
      format: 'database',
      sharingType: 'not_shared',
      openType: 'not_open',
      updateCycle: 'weekly',
      relatedCodes: ['101001-999999'],
      dataItems: [
        { name: 'a', label: '甲', type: 'string' },
        { name: 'a', label: '乙', type: 'number' },
      ],
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('validation.failed');
    expect(pairs(body.errors)).toEqual([
      ['/name', 'validation.required'],
      ['/notSharedBasis', 'catalog.legal_basis_required'],
      ['/dataItems/1/type', 'validation.enum'],
      ['/dataItems/1/name', 'catalog.duplicate_data_item'],
      ['/classificationCode', 'catalog.unknown_classification'],
      ['/relatedCodes/0', 'catalog.unknown_related_code'],
    ]);
    expect(await bed.t.platform.catalog.service.countResources()).toBe(before);
    const audit = await bed.t.platform.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'catalog.resource.%').execute();
    expect(audit).toEqual([]);
  });

  it('validateInput reports the same problems without writing, including another department', async () => {
    const operator = await bed.t.platform.directory.service.findUserByUsername(bed.directory.users.dept_operator);
    const actor = { kind: 'user' as const, userId: operator!.id, username: 'own_op', displayName: 'own_op', departmentId: operator!.departmentId, roles: operator!.roles, mustChangePassword: false };
    const service = bed.t.platform.catalog.service;
    expect(await service.validateInput(actor, entryInput())).toEqual([]);
    expect(pairs(await service.validateInput(actor, entryInput({ providerDepartmentId: bed.directory.departments.other })))).toEqual([
      ['/providerDepartmentId', 'auth.forbidden'],
    ]);
    expect(pairs(await service.validateInput(actor, entryInput({ relatedCodes: ['101001-000900'] }), { knownCodes: ['101001-000900'] }))).toEqual([]);
    expect(await service.countResources()).toBe(0);
  });

  it('refuses an explicit code that is taken with 409, and continues generated codes above imported ones', async () => {
    const service = bed.t.platform.catalog.service;
    const department = { providerDepartmentId: bed.directory.departments.own };
    const imported = await service.create(bed.cli, entryInput({ ...department, classificationCode: '102001', code: '102001-000500' }));
    expect(imported.code).toBe('102001-000500');
    await expect(service.create(bed.cli, entryInput({ ...department, classificationCode: '102001', code: '102001-000500' }))).rejects.toMatchObject({
      status: 409,
      code: 'catalog.duplicate_code',
    });
    const generated = await service.create(bed.cli, entryInput({ ...department, classificationCode: '102001' }));
    expect(generated.code).toBe('102001-000501');
  });

  it('createMany writes all or nothing, and reports progress', async () => {
    const service = bed.t.platform.catalog.service;
    const department = { providerDepartmentId: bed.directory.departments.own, classificationCode: '202001' };
    const before = await service.countResources();
    const inputs = Array.from({ length: 250 }, (_, i) => entryInput({ ...department, name: `行政许可信息${i}` }));
    const broken = [...inputs.slice(0, 3), entryInput({ ...department, sharingType: 'not_shared' }), ...inputs.slice(3)];
    await expect(service.createMany(bed.cli, broken)).rejects.toMatchObject({
      status: 400,
      fieldErrors: [{ pointer: '/3/notSharedBasis', code: 'catalog.legal_basis_required' }],
    });
    expect(await service.countResources()).toBe(before);

    const progress: number[] = [];
    const codes = await service.createMany(bed.cli, inputs, { onProgress: (done) => void progress.push(done) });
    expect(codes).toHaveLength(250);
    expect(new Set(codes).size).toBe(250);
    // The failed batch rolled back its sequence numbers too.
    expect(codes[0]).toBe('202001-000001');
    expect(progress).toEqual([100, 200, 250]);
    expect(await service.countResources()).toBe(before + 250);
  });
});

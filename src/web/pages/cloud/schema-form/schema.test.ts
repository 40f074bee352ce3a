// The order form's reading of an offering's JSON Schema: controls, bounds, labels in both languages, defaults,
// server problems by parameter, and a configuration in words.
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../api/client';
import { describeParameters, localProblems, parameterErrors, schemaFields, withDefaults } from './schema';

const postgres = {
  type: 'object',
  required: ['vcpu', 'storageGb', 'edition'],
  properties: {
    vcpu: { type: 'integer', title: 'vCPU', 'x-title-en': 'vCPU', minimum: 1, maximum: 64, default: 2, 'x-unit': '核' },
    storageGb: { type: 'integer', title: '存储', 'x-title-en': 'Storage', minimum: 20, maximum: 2000, multipleOf: 10, default: 100, 'x-unit': 'GB' },
    edition: {
      type: 'string',
      title: '规格',
      'x-title-en': 'Edition',
      enum: ['basic', 'ha'],
      'x-enum-titles': ['基础版', '高可用版'],
      'x-enum-titles-en': ['Basic', 'High availability'],
      default: 'basic',
    },
    backup: { type: 'boolean', title: '自动备份', description: '每日备份，保留 7 天', default: true },
    dbName: { type: 'string', title: '库名', maxLength: 32, pattern: '^[a-z][a-z0-9_]*$' },
    ratio: { type: ['number', 'null'], title: '比例' },
  },
};

describe('schemaFields', () => {
  it('gives each property the control its type asks for, in declaration order', () => {
    const fields = schemaFields(postgres, 'zh-CN');
    expect(fields.map((field) => [field.name, field.kind])).toEqual([
      ['vcpu', 'integer'],
      ['storageGb', 'integer'],
      ['edition', 'enum'],
      ['backup', 'boolean'],
      ['dbName', 'string'],
      ['ratio', 'number'],
    ]);
  });

  it('carries bounds, step, unit, length and pattern to the control', () => {
    const [vcpu, storage, , , dbName] = schemaFields(postgres, 'zh-CN');
    expect(vcpu).toMatchObject({ minimum: 1, maximum: 64, unit: '核', required: true });
    expect(storage).toMatchObject({ minimum: 20, maximum: 2000, step: 10, unit: 'GB' });
    expect(dbName).toMatchObject({ maxLength: 32, pattern: '^[a-z][a-z0-9_]*$', required: false });
  });

  it('labels fields and enum options in the console language, falling back to the other language or the raw value', () => {
    const zh = schemaFields(postgres, 'zh-CN');
    const en = schemaFields(postgres, 'en-US');
    expect(zh[2].label).toBe('规格');
    expect(zh[2].options).toEqual([{ value: 'basic', label: '基础版' }, { value: 'ha', label: '高可用版' }]);
    expect(en[2].label).toBe('Edition');
    expect(en[2].options.map((option) => option.label)).toEqual(['Basic', 'High availability']);
    // no x-title-en: the Chinese title; no title at all: the parameter name
    expect(en[3].label).toBe('自动备份');
    expect(schemaFields({ properties: { size: { type: 'integer' } } }, 'en-US')[0].label).toBe('size');
    expect(schemaFields({ properties: { tier: { enum: ['a', 'b'] } } }, 'zh-CN')[0].options.map((option) => option.label)).toEqual(['a', 'b']);
  });

  it('reads a schema without properties as no fields', () => {
    expect(schemaFields({ type: 'object' }, 'zh-CN')).toEqual([]);
  });
});

describe('withDefaults', () => {
  it('fills in defaults only where nothing was chosen', () => {
    expect(withDefaults(postgres, { vcpu: 8 })).toEqual({ vcpu: 8, storageGb: 100, edition: 'basic', backup: true });
  });
});

describe('parameterErrors', () => {
  const text = (error: FieldError) => error.code;
  it('places problems on the parameter their pointer names and leaves other fields to the caller', () => {
    const errors: FieldError[] = [
      { pointer: '/parameters/vcpu', code: 'validation.maximum', message: 'must be <= 64' },
      { pointer: '/parameters/vcpu', code: 'validation.multipleOf', message: 'x' },
      { pointer: '/parameters/edition', code: 'validation.enum', message: 'x' },
      { pointer: '/name', code: 'cloud.item_name', message: 'x' },
    ];
    expect(parameterErrors(errors, text)).toEqual({ vcpu: 'validation.maximum; validation.multipleOf', edition: 'validation.enum' });
  });

  it('finds a missing property named only in the message, and decodes escaped pointer segments', () => {
    const errors: FieldError[] = [
      { pointer: '/parameters', code: 'validation.required', message: "must have required property 'edition'" },
      { pointer: '/parameters/a~1b', code: 'validation.type', message: 'x' },
    ];
    expect(parameterErrors(errors, text)).toEqual({ edition: 'validation.required', 'a/b': 'validation.type' });
  });
});

describe('localProblems', () => {
  const fields = schemaFields(postgres, 'zh-CN');
  it('finds missing required values, values out of range and strings breaking the pattern', () => {
    expect(localProblems(fields, { vcpu: 128, edition: 'ha', dbName: 'Bad-Name' })).toEqual({ vcpu: 'range', storageGb: 'required', dbName: 'pattern' });
  });
  it('finds nothing wrong with a valid configuration', () => {
    expect(localProblems(fields, withDefaults(postgres, { dbName: 'orders_db' }))).toEqual({});
  });
});

describe('describeParameters', () => {
  it('words a configuration with titles, enum titles and units', () => {
    expect(describeParameters(postgres, { vcpu: 4, edition: 'ha', backup: false }, 'zh-CN', ['是', '否'])).toEqual(['vCPU: 4 核', '规格: 高可用版', '自动备份: 否']);
  });
  it('shows parameters the schema does not describe as they are', () => {
    expect(describeParameters(null, { size: 3, tier: 'gold' }, 'en-US')).toEqual(['size: 3', 'tier: gold']);
  });
});

describe('the order of the form', () => {
  it('follows x-order, then required, because the server stores schemas as jsonb (key order lost)', () => {
    // jsonb hands keys back shortest first: storageGb before connectionLimit.
    const fromServer = { type: 'object', required: ['connectionLimit', 'storageGb'], properties: { storageGb: { type: 'integer' }, connectionLimit: { type: 'integer' }, note: { type: 'string' } } };
    expect(schemaFields(fromServer, 'zh-CN').map((field) => field.name)).toEqual(['connectionLimit', 'storageGb', 'note']);
    expect(schemaFields({ ...fromServer, 'x-order': ['note', 'storageGb'] }, 'zh-CN').map((field) => field.name)).toEqual(['note', 'storageGb', 'connectionLimit']);
  });
});

import { describe, expect, it } from 'vitest';
import { PostgresDialect, Kysely, sql } from 'kysely';
import type { GrantInfo, StoreDefinition } from '../index.js';
import { columnsFromItems } from '../store/columns.js';
import { PERSON_ITEMS } from '../test-support.js';
import { checkAgainstGrant, compileConditions, maskValue, presentRecord } from './enforce.js';

describe('maskValue', () => {
  it('keeps the first 6 and last 4 characters of an 18-digit id and 6+3 of a 15-digit one', () => {
    expect(maskValue('id_number', '440524188001010014')).toBe('440524********0014');
    expect(maskValue('id_number', '11010519491231002X')).toBe('110105********002X');
    expect(maskValue('id_number', '440524800101001')).toBe('440524******001');
  });

  it('hides the middle of identity numbers of other lengths', () => {
    expect(maskValue('id_number', 'E12345678')).toBe('E1*****78');
    expect(maskValue('id_number', 'AB')).toBe('**');
  });

  it('masks mobile numbers as 138****1234, keeping separators and the +86 prefix', () => {
    expect(maskValue('phone', '13812341234')).toBe('138****1234');
    expect(maskValue('phone', '138-1234-5678')).toBe('138-****-5678');
    expect(maskValue('phone', '+86 13812341234')).toBe('+86 138****1234');
  });

  it('keeps the area code and the last two digits of a landline', () => {
    expect(maskValue('phone', '020-12345678')).toBe('020-******78');
    expect(maskValue('phone', '010-87654321')).toBe('010-******21');
    expect(maskValue('phone', '0755-1234567')).toBe('0755-*****67');
    expect(maskValue('phone', '075512345678')).toBe('0755******78');
    expect(maskValue('phone', '02012345678')).toBe('020******78');
  });

  it('keeps only the last two digits of other numbers and hides short ones entirely', () => {
    expect(maskValue('phone', '12345678')).toBe('******78');
    expect(maskValue('phone', '12')).toBe('**');
    expect(maskValue('phone', 'n/a')).toBe('***');
  });

  it('keeps the first character of a name', () => {
    expect(maskValue('name', '张三')).toBe('张*');
    expect(maskValue('name', '欧阳娜')).toBe('欧**');
    expect(maskValue('name', '欧阳娜娜')).toBe('欧***');
    expect(maskValue('name', '张')).toBe('*');
    // A character outside the BMP counts as one character.
    expect(maskValue('name', '𠀋明')).toBe('𠀋*');
  });

  it('partial keeps the first and last quarter and always hides something', () => {
    expect(maskValue('partial', '1949-12-31')).toBe('19******31');
    expect(maskValue('partial', 'abcd')).toBe('a**d');
    expect(maskValue('partial', 'abc')).toBe('***');
    expect(maskValue('partial', 'a')).toBe('*');
    expect(maskValue('partial', '广东省深圳市南山区')).toBe('广东*****山区');
  });

  it('hidden gives null, clear the value, and null stays null under every rule', () => {
    expect(maskValue('hidden', 'secret')).toBeNull();
    expect(maskValue('clear', 'as is')).toBe('as is');
    for (const rule of ['clear', 'id_number', 'phone', 'name', 'partial', 'hidden'] as const) expect(maskValue(rule, null)).toBeNull();
  });

  it('an unknown rule does not leak the value', () => {
    expect(maskValue('future' as never, 'value')).toBeNull();
  });
});

const definition: StoreDefinition = {
  resourceId: 'r', resourceCode: 'X', resourceName: 'x', providerDepartmentId: 'd', sharingType: 'conditional', updateCycle: 'daily',
  catalogVersion: 1, table: 'xs_x', history: 'xh_x', keyColumns: ['id_number'], columns: columnsFromItems(PERSON_ITEMS), rules: {},
  rowCount: 0, lastChangeSeq: 0, lastLoadAt: null,
};
const grant = {
  id: 'g', fields: ['id_number', 'full_name', 'household_size', 'monthly_income', 'registered_at', 'is_resident', 'birth_date'],
  masking: { id_number: 'id_number', full_name: 'name', monthly_income: 'hidden' }, rowScope: null,
} as unknown as GrantInfo;

describe('presentRecord', () => {
  const row = {
    id_number: '440524188001010014', full_name: '张三', gender: '1', birth_date: '1949-12-31', phone: '13800138000',
    employer_credit_code: 'x', household_size: '9007199254740993', monthly_income: '5200.50',
    registered_at: new Date('2024-05-01T00:30:00.000Z'), is_resident: true,
  };

  it('returns only granted fields, masked, typed for JSON', () => {
    expect(presentRecord(definition, grant, row)).toEqual({
      id_number: '440524********0014', full_name: '张*', birth_date: '1949-12-31', household_size: '9007199254740993',
      monthly_income: null, registered_at: '2024-05-01T00:30:00.000Z', is_resident: true,
    });
  });

  it('gives the provider every field in clear', () => {
    const record = presentRecord(definition, null, { ...row, household_size: '3' });
    expect(Object.keys(record)).toEqual(PERSON_ITEMS.map((item) => item.name));
    expect(record).toMatchObject({ id_number: '440524188001010014', household_size: 3, monthly_income: '5200.50' });
  });
});

describe('conditions and grant checks', () => {
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: {} as never }) });
  const compile = (conditions: Parameters<typeof compileConditions>[1]) => sql`${compileConditions(definition, conditions)}`.compile(db);

  it('binds every value as a parameter cast to the column type', () => {
    const query = compile([
      { field: 'household_size', op: 'gte', value: '3' },
      { field: 'full_name', op: 'prefix', value: "50%_'x" },
      { field: 'gender', op: 'in', values: ['1', '2'] },
    ]);
    expect(query.sql).toBe('("household_size" >= $1::bigint AND "full_name" LIKE $2 ESCAPE \'\\\' AND "gender" IN ($3::text, $4::text))');
    expect(query.parameters).toEqual(['3', "50\\%\\_'x%", '1', '2']);
  });

  it('rejects unknown fields, bad values and prefix on non-text columns with pointers', () => {
    try {
      compileConditions(definition, [
        { field: 'nope', op: 'eq', value: '1' },
        { field: 'household_size', op: 'eq', value: 'three' },
        { field: 'birth_date', op: 'prefix', value: '1949' },
      ]);
      expect.unreachable();
    } catch (error) {
      expect((error as { fieldErrors: Array<{ pointer: string; code: string }> }).fieldErrors.map((e) => `${e.pointer}:${e.code}`)).toEqual([
        '/nope:exchange.unknown_field', '/household_size:exchange.invalid_filter_value', '/birth_date:exchange.invalid_operator',
      ]);
    }
  });

  it('refuses ungranted fields and range filters on masked fields but allows eq on them', () => {
    expect(() => checkAgainstGrant(definition, grant, { fields: ['phone'] })).toThrow(expect.objectContaining({ code: 'exchange.field_not_granted', status: 403 }));
    expect(() => checkAgainstGrant(definition, grant, { filter: [{ field: 'gender', op: 'eq', value: '1' }] }))
      .toThrow(expect.objectContaining({ code: 'exchange.field_not_granted' }));
    expect(() => checkAgainstGrant(definition, grant, { filter: [{ field: 'id_number', op: 'prefix', value: '4405' }] }))
      .toThrow(expect.objectContaining({ code: 'exchange.filter_on_masked_field', status: 403 }));
    expect(checkAgainstGrant(definition, grant, { fields: ['full_name', 'id_number'], filter: [{ field: 'id_number', op: 'eq', value: '1' }] }))
      .toEqual(['id_number', 'full_name']);
  });
});

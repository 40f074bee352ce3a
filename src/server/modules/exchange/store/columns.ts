/**
 * How a catalog entry's data items become store columns: names, SQL types, and the field checks inferred from
 * an item's name and code list.
 */
import type { DataItem, DataItemType } from '../../catalog/index.js';
import type { FieldCheck, FieldRule, StoreColumn } from '../index.js';

export const SQL_TYPES: Record<DataItemType, string> = {
  string: 'text',
  code: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
};

/** Data item names are ^[a-z][a-z0-9_]*$ (catalog validation); system columns start with "_" and cannot clash. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe identifier: ${name}`);
  return `"${name}"`;
}

/** Table names of a resource's store: xs_ current records, xh_ history, xq_ the history sequence. */
export function storeTableNames(resourceCode: string): { table: string; history: string; sequence: string } {
  const suffix = resourceCode.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return { table: `xs_${suffix}`, history: `xh_${suffix}`, sequence: `xq_${suffix}` };
}

export function columnsFromItems(items: DataItem[]): StoreColumn[] {
  return items.map((item) => ({
    name: item.name,
    label: item.label,
    type: item.type,
    length: item.length ?? null,
    required: item.required || item.key,
    key: item.key,
    sensitivity: item.sensitivity,
    codeList: item.codeList ?? null,
  }));
}

/** Built-in code lists (national standards); matched by the start of the catalog's code-list text. */
export const BUILTIN_CODE_LISTS: Array<{ id: string; name: string; codes: Array<{ code: string; label: string }> }> = [
  {
    id: 'GB/T 2261.1',
    name: '人的性别代码 / Sex',
    codes: [
      { code: '0', label: '未知的性别' }, { code: '1', label: '男' }, { code: '2', label: '女' }, { code: '9', label: '未说明的性别' },
    ],
  },
  {
    id: 'GB/T 2261.2',
    name: '婚姻状况代码 / Marital status',
    codes: [
      { code: '10', label: '未婚' }, { code: '20', label: '已婚' }, { code: '21', label: '初婚' }, { code: '22', label: '再婚' },
      { code: '23', label: '复婚' }, { code: '30', label: '丧偶' }, { code: '40', label: '离婚' }, { code: '90', label: '未说明的婚姻状况' },
    ],
  },
  {
    id: 'GB/T 3304',
    name: '中国各民族名称的罗马字母拼写法和代码 / Ethnic groups',
    codes: [
      ...Array.from({ length: 56 }, (_, index) => ({ code: String(index + 1).padStart(2, '0'), label: `民族 ${index + 1}` })),
      { code: '97', label: '其他' }, { code: '98', label: '外国血统中国籍人士' },
    ],
  },
];

/** The checks a field gets by default, from its name and code list. */
export function inferRule(column: StoreColumn): FieldRule {
  const rule: FieldRule = {};
  const name = column.name;
  let check: FieldCheck | null = null;
  if (/(^|_)id_number$/.test(name) || /身份证|身份号码/.test(column.label)) check = 'citizen_id';
  else if (/(^|_)credit_code$/.test(name) || /统一社会信用代码/.test(column.label)) check = 'credit_code';
  else if (/(^|_)(phone|mobile|telephone)$/.test(name)) check = 'phone';
  else if (/(^|_)division_code$/.test(name) || (column.codeList ?? '').startsWith('GB/T 2260')) check = 'division_code';
  else if (/(^|_)email$/.test(name)) check = 'email';
  if (check && (column.type === 'string' || column.type === 'code')) rule.check = check;
  if (column.type === 'code' && column.codeList && rule.check !== 'division_code') {
    const list = BUILTIN_CODE_LISTS.find((candidate) => column.codeList!.startsWith(candidate.id));
    if (list) rule.codeListId = list.id;
  }
  return rule;
}

export function inferRules(columns: StoreColumn[]): Record<string, FieldRule> {
  const rules: Record<string, FieldRule> = {};
  for (const column of columns) {
    const rule = inferRule(column);
    if (rule.check || rule.codeListId || rule.pattern) rules[column.name] = rule;
  }
  return rules;
}

// Data items are written in templates as field tokens and looked up in the field tables:
//   'id_number* full_name! gender'  →  id_number is a key (and required), full_name is required, gender optional.
// A table entry is a Chinese label, optionally with overrides. Type and length follow the naming conventions
// of the catalog (…_date is a date, …_time a datetime, …_count an integer, …_amount a decimal, …_no a code
// string), so the tables only spell out what the name does not already say.
import type { DataItem } from './types.js';
import type { DataItemType, FieldOverrides, FieldTable } from './field-helpers.js';
import { infrastructureFields } from './fields-infrastructure.js';
import { organisationFields } from './fields-organisation.js';
import { personFields } from './fields-person.js';
import { placeFields } from './fields-place.js';
import { serviceFields } from './fields-service.js';

const FIELD_TABLES: FieldTable[] = [personFields, organisationFields, placeFields, infrastructureFields, serviceFields];

// One meaning per name across all tables: a field defined twice would silently take the last label.
function mergeFieldTables(tables: FieldTable[]): FieldTable {
  const merged: FieldTable = {};
  for (const table of tables) {
    for (const [name, spec] of Object.entries(table)) {
      if (name in merged) throw new Error(`field "${name}" is defined in two field tables`);
      merged[name] = spec;
    }
  }
  return merged;
}

const FIELD_TABLE = mergeFieldTables(FIELD_TABLES);

function inferType(name: string): DataItemType {
  if (/^(is|has|meets|exceeds)_/.test(name) || /_(available|required|qualified|found)$/.test(name)) return 'boolean';
  if (/_(time|at)$/.test(name)) return 'datetime';
  if (/_(date|from|to)$/.test(name)) return 'date';
  if (/_(count|population|households|months|year)$/.test(name)) return 'integer';
  if (/_(amount|price|value|area|ratio|rate|income|capital|investment|balance|base|cost|payment|tonnage|km|gb|ms|consumption|loss|revenue|profit|assets|liabilities|pension|allowance|subsidy|growth|capacity|volume|energy|expense)$/.test(name)) {
    return 'decimal';
  }
  return 'string';
}

function inferLength(name: string, type: DataItemType): number | undefined {
  if (type === 'decimal') return 18;
  if (type !== 'string') return undefined;
  if (/_month$/.test(name)) return 6;
  if (/_period$/.test(name)) return 16;
  if (/phone$/.test(name)) return 20;
  if (/(content|description|facts|scope|materials|process|conditions|basis|topics|reason|items|result|behaviour|obligation|finding|guide)$/.test(name)) {
    return 1000;
  }
  if (/(address|location|premises|site)$/.test(name)) return 200;
  if (/(entity|party|project|org|unit|institution)_name$/.test(name)) return 200;
  if (/_(no|id|code)$/.test(name)) return 32;
  return 100;
}

const TOKEN = /^([a-z][a-z0-9_]*)([*!]?)$/;

/** Turns a template's field tokens into data items. Throws on an unknown field or a malformed token. */
export function parseDataItems(tokens: string): DataItem[] {
  return tokens.trim().split(/\s+/).map((token) => {
    const match = TOKEN.exec(token);
    if (!match) throw new Error(`malformed field token "${token}"`);
    const [, name, marker] = match;
    const spec = FIELD_TABLE[name];
    if (spec === undefined) throw new Error(`unknown field "${name}"`);
    const [label, overrides] = typeof spec === 'string' ? [spec, {} as FieldOverrides] : spec;
    const type = overrides.type ?? inferType(name);
    const item: DataItem = {
      name,
      label,
      type,
      required: marker === '*' || marker === '!',
      key: marker === '*',
      sensitivity: overrides.sensitivity ?? 'internal',
    };
    const length = overrides.length ?? inferLength(name, type);
    if (length !== undefined) item.length = length;
    if (overrides.codeList) item.codeList = overrides.codeList;
    return item;
  });
}


/**
 * Checks a catalog entry the way a data officer needs it: every problem at once, each with the JSON pointer of
 * the field. Pure functions: the shape check reads only the input; the reference check reads a snapshot of
 * the references (classifications, departments, systems, codes) that the service loads beforehand, so the
 * importer can check thousands of rows with a handful of queries.
 */
import type { FieldError } from '../../platform/errors.js';
import type { DataItem, ResourceInput } from './index.js';
import {
  DATA_ITEM_NAME, DATA_ITEM_TYPES, ENTRY_CLASSIFICATION, FORMATS, ISO_DATE, LIMITS, OPEN_TYPES, RESOURCE_CODE, SENSITIVITIES,
  SHARING_METHODS, SHARING_TYPES, UPDATE_CYCLES, UUID,
} from './vocabulary.js';

/** A ResourceInput after the shape check: every list present, every optional text either a string or null. */
export interface CheckedInput extends Omit<ResourceInput, 'dataItems'> {
  nameEn: string | null;
  providerDepartmentId: string | null;
  sharingConditions: string | null;
  notSharedBasis: string | null;
  openConditions: string | null;
  publishDate: string | null;
  sourceSystemId: string | null;
  changeNote: string | null;
  code: string | null;
  dataItems: Required<DataItem>[];
}

type Json = Record<string, unknown>;

class Problems {
  readonly list: FieldError[] = [];
  add(pointer: string, code: string, message: string): void {
    this.list.push({ pointer, code, message });
  }
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function requiredText(source: Json, field: string, max: number, problems: Problems, pointer = `/${field}`): string {
  const value = source[field];
  if (isBlank(value)) {
    problems.add(pointer, 'validation.required', `${field} is required.`);
    return '';
  }
  if (typeof value !== 'string') {
    problems.add(pointer, 'validation.type', `${field} must be text.`);
    return '';
  }
  if (value.length > max) problems.add(pointer, 'validation.max_length', `${field} is longer than ${max} characters.`);
  return value;
}

function optionalText(source: Json, field: string, max: number, problems: Problems, pointer = `/${field}`): string | null {
  const value = source[field];
  if (isBlank(value)) return null;
  if (typeof value !== 'string') {
    problems.add(pointer, 'validation.type', `${field} must be text.`);
    return null;
  }
  if (value.length > max) problems.add(pointer, 'validation.max_length', `${field} is longer than ${max} characters.`);
  return value;
}

function oneOf<T extends string>(source: Json, field: string, allowed: readonly T[], problems: Problems, pointer = `/${field}`): T {
  const value = source[field];
  if (isBlank(value)) {
    problems.add(pointer, 'validation.required', `${field} is required.`);
  } else if (typeof value !== 'string' || !allowed.includes(value as T)) {
    problems.add(pointer, 'validation.enum', `${field} must be one of: ${allowed.join(', ')}.`);
  }
  return value as T;
}

function list(source: Json, field: string, max: number, problems: Problems): unknown[] {
  const value = source[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(`/${field}`, 'validation.type', `${field} must be a list.`);
    return [];
  }
  if (value.length > max) problems.add(`/${field}`, 'validation.max_items', `${field} has more than ${max} entries.`);
  return value;
}

function flag(source: Json, field: string, problems: Problems, pointer: string): boolean {
  const value = source[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') problems.add(pointer, 'validation.type', `${field} must be true or false.`);
  return value === true;
}

function isRealDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function checkDataItem(raw: unknown, index: number, problems: Problems): Required<DataItem> | null {
  const at = `/dataItems/${index}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.add(at, 'validation.type', 'A data item must be an object.');
    return null;
  }
  const item = raw as Json;
  const name = requiredText(item, 'name', LIMITS.dataItemName, problems, `${at}/name`);
  if (name && !DATA_ITEM_NAME.test(name)) {
    problems.add(`${at}/name`, 'catalog.invalid_data_item_name', 'A data item name starts with a lower-case letter and has only a–z, 0–9 and _.');
  }
  const label = requiredText(item, 'label', LIMITS.dataItemLabel, problems, `${at}/label`);
  const type = oneOf(item, 'type', DATA_ITEM_TYPES, problems, `${at}/type`);
  let length: number | null = null;
  if (item.length !== undefined && item.length !== null) {
    if (typeof item.length !== 'number' || !Number.isInteger(item.length) || item.length <= 0 || item.length > LIMITS.dataItemLength) {
      problems.add(`${at}/length`, 'catalog.invalid_length', `length must be a whole number from 1 to ${LIMITS.dataItemLength}.`);
    } else {
      length = item.length;
    }
  }
  const required = flag(item, 'required', problems, `${at}/required`);
  const key = flag(item, 'key', problems, `${at}/key`);
  // A key identifies a record, so a record without it cannot exist.
  if (key && item.required === false) {
    problems.add(`${at}/required`, 'catalog.key_not_required', 'A key data item must be required.');
  }
  const codeList = optionalText(item, 'codeList', LIMITS.codeList, problems, `${at}/codeList`);
  // Default to 内部 (internal): a forgotten sensitivity must not make data public.
  const sensitivity = isBlank(item.sensitivity) ? 'internal' : oneOf(item, 'sensitivity', SENSITIVITIES, problems, `${at}/sensitivity`);
  return { name, label, type, length, required: required || key, key, codeList, sensitivity };
}

/** Fields, enumerations, lengths, data items and the sharing rules; nothing that needs the database. */
export function checkResourceShape(raw: unknown): { errors: FieldError[]; input: CheckedInput | null } {
  const problems = new Problems();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.add('/', 'validation.type', 'The entry must be an object.');
    return { errors: problems.list, input: null };
  }
  const source = raw as Json;
  const classificationCode = requiredText(source, 'classificationCode', 12, problems);
  const name = requiredText(source, 'name', LIMITS.name, problems);
  const nameEn = optionalText(source, 'nameEn', LIMITS.nameEn, problems);
  const providerDepartmentId = optionalText(source, 'providerDepartmentId', 36, problems);
  const summary = requiredText(source, 'summary', LIMITS.summary, problems);
  const format = oneOf(source, 'format', FORMATS, problems);
  const sharingType = oneOf(source, 'sharingType', SHARING_TYPES, problems);
  const sharingConditions = optionalText(source, 'sharingConditions', LIMITS.conditions, problems);
  const notSharedBasis = optionalText(source, 'notSharedBasis', LIMITS.basis, problems);
  const openType = oneOf(source, 'openType', OPEN_TYPES, problems);
  const openConditions = optionalText(source, 'openConditions', LIMITS.conditions, problems);
  const updateCycle = oneOf(source, 'updateCycle', UPDATE_CYCLES, problems);
  const publishDate = optionalText(source, 'publishDate', 10, problems);
  const sourceSystemId = optionalText(source, 'sourceSystemId', 36, problems);
  const changeNote = optionalText(source, 'changeNote', LIMITS.changeNote, problems);
  const code = optionalText(source, 'code', LIMITS.code, problems);

  if (classificationCode && !/^[0-9]+$/.test(classificationCode)) {
    problems.add('/classificationCode', 'catalog.unknown_classification', 'No such classification.');
  }
  if (sharingType === 'conditional' && sharingConditions === null) {
    problems.add('/sharingConditions', 'catalog.conditions_required', 'A conditionally shared entry must state its sharing conditions.');
  }
  if (sharingType === 'not_shared' && notSharedBasis === null) {
    problems.add('/notSharedBasis', 'catalog.legal_basis_required', 'An entry that is not shared must record the legal or policy basis.');
  }
  if (publishDate !== null && !isRealDate(publishDate)) {
    problems.add('/publishDate', 'validation.invalid_date', 'publishDate must be a real date as YYYY-MM-DD.');
  }
  if (providerDepartmentId !== null && !UUID.test(providerDepartmentId)) {
    problems.add('/providerDepartmentId', 'catalog.unknown_department', 'No such department.');
  }
  if (sourceSystemId !== null && !UUID.test(sourceSystemId)) {
    problems.add('/sourceSystemId', 'catalog.unknown_source_system', 'No such business system.');
  }
  if (code !== null && (!RESOURCE_CODE.test(code) || (classificationCode && !code.startsWith(`${classificationCode}-`)))) {
    problems.add('/code', 'catalog.invalid_code', 'An explicit code is the classification code, "-" and a sequence number.');
  }

  const sharingMethods: string[] = [];
  list(source, 'sharingMethods', SHARING_METHODS.length, problems).forEach((method, index) => {
    if (typeof method !== 'string' || !(SHARING_METHODS as readonly string[]).includes(method)) {
      problems.add(`/sharingMethods/${index}`, 'validation.enum', `A sharing method is one of: ${SHARING_METHODS.join(', ')}.`);
    } else if (sharingMethods.includes(method)) {
      problems.add(`/sharingMethods/${index}`, 'validation.duplicate', 'This sharing method is listed twice.');
    } else {
      sharingMethods.push(method);
    }
  });

  const keywords: string[] = [];
  list(source, 'keywords', LIMITS.keywords, problems).forEach((keyword, index) => {
    if (typeof keyword !== 'string' || keyword.trim() === '') {
      problems.add(`/keywords/${index}`, 'validation.required', 'A keyword must be non-empty text.');
    } else if (keyword.length > LIMITS.keyword) {
      problems.add(`/keywords/${index}`, 'validation.max_length', `A keyword is at most ${LIMITS.keyword} characters.`);
    } else {
      keywords.push(keyword);
    }
  });

  const relatedCodes: string[] = [];
  list(source, 'relatedCodes', LIMITS.relatedCodes, problems).forEach((related, index) => {
    if (typeof related !== 'string' || !RESOURCE_CODE.test(related)) {
      problems.add(`/relatedCodes/${index}`, 'catalog.unknown_related_code', 'No catalog entry has this code.');
    } else if (relatedCodes.includes(related)) {
      problems.add(`/relatedCodes/${index}`, 'validation.duplicate', 'This code is listed twice.');
    } else {
      relatedCodes.push(related);
    }
  });

  const dataItems: Required<DataItem>[] = [];
  const seenNames = new Set<string>();
  list(source, 'dataItems', LIMITS.dataItems, problems).forEach((raw, index) => {
    const item = checkDataItem(raw, index, problems);
    if (!item) return;
    if (item.name && seenNames.has(item.name)) {
      problems.add(`/dataItems/${index}/name`, 'catalog.duplicate_data_item', `Another data item is already named "${item.name}".`);
    }
    seenNames.add(item.name);
    dataItems.push(item);
  });

  const input: CheckedInput = {
    classificationCode, name, nameEn, providerDepartmentId, summary, format, dataItems, sharingType, sharingConditions,
    sharingMethods, notSharedBasis, openType, openConditions, updateCycle, publishDate, keywords, relatedCodes,
    sourceSystemId, changeNote, code,
  };
  return { errors: problems.list, input };
}

/** What the reference check needs to know, loaded in bulk by the service. */
export interface ReferenceSnapshot {
  classifications: Map<string, { level: number }>;
  departments: Map<string, { id: string } | null>;
  systems: Map<string, { departmentId: string } | null>;
  /** Codes (of the inputs' related and explicit codes) that exist in the catalog. */
  existingCodes: Set<string>;
  /** Explicit codes of the other inputs of the same batch: related codes may point at them. */
  batchCodes: Set<string>;
}

export interface ReferenceContext {
  /** The department the entry will belong to (the input's, or the default). */
  departmentId: string | null;
  /** The entry's own code when it is being edited: it may keep it, and may not relate to itself. */
  ownCode?: string;
  /** Whether the actor may register entries for this department (policy.ts). */
  mayUseDepartment(departmentId: string): boolean;
}

/** The checks that need the database: classification, department and ownership, system, related codes. */
export function checkReferences(input: CheckedInput, refs: ReferenceSnapshot, context: ReferenceContext): FieldError[] {
  const problems = new Problems();
  const classification = refs.classifications.get(input.classificationCode);
  if (input.classificationCode && /^[0-9]+$/.test(input.classificationCode)) {
    if (!classification) {
      problems.add('/classificationCode', 'catalog.unknown_classification', 'No such classification.');
    } else if (classification.level < 3 || !ENTRY_CLASSIFICATION.test(input.classificationCode)) {
      problems.add('/classificationCode', 'catalog.classification_too_broad', 'Register entries under a 目 or 细目 (level 3 or 4).');
    }
  }

  const departmentId = context.departmentId;
  if (departmentId === null) {
    problems.add('/providerDepartmentId', 'validation.required', 'Name the provider department.');
  } else if (UUID.test(departmentId)) {
    if (!refs.departments.get(departmentId)) {
      problems.add('/providerDepartmentId', 'catalog.unknown_department', 'No such department.');
    } else if (!context.mayUseDepartment(departmentId)) {
      problems.add('/providerDepartmentId', 'auth.forbidden', 'You may register entries only for your own department.');
    }
  }

  if (input.sourceSystemId !== null && UUID.test(input.sourceSystemId)) {
    const system = refs.systems.get(input.sourceSystemId);
    if (!system) {
      problems.add('/sourceSystemId', 'catalog.unknown_source_system', 'No such business system.');
    } else if (departmentId !== null && system.departmentId !== departmentId) {
      problems.add('/sourceSystemId', 'catalog.source_system_department', 'The source system must belong to the provider department.');
    }
  }

  input.relatedCodes.forEach((code, index) => {
    if (code === context.ownCode) {
      problems.add(`/relatedCodes/${index}`, 'catalog.self_related', 'An entry cannot be related to itself.');
    } else if (!refs.existingCodes.has(code) && !refs.batchCodes.has(code)) {
      problems.add(`/relatedCodes/${index}`, 'catalog.unknown_related_code', 'No catalog entry has this code.');
    }
  });

  if (input.code !== null && input.code !== context.ownCode && refs.existingCodes.has(input.code)) {
    problems.add('/code', 'catalog.duplicate_code', 'Another entry already has this code.');
  }
  return problems.list;
}

// Building blocks of the field tables (fields-*.ts): overrides for what a field's name does not already say.
import type { DataItem } from './types.js';

export type DataItemType = DataItem['type'];
export type Sensitivity = DataItem['sensitivity'];

export interface FieldOverrides {
  type?: DataItemType;
  length?: number;
  sensitivity?: Sensitivity;
  codeList?: string;
}
export type FieldSpec = string | [label: string, overrides: FieldOverrides];
export type FieldTable = Record<string, FieldSpec>;

// Shorthands for the tables.
export const SENSITIVE: FieldOverrides = { sensitivity: 'sensitive' };
export const SECRET: FieldOverrides = { sensitivity: 'secret' };
export const INTEGER: FieldOverrides = { type: 'integer' };
export const DECIMAL: FieldOverrides = { type: 'decimal' };
export const DATE: FieldOverrides = { type: 'date' };
export const BOOLEAN: FieldOverrides = { type: 'boolean' };
export const ID_NUMBER: FieldOverrides = { type: 'string', length: 18, sensitivity: 'sensitive' };
export const PHONE: FieldOverrides = { type: 'string', length: 20, sensitivity: 'sensitive' };
export const CREDIT_CODE: FieldOverrides = { type: 'string', length: 18 };
export const TEXT: FieldOverrides = { type: 'string', length: 2000 };
export function codeList(list: string, length?: number, sensitivity?: Sensitivity): FieldOverrides {
  return { type: 'code', codeList: list, length, sensitivity };
}

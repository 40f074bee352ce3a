/**
 * An offering's order parameters: its JSON Schema (draft 2020-12, compiled with Ajv, defaults applied), the checks
 * the IT centre's schema must pass, the quota map, and the quota demand of a configuration.
 */
import { createHash } from 'node:crypto';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FieldError } from '../../../platform/errors.js';
import { QUOTA_DIMENSIONS, type QuotaDemand, type QuotaDimension } from '../index.js';
import { quantityOf } from './pricing.js';

type Schema = Record<string, unknown>;

/**
 * One Ajv instance for every offering: compiled validators are cached by the schema's content, so a changed schema
 * compiles anew and an unchanged one is compiled once per process.
 */
const ajv = new Ajv2020({ useDefaults: true, allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: Schema): ValidateFunction {
  const key = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

const propertiesOf = (schema: Schema): Record<string, Schema> => (schema.properties ?? {}) as Record<string, Schema>;

/** Properties of type integer or number: quantities a price or a quota may be taken from. */
export function numericParameters(schema: Schema): Set<string> {
  const names = new Set<string>();
  for (const [name, property] of Object.entries(propertiesOf(schema))) {
    const type = property?.type;
    if (type === 'integer' || type === 'number') names.add(name);
  }
  return names;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of a parameters schema (pointers under `base`). */
export function checkParametersSchema(schema: unknown, base = '/parametersSchema'): FieldError[] {
  const errors: FieldError[] = [];
  if (!isPlainObject(schema)) return [{ pointer: base, code: 'cloud.schema_invalid', message: 'The parameters schema is a JSON object.' }];
  if (schema.type !== 'object') errors.push({ pointer: `${base}/type`, code: 'cloud.schema_invalid', message: 'The parameters schema has type "object".' });
  if (!isPlainObject(schema.properties)) {
    errors.push({ pointer: `${base}/properties`, code: 'cloud.schema_invalid', message: 'The parameters schema lists its parameters under "properties".' });
  } else {
    for (const [name, property] of Object.entries(schema.properties)) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) {
        errors.push({ pointer: `${base}/properties/${name}`, code: 'cloud.schema_invalid', message: `Parameter names are letters, digits and _ (${name}).` });
      }
      if (!isPlainObject(property)) errors.push({ pointer: `${base}/properties/${name}`, code: 'cloud.schema_invalid', message: `Parameter ${name} is described by an object.` });
    }
  }
  if (errors.length > 0) return errors;
  try {
    validatorFor(schema);
  } catch (error) {
    errors.push({ pointer: base, code: 'cloud.schema_invalid', message: `The schema does not compile: ${(error as Error).message}` });
  }
  return errors;
}

/** Every problem of a quota map against its schema (monthly_budget_fen comes from the price, never from the map). */
export function checkQuotaMap(quotaMap: unknown, schema: Schema, base = '/quotaMap'): FieldError[] {
  if (!isPlainObject(quotaMap)) return [{ pointer: base, code: 'cloud.quota_map_invalid', message: 'The quota map is a JSON object.' }];
  const errors: FieldError[] = [];
  const numeric = numericParameters(schema);
  for (const [dimension, source] of Object.entries(quotaMap)) {
    const at = `${base}/${dimension}`;
    if (!(QUOTA_DIMENSIONS as readonly string[]).includes(dimension)) {
      errors.push({ pointer: at, code: 'cloud.quota_map_invalid', message: `${dimension} is not a quota dimension (${QUOTA_DIMENSIONS.join(', ')}).` });
    } else if (dimension === 'monthly_budget_fen') {
      errors.push({ pointer: at, code: 'cloud.quota_map_invalid', message: 'monthly_budget_fen is always the quoted monthly price; leave it out of the map.' });
    } else if (typeof source === 'number') {
      if (!(Number.isFinite(source) && source >= 0)) errors.push({ pointer: at, code: 'cloud.quota_map_invalid', message: 'A constant demand is a number ≥ 0.' });
    } else if (typeof source !== 'string' || !numeric.has(source)) {
      errors.push({ pointer: at, code: 'cloud.quota_map_invalid', message: `${String(source)} is not a numeric parameter of the offering.` });
    }
  }
  return errors;
}

function fieldErrorOf(error: ErrorObject): FieldError {
  let pointer = `/parameters${error.instancePath}`;
  if (error.keyword === 'required') pointer += `/${(error.params as { missingProperty: string }).missingProperty}`;
  if (error.keyword === 'additionalProperties') pointer += `/${(error.params as { additionalProperty: string }).additionalProperty}`;
  const known = ['required', 'type', 'enum', 'minimum', 'maximum', 'pattern', 'format', 'minLength', 'maxLength', 'additionalProperties'];
  const keyword = error.keyword === 'exclusiveMinimum' ? 'minimum' : error.keyword === 'exclusiveMaximum' ? 'maximum' : error.keyword;
  return { pointer, code: known.includes(keyword) ? `validation.${keyword}` : 'validation.invalid', message: error.message ?? 'invalid' };
}

/** The parameters with the schema's defaults applied, or every problem at once (pointers /parameters/<name>). */
export function applySchema(schema: Schema, parameters: Record<string, unknown>): { parameters: Record<string, unknown>; errors: FieldError[] } {
  const copy = structuredClone(parameters ?? {});
  const validate = validatorFor(schema);
  if (validate(copy)) return { parameters: copy, errors: [] };
  return { parameters: copy, errors: (validate.errors ?? []).map(fieldErrorOf) };
}

/**
 * The configuration the catalog advertises ("from ¥… per month"): every parameter at its default, or, without one,
 * a numeric parameter at its minimum (else 0) and an enumerated one at its first value.
 */
export function defaultParameters(schema: Schema): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(propertiesOf(schema))) {
    if (property === null || typeof property !== 'object') continue;
    if (property.default !== undefined) parameters[name] = property.default;
    else if (property.type === 'integer' || property.type === 'number') {
      const minimum = typeof property.minimum === 'number' ? property.minimum : typeof property.exclusiveMinimum === 'number' ? property.exclusiveMinimum : 0;
      parameters[name] = minimum;
    } else if (Array.isArray(property.enum) && property.enum.length > 0) parameters[name] = property.enum[0];
  }
  return parameters;
}

/** What a configuration holds against the department's quota: the map's dimensions plus the monthly price. */
export function quotaDemandOf(quotaMap: Partial<Record<QuotaDimension, string | number>>, parameters: Record<string, unknown>, monthlyFen: number): QuotaDemand {
  const demand: QuotaDemand = {};
  for (const [dimension, source] of Object.entries(quotaMap) as Array<[QuotaDimension, string | number]>) {
    if (dimension === 'monthly_budget_fen') continue;
    demand[dimension] = typeof source === 'number' ? source : quantityOf(parameters, source);
  }
  demand.monthly_budget_fen = monthlyFen;
  return demand;
}

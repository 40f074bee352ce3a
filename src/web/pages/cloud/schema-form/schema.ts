// Reading an offering's JSON Schema of order parameters into form fields, without React, so the rules are unit-tested:
// which control a property gets, its bounds, its labels in both languages, and where a server problem belongs.
import type { FieldError } from '../../../api/client';
import type { Locale } from '../../../i18n';

export type FieldKind = 'integer' | 'number' | 'enum' | 'boolean' | 'string';

export interface FieldOption {
  value: string | number;
  label: string;
}

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  label: string;
  description: string | null;
  required: boolean;
  minimum?: number;
  maximum?: number;
  /** multipleOf: the step of the number control */
  step?: number;
  unit: string | null;
  options: FieldOption[];
  maxLength?: number;
  pattern?: string;
  default?: unknown;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The schema's properties in the offering author's order. The server keeps schemas as jsonb, which does not keep
 * key order, so the order comes from arrays, which it does keep: `x-order` when given, else `required`; the
 * properties neither names follow in the order they arrive.
 */
export function schemaProperties(schema: JsonObject): Array<[string, JsonObject]> {
  const properties = schema.properties;
  if (!isObject(properties)) return [];
  const entries = Object.entries(properties).filter((entry): entry is [string, JsonObject] => isObject(entry[1]));
  const listed = Array.isArray(schema['x-order']) ? schema['x-order'] : Array.isArray(schema.required) ? schema.required : [];
  const rank = (name: string) => {
    const position = listed.indexOf(name);
    return position === -1 ? listed.length : position;
  };
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => rank(a.entry[0]) - rank(b.entry[0]) || a.index - b.index)
    .map(({ entry }) => entry);
}

function typeOf(property: JsonObject): string | null {
  const type = property.type;
  if (typeof type === 'string') return type;
  // ["integer", "null"]: the form treats a nullable field as its non-null type.
  if (Array.isArray(type)) return type.find((item): item is string => typeof item === 'string' && item !== 'null') ?? null;
  return null;
}

function kindOf(property: JsonObject): FieldKind {
  if (Array.isArray(property.enum)) return 'enum';
  const type = typeOf(property);
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  return 'string';
}

function enumOptions(property: JsonObject, locale: Locale): FieldOption[] {
  if (!Array.isArray(property.enum)) return [];
  const zh = Array.isArray(property['x-enum-titles']) ? (property['x-enum-titles'] as unknown[]) : [];
  const en = Array.isArray(property['x-enum-titles-en']) ? (property['x-enum-titles-en'] as unknown[]) : [];
  return property.enum
    .filter((value): value is string | number => typeof value === 'string' || typeof value === 'number')
    .map((value, index) => {
      const label = (locale === 'en-US' ? (str(en[index]) ?? str(zh[index])) : (str(zh[index]) ?? str(en[index]))) ?? String(value);
      return { value, label };
    });
}

/** One field per property: the control, its bounds and its texts in the console's language (Chinese, else English). */
export function schemaFields(schema: JsonObject, locale: Locale): FieldSpec[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
  return schemaProperties(schema).map(([name, property]) => {
    const titleZh = str(property.title);
    const titleEn = str(property['x-title-en']);
    const descriptionZh = str(property.description);
    const descriptionEn = str(property['x-description-en']);
    const english = locale === 'en-US';
    return {
      name,
      kind: kindOf(property),
      label: (english ? (titleEn ?? titleZh) : (titleZh ?? titleEn)) ?? name,
      description: english ? (descriptionEn ?? descriptionZh) : (descriptionZh ?? descriptionEn),
      required: required.has(name),
      minimum: num(property.minimum),
      maximum: num(property.maximum),
      step: num(property.multipleOf),
      unit: str(property['x-unit']),
      options: enumOptions(property, locale),
      maxLength: num(property.maxLength),
      pattern: str(property.pattern) ?? undefined,
      default: property.default,
    };
  });
}

/** The value with the schema's defaults filled in where the user gave nothing yet. */
export function withDefaults(schema: JsonObject, value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...value };
  for (const [name, property] of schemaProperties(schema)) {
    if (result[name] === undefined && property.default !== undefined) result[name] = property.default;
  }
  return result;
}

/**
 * Field errors of a problem, by parameter name: pointers `/parameters/<name>` (or `/<name>` for a parameters-only
 * body); a problem about `/parameters` itself (a missing required property) goes to the property it names.
 * Pointers elsewhere (the item's name, its lease) are left out: the caller shows them on its own fields.
 */
export function parameterErrors(errors: FieldError[], text: (error: FieldError) => string, prefix = '/parameters'): Record<string, string> {
  const byName: Record<string, string> = {};
  const add = (name: string, message: string) => {
    byName[name] = byName[name] ? `${byName[name]}; ${message}` : message;
  };
  for (const error of errors) {
    if (!error.pointer.startsWith(prefix)) continue;
    const rest = error.pointer.slice(prefix.length);
    const segment = rest.split('/')[1];
    if (segment) {
      add(decodePointerSegment(segment), text(error));
      continue;
    }
    // ajv's `required` names the missing property in its message ("must have required property 'x'").
    const missing = /'([^']+)'/.exec(error.message)?.[1];
    if (missing) add(missing, text(error));
  }
  return byName;
}

function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Problems the form can see before asking the server (so typing does not fire a quote that is bound to fail). */
export function localProblems(fields: FieldSpec[], value: Record<string, unknown>): Record<string, 'required' | 'range' | 'pattern'> {
  const problems: Record<string, 'required' | 'range' | 'pattern'> = {};
  for (const field of fields) {
    const current = value[field.name];
    const empty = current === undefined || current === null || current === '';
    if (empty) {
      if (field.required && field.kind !== 'boolean') problems[field.name] = 'required';
      continue;
    }
    if ((field.kind === 'integer' || field.kind === 'number') && typeof current === 'number') {
      if ((field.minimum !== undefined && current < field.minimum) || (field.maximum !== undefined && current > field.maximum)) {
        problems[field.name] = 'range';
      }
    }
    if (field.kind === 'string' && typeof current === 'string' && field.pattern) {
      try {
        if (!new RegExp(field.pattern, 'u').test(current)) problems[field.name] = 'pattern';
      } catch {
        // a pattern this browser cannot compile is left to the server
      }
    }
  }
  return problems;
}

/**
 * A configuration in words, e.g. ["vCPU: 4 核", "规格: 高可用"]: labels, enum titles and units from the schema; a
 * parameter the schema does not describe (or without a schema) shows as name: value.
 */
export function describeParameters(schema: JsonObject | null, parameters: Record<string, unknown>, locale: Locale, yesNo: [string, string] = ['✓', '✗']): string[] {
  const fields = schema ? schemaFields(schema, locale) : [];
  const known = new Map(fields.map((field) => [field.name, field]));
  const ordered = [...fields.map((field) => field.name).filter((name) => name in parameters), ...Object.keys(parameters).filter((name) => !known.has(name))];
  return ordered.map((name) => {
    const value = parameters[name];
    const field = known.get(name);
    let text: string;
    if (typeof value === 'boolean') text = value ? yesNo[0] : yesNo[1];
    else if (field?.kind === 'enum') text = field.options.find((option) => option.value === value)?.label ?? String(value);
    else if (typeof value === 'number') text = value.toLocaleString(locale);
    else if (value === null || value === undefined) text = '—';
    else text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    const unit = field?.unit && typeof value === 'number' ? ` ${field.unit}` : '';
    return `${field?.label ?? name}: ${text}${unit}`;
  });
}

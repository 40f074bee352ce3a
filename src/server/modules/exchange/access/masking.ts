/**
 * The default masking of a grant: which rule each granted field gets unless the request asked for it in clear
 * text and the provider agreed. Pure and unit-tested; the query part applies the rules.
 */
import type { DataItem } from '../../catalog/index.js';
import type { MaskRule } from '../index.js';

export const MASK_RULES: readonly MaskRule[] = ['clear', 'id_number', 'phone', 'name', 'partial', 'hidden'];

type ItemFacts = Pick<DataItem, 'name' | 'label' | 'sensitivity'>;

/** Sensitive and secret items are masked by default. */
export const isProtected = (item: Pick<DataItem, 'sensitivity'>): boolean => item.sensitivity === 'sensitive' || item.sensitivity === 'secret';

/**
 * The rule a protected item gets, from its name and label, in this order: an identity number (name ends with
 * id_number, label contains 身份证 or 身份号码) → id_number; a telephone (phone/mobile, 电话/手机) → phone; a person's
 * name (full_name, or name/…_name labelled 姓名) → name; anything else secret → hidden; otherwise partial.
 */
export function inferMaskRule(item: ItemFacts): MaskRule {
  const name = item.name.toLowerCase();
  const label = item.label ?? '';
  if (name.endsWith('id_number') || label.includes('身份证') || label.includes('身份号码')) return 'id_number';
  if (name.includes('phone') || name.includes('mobile') || label.includes('电话') || label.includes('手机')) return 'phone';
  if (name === 'full_name' || ((name === 'name' || name.endsWith('_name')) && label.includes('姓名'))) return 'name';
  if (item.sensitivity === 'secret') return 'hidden';
  return 'partial';
}

/**
 * The masking of a grant before the provider's overrides: every granted protected field that was not asked
 * for in clear text gets its inferred rule. Fields that stay clear are not listed.
 */
export function defaultMasking(items: readonly ItemFacts[], fields: readonly string[], cleartextFields: readonly string[]): Record<string, MaskRule> {
  const byName = new Map(items.map((item) => [item.name, item]));
  const clear = new Set(cleartextFields);
  const masking: Record<string, MaskRule> = {};
  for (const field of fields) {
    const item = byName.get(field);
    if (item && isProtected(item) && !clear.has(field)) masking[field] = inferMaskRule(item);
  }
  return masking;
}

/** Applies the provider's overrides; 'clear' entries are dropped (unlisted means clear). */
export function applyMaskingOverrides(base: Record<string, MaskRule>, overrides: Record<string, MaskRule> | undefined, fields: readonly string[]): Record<string, MaskRule> {
  const granted = new Set(fields);
  const result: Record<string, MaskRule> = {};
  for (const [field, rule] of Object.entries({ ...base, ...(overrides ?? {}) })) {
    if (granted.has(field) && rule !== 'clear') result[field] = rule;
  }
  return result;
}

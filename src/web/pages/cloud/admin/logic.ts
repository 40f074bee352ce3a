// Pure helpers of the cloud administration pages (unit-tested in admin.test.ts).
import type { CloudDriverKind, QuotaDimension, QuotaView, RateComponent } from '../types';

export const DRIVERS: CloudDriverKind[] = ['simulated', 'postgresql', 'mariadb', 'redis', 'openstack'];

/** A JSON text that must hold an object (settings, a parameters schema, a quota map). */
export function parseJsonObject(text: string | undefined): { ok: true; value: Record<string, unknown> } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text?.trim() || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ok: true, value: value as Record<string, unknown> } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** How full a quota is, in percent of its limit (reserved and committed both count); 100 when the limit is 0 and anything is held. */
export function usagePercent(quota: Pick<QuotaView, 'limit' | 'reserved' | 'committed'>): number {
  const used = quota.reserved + quota.committed;
  if (quota.limit <= 0) return used > 0 ? 100 : 0;
  return Math.min(100, Math.round((used / quota.limit) * 100));
}

/** The monthly budget is kept in fen and shown/edited in yuan; the other dimensions are shown as they are. */
export const isMoney = (dimension: QuotaDimension): boolean => dimension === 'monthly_budget_fen';
export const toDisplay = (dimension: QuotaDimension, value: number): number => (isMoney(dimension) ? value / 100 : value);
export const fromDisplay = (dimension: QuotaDimension, value: number): number => (isMoney(dimension) ? Math.round(value * 100) : Math.round(value));

/** A rate card component as the form edits it: prices in yuan, tiers as rows. */
export interface ComponentFormValue {
  code: string;
  name: string;
  nameEn?: string;
  type: RateComponent['type'];
  parameter?: string;
  unit?: string;
  priceYuan?: number;
  tiers?: Array<{ upTo?: number | null; priceYuan?: number }>;
}

export function componentFromForm(value: ComponentFormValue): RateComponent {
  const component: RateComponent = { code: value.code.trim(), name: value.name.trim(), type: value.type };
  if (value.nameEn?.trim()) component.nameEn = value.nameEn.trim();
  if (value.unit?.trim()) component.unit = value.unit.trim();
  if (value.type !== 'fixed' && value.parameter) component.parameter = value.parameter;
  if (value.type === 'tiered') {
    const tiers = value.tiers ?? [];
    component.tiers = tiers.map((tier, index) => ({
      upTo: index === tiers.length - 1 || tier.upTo === undefined || tier.upTo === null ? null : tier.upTo,
      priceFen: Math.round((tier.priceYuan ?? 0) * 100),
    }));
  } else component.priceFen = Math.round((value.priceYuan ?? 0) * 100);
  return component;
}

export function componentToForm(component: RateComponent): ComponentFormValue {
  return {
    code: component.code,
    name: component.name,
    nameEn: component.nameEn ?? undefined,
    type: component.type,
    parameter: component.parameter,
    unit: component.unit,
    priceYuan: component.priceFen === undefined ? undefined : component.priceFen / 100,
    tiers: component.tiers?.map((tier) => ({ upTo: tier.upTo, priceYuan: tier.priceFen / 100 })),
  };
}

/** The numeric parameters of a schema: what a price or a quota may be taken from. */
export function numericParameters(schema: Record<string, unknown>): string[] {
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  return Object.entries(properties)
    .filter(([, property]) => property && (property.type === 'integer' || property.type === 'number'))
    .map(([name]) => name);
}

/** A starting schema for a new offering: the console builds the order form from it. */
export const SCHEMA_TEMPLATE = {
  type: 'object',
  required: ['vcpu'],
  properties: {
    vcpu: { type: 'integer', title: 'vCPU', 'x-title-en': 'vCPU', 'x-unit': '核', minimum: 1, maximum: 64, default: 2 },
    memoryGb: { type: 'integer', title: '内存', 'x-title-en': 'Memory', 'x-unit': 'GB', minimum: 1, maximum: 512, default: 4 },
  },
  additionalProperties: false,
};

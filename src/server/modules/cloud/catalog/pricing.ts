/**
 * Pricing of one configuration with a rate card (pure: no database, no clock). A rate card's components are
 * monthly prices in integer fen:
 *   fixed     one line at priceFen;
 *   per_unit  quantity (the named parameter) × priceFen;
 *   tiered    graduated: the units falling in each tier cost that tier's price (a tier holds the units above the
 *             previous tier's upTo up to its own; the last tier, upTo null, holds the rest).
 * Each line is rounded to whole fen on its own, so the lines always add up to monthlyFen exactly, which is what the
 * bill charges for a full month.
 */
import type { FieldError } from '../../../platform/errors.js';
import type { QuoteLine, RateComponent } from '../index.js';

export interface PricedConfiguration {
  lines: QuoteLine[];
  monthlyFen: number;
}

/** The quantity a parameter gives: numbers as they are; anything missing or not a number counts as 0. */
export function quantityOf(parameters: Record<string, unknown>, name: string | undefined): number {
  if (!name) return 0;
  const value = parameters[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Graduated tiers: each tier's share of the quantity at that tier's price (before rounding). */
export function tieredAmount(quantity: number, tiers: ReadonlyArray<{ upTo: number | null; priceFen: number }>): number {
  let amount = 0;
  let floor = 0;
  for (const tier of tiers) {
    if (quantity <= floor) break;
    const ceiling = tier.upTo === null ? quantity : Math.min(quantity, tier.upTo);
    amount += (ceiling - floor) * tier.priceFen;
    if (tier.upTo === null) break;
    floor = tier.upTo;
  }
  return amount;
}

export function priceComponent(component: RateComponent, parameters: Record<string, unknown>): QuoteLine {
  const quantity = component.type === 'fixed' ? 1 : quantityOf(parameters, component.parameter);
  let amount: number;
  switch (component.type) {
    case 'fixed':
      amount = component.priceFen ?? 0;
      break;
    case 'per_unit':
      amount = quantity * (component.priceFen ?? 0);
      break;
    case 'tiered':
      amount = tieredAmount(quantity, component.tiers ?? []);
      break;
  }
  return {
    code: component.code,
    name: component.name,
    nameEn: component.nameEn ?? null,
    quantity,
    unit: component.unit ?? null,
    amountFen: Math.round(amount),
  };
}

export function priceConfiguration(components: readonly RateComponent[], parameters: Record<string, unknown>): PricedConfiguration {
  const lines = components.map((component) => priceComponent(component, parameters));
  return { lines, monthlyFen: lines.reduce((sum, line) => sum + line.amountFen, 0) };
}

const isNonNegativeInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * Every problem of a rate card's components at once (pointers under `base`, e.g. /components/2/tiers/1/upTo).
 * `numericParameters` are the schema's properties of type integer or number: the only ones a price may multiply.
 */
export function checkComponents(components: readonly RateComponent[], numericParameters: ReadonlySet<string>, base = '/components'): FieldError[] {
  const errors: FieldError[] = [];
  const add = (pointer: string, code: string, message: string) => errors.push({ pointer: `${base}${pointer}`, code, message });
  if (components.length === 0) add('', 'cloud.rate_card_empty', 'A rate card needs at least one component.');
  const codes = new Set<string>();
  components.forEach((component, index) => {
    const at = `/${index}`;
    if (codes.has(component.code)) add(`${at}/code`, 'cloud.rate_component_duplicate', `Component code ${component.code} appears twice.`);
    codes.add(component.code);
    if (component.type === 'fixed') {
      if (!isNonNegativeInteger(component.priceFen)) add(`${at}/priceFen`, 'cloud.rate_price_invalid', 'A fixed component needs priceFen, a whole number of fen ≥ 0.');
      return;
    }
    if (!component.parameter) add(`${at}/parameter`, 'cloud.rate_parameter_missing', `A ${component.type} component names the parameter that gives its quantity.`);
    else if (!numericParameters.has(component.parameter)) {
      add(`${at}/parameter`, 'cloud.rate_parameter_unknown', `${component.parameter} is not a numeric parameter of the offering.`);
    }
    if (component.type === 'per_unit') {
      if (!isNonNegativeInteger(component.priceFen)) add(`${at}/priceFen`, 'cloud.rate_price_invalid', 'A per-unit component needs priceFen, a whole number of fen ≥ 0.');
      return;
    }
    const tiers = component.tiers ?? [];
    if (tiers.length === 0) {
      add(`${at}/tiers`, 'cloud.rate_tiers_invalid', 'A tiered component needs at least one tier.');
      return;
    }
    let previous = 0;
    tiers.forEach((tier, tierIndex) => {
      const tierAt = `${at}/tiers/${tierIndex}`;
      if (!isNonNegativeInteger(tier.priceFen)) add(`${tierAt}/priceFen`, 'cloud.rate_price_invalid', 'A tier price is a whole number of fen ≥ 0.');
      const last = tierIndex === tiers.length - 1;
      if (last && tier.upTo !== null) add(`${tierAt}/upTo`, 'cloud.rate_tiers_invalid', 'The last tier has no upper bound (upTo null).');
      if (!last && tier.upTo === null) add(`${tierAt}/upTo`, 'cloud.rate_tiers_invalid', 'Only the last tier may be open-ended.');
      if (tier.upTo !== null) {
        if (!(typeof tier.upTo === 'number' && Number.isFinite(tier.upTo) && tier.upTo > previous)) {
          add(`${tierAt}/upTo`, 'cloud.rate_tiers_invalid', `Tier bounds rise: upTo must be more than ${previous}.`);
        } else previous = tier.upTo;
      }
    });
  });
  return errors;
}

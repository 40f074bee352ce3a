/** What the provisioning services are built from, and small helpers they share. */
import { cliActor } from '../../../platform/actor.js';
import type { QuotaDemand } from '../index.js';
import type { CloudParts } from '../parts.js';

export type ProvisioningDeps = Pick<CloudParts, 'ctx' | 'directory' | 'jobs' | 'notifier' | 'systemData' | 'options' | 'catalog' | 'quotas' | 'drivers'>;

/** The actor of the worker's own changes (settling operations, lease expiry, scheduled reconciliation) in the audit log. */
export const PROVISIONER = cliActor('provisioner');

/** Only the positive parts: what a reservation of this demand actually reserved. */
export function positivePart(demand: QuotaDemand): QuotaDemand {
  const out: QuotaDemand = {};
  for (const [dimension, value] of Object.entries(demand) as Array<[keyof QuotaDemand, number]>) if (Number(value) > 0) out[dimension] = Number(value);
  return out;
}

export function addDemand(a: QuotaDemand, b: QuotaDemand): QuotaDemand {
  const out: QuotaDemand = { ...a };
  for (const [dimension, value] of Object.entries(b) as Array<[keyof QuotaDemand, number]>) {
    const sum = Number(out[dimension] ?? 0) + Number(value);
    if (sum === 0) delete out[dimension];
    else out[dimension] = sum;
  }
  return out;
}

export const isEmptyDemand = (demand: QuotaDemand): boolean => Object.values(demand).every((value) => !value);

/** Driver messages are kept for people to read: one line, bounded. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'Unknown error.';
}

/** STUB (metering part): hourly usage, bills, showback, dashboard, business system view. */
import type { Bills, CloudInsights, Metering } from '../index.js';
import type { CloudPart, CloudParts } from '../parts.js';
import { notYet } from '../stub.js';

export type MeteringDeps = Omit<CloudParts, 'metering' | 'bills' | 'insights'>;

export function createMeteringServices(_deps: MeteringDeps): { metering: Metering; bills: Bills; insights: CloudInsights } {
  return { metering: notYet<Metering>('Metering'), bills: notYet<Bills>('Bills'), insights: notYet<CloudInsights>('CloudInsights') };
}

export function createMeteringPart(_parts: CloudParts): CloudPart {
  return {};
}

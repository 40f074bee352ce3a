/** Reading endpoint settings and order parameters, which arrive as untyped JSON. */
import { DriverError, RequestProblem } from './errors.js';

export function requiredString(settings: Record<string, unknown>, name: string, driver: string): string {
  const value = settings[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DriverError(`The ${driver} endpoint setting "${name}" is missing.`, 'settings_invalid');
  }
  return value.trim();
}

export function optionalString(settings: Record<string, unknown>, name: string): string | undefined {
  const value = settings[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function portSetting(settings: Record<string, unknown>, fallback: number, driver: string): number {
  const value = settings.port;
  if (value === undefined || value === null || value === '') return fallback;
  const port = typeof value === 'string' ? Number(value) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DriverError(`The ${driver} endpoint setting "port" must be a whole number from 1 to 65535.`, 'settings_invalid');
  }
  return port;
}

export interface IntegerRule {
  min: number;
  max: number;
  fallback: number;
}

/** A whole-number order parameter within [min, max]; the fallback when absent. */
export function integerParameter(parameters: Record<string, unknown>, name: string, rule: IntegerRule): number {
  const value = parameters[name];
  if (value === undefined || value === null) return rule.fallback;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < rule.min || number > rule.max) {
    throw new RequestProblem(`Parameter ${name} must be a whole number from ${rule.min} to ${rule.max}.`);
  }
  return number;
}

/** Tags as stored text: only string values survive, so a stored tag set always reads back as Record<string, string>. */
export function tagsFromJson(text: string | null | undefined): Record<string, string> | null {
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') tags[key] = value;
    return tags;
  } catch {
    return null;
  }
}

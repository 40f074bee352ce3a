/** What the OpenStack driver's kinds share: names, metadata and tags, listing with paging. */
import {
  TAG_MANAGED_BY,
  TAG_MANAGED_BY_VALUE,
  type CreateRequest,
  type ListedResource,
  type OperationName,
  type OperationState,
  type ResizeRequest,
} from '../driver.js';
import type { KeystoneSession, OpenstackService } from './session.js';

export type OpenstackKind = 'vm' | 'volume' | 'public_ip';
export const OPENSTACK_KINDS: readonly OpenstackKind[] = ['vm', 'volume', 'public_ip'];

/** Metadata keys the driver writes for itself; list() leaves them out of the tags it reports. */
export const KEY_IDEMPOTENCY = 'idempotency-key';
export const KEY_BANDWIDTH = 'bandwidth-mbps';
export const INTERNAL_KEYS = new Set([KEY_IDEMPOTENCY, KEY_BANDWIDTH]);

/** What each kind does at the cloud; refs and external ids are the cloud's own ids. */
export interface KindApi {
  create(request: CreateRequest, name: string): Promise<OperationState>;
  resize(request: ResizeRequest): Promise<OperationState>;
  retire(externalId: string): Promise<OperationState>;
  /** `target` is what a resize ref carries after the id (flavor id, size) */
  poll(operation: OperationName, externalId: string, target: string | null): Promise<OperationState>;
  list(): Promise<ListedResource[]>;
}

/** `zs-<first 12 of the key>-<ascii slug of the name>`: unique by the key, readable by the name. */
export function resourceName(idempotencyKey: string, name: string, kind: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return `${namePrefix(idempotencyKey)}${slug || kind.replace(/_/g, '-')}`;
}

/** The tags as metadata, with the idempotency key; values kept within the 255 characters Nova and Cinder allow. */
export function metadataOf(request: CreateRequest): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.tags)) metadata[key.slice(0, 255)] = String(value).slice(0, 255);
  metadata[TAG_MANAGED_BY] = TAG_MANAGED_BY_VALUE;
  metadata[KEY_IDEMPOTENCY] = request.idempotencyKey;
  return metadata;
}

/** Metadata back to tags: ours only (managed-by=zhongshu), without the driver's own keys. */
export function tagsOf(metadata: Record<string, string> | undefined): Record<string, string> | null {
  if (!metadata || metadata[TAG_MANAGED_BY] !== TAG_MANAGED_BY_VALUE) return null;
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !INTERNAL_KEYS.has(key)));
}

/** A positive number parameter, or null. */
export function positive(parameters: Record<string, unknown>, name: string): number | null {
  const value = parameters[name];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

export function invalid(message: string): OperationState {
  return { state: 'failed', ref: '', error: message };
}

/** `zs-<first 12 of the key>-`: the part of a name that a repeated create can search for. */
export function namePrefix(idempotencyKey: string): string {
  return `zs-${idempotencyKey.replace(/[^0-9a-zA-Z]/g, '').slice(0, 12).toLowerCase()}-`;
}

/** Every item of a Nova/Cinder collection, following its "next" links. */
export async function listAll<T>(session: KeystoneSession, service: OpenstackService, path: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | null = path;
  for (let page = 0; next && page < 1000; page += 1) {
    const answer: { body: Record<string, unknown> | null } = await session.request<Record<string, unknown>>(service, 'GET', next);
    const body: Record<string, unknown> = answer.body ?? {};
    items.push(...((body[key] as T[] | undefined) ?? []));
    const links = body[`${key}_links`] as Array<{ rel?: string; href?: string }> | undefined;
    next = links?.find((link) => link.rel === 'next')?.href ?? null;
  }
  return items;
}

/** A ref is `<kind>:<cloud id>` and, for a resize, `:<target>` (flavor id or size) so the poll knows when it is done. */
export function refOf(kind: OpenstackKind, externalId: string, target?: string | number): string {
  return target === undefined ? `${kind}:${externalId}` : `${kind}:${externalId}:${target}`;
}

export function running(kind: OpenstackKind, externalId: string, target?: string | number, retryAfterMs = 2000): OperationState {
  return { state: 'running', ref: refOf(kind, externalId, target), externalId, retryAfterMs };
}

export function succeeded(kind: OpenstackKind, externalId: string, endpointInfo?: Record<string, unknown>, target?: string | number): OperationState {
  return { state: 'succeeded', ref: refOf(kind, externalId, target), externalId, ...(endpointInfo ? { endpointInfo } : {}) };
}

export function failed(kind: OpenstackKind, externalId: string, error: string): OperationState {
  return { state: 'failed', ref: refOf(kind, externalId), externalId, error };
}

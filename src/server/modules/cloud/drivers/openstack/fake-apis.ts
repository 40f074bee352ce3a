/**
 * What the service routes of the OpenStack fake share (see fake.ts, fake-nova.ts, fake-cinder.ts,
 * fake-neutron.ts): the route shape, reads that advance transitional statuses, Nova/Cinder paging.
 */
import type { FakeCloudState, Pending } from './fake.js';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeRouteRequest {
  /** the pattern's captured groups */
  params: string[];
  query: URLSearchParams;
  body: unknown;
  url: URL;
}

export interface FakeRoute {
  method: string;
  /** matched against the path after the service prefix */
  pattern: RegExp;
  /** the first captured group is a project id that must be the token's project (Cinder) */
  projectScoped?: boolean;
  handle(request: FakeRouteRequest): FakeAnswer;
}

export interface ServiceErrors {
  notFound(message: string): FakeAnswer;
  forbidden(message: string): FakeAnswer;
}

export const ID = '([^/]+)';

/** One read of a resource: counts down its transitional status, then settles it. */
export function advance(resource: { pending: Pending | null }): void {
  const pending = resource.pending;
  if (!pending) return;
  if (pending.polls > 0) {
    pending.polls -= 1;
    return;
  }
  resource.pending = null;
  pending.settle();
}

export const stamp = (state: FakeCloudState) => new Date(state.now()).toISOString().replace(/\.\d+Z$/, 'Z');

/** Nova/Cinder style paging (limit, marker) with a "next" link when more remain. */
export function paged<T extends { id: string }>(items: T[], request: FakeRouteRequest, key: string, view: (item: T) => unknown): FakeAnswer | Record<string, unknown> {
  const limit = Number(request.query.get('limit') ?? 1000);
  const marker = request.query.get('marker');
  let start = 0;
  if (marker) {
    const index = items.findIndex((item) => item.id === marker);
    if (index < 0) return { status: 400, body: { badRequest: { code: 400, message: `marker [${marker}] not found` } } };
    start = index + 1;
  }
  const slice = items.slice(start, start + limit);
  const answer: Record<string, unknown> = { [key]: slice.map(view) };
  if (start + limit < items.length && slice.length > 0) {
    const next = new URL(request.url);
    next.searchParams.set('marker', slice[slice.length - 1].id);
    answer[`${key}_links`] = [{ rel: 'next', href: next.toString() }];
  }
  return answer;
}

export const isAnswer = (value: FakeAnswer | Record<string, unknown>): value is FakeAnswer => typeof (value as FakeAnswer).status === 'number';

export function validMetadata(metadata: unknown): metadata is Record<string, string> {
  if (metadata === undefined) return true;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return false;
  return Object.entries(metadata).every(([key, value]) => key.length >= 1 && key.length <= 255 && typeof value === 'string' && value.length <= 255);
}

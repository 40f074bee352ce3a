/**
 * Public IPs as Neutron floating IPs (kind `public_ip`, parameters {bandwidthMbps}). A floating IP has no metadata:
 * its description (at most 255 characters, set atomically at creation) carries a small JSON object with
 * managed-by, the idempotency key, the resource and order item and the bandwidth; the full tag set follows as
 * Neutron tags "key=value". list() merges both, so a floating IP whose tags were never written is still found.
 * The bandwidth is recorded, not enforced: QoS policies are outside the documented subset this driver uses.
 */
import { TAG_MANAGED_BY, TAG_MANAGED_BY_VALUE, type CreateRequest, type ListedResource, type OperationName, type OperationState, type ResizeRequest } from '../driver.js';
import { KEY_BANDWIDTH, KEY_IDEMPOTENCY, failed, invalid, running, succeeded, tagsOf, type KindApi } from './common.js';
import type { KeystoneSession, OpenstackSettings } from './session.js';

interface FloatingIp {
  id: string;
  floating_ip_address: string | null;
  floating_network_id: string;
  status: string;
  description?: string;
  tags?: string[];
}

const DESCRIPTION_MAX = 255;

export class FloatingIps implements KindApi {
  constructor(private readonly session: KeystoneSession, private readonly settings: OpenstackSettings) {}

  async create(request: CreateRequest): Promise<OperationState> {
    const bandwidthMbps = bandwidthOf(request.parameters);
    if (bandwidthMbps === null) return invalid('A public IP needs bandwidthMbps as a whole number, at least 1.');
    const tags = neutronTags(request.tags);
    const existing = (await this.all()).find((fip) => described(fip)[KEY_IDEMPOTENCY] === request.idempotencyKey);
    if (existing) {
      if (!tags.every((tag) => existing.tags?.includes(tag))) await this.writeTags(existing.id, tags);
      return running('public_ip', existing.id);
    }
    const description = describe({
      [TAG_MANAGED_BY]: TAG_MANAGED_BY_VALUE,
      [KEY_IDEMPOTENCY]: request.idempotencyKey,
      [KEY_BANDWIDTH]: String(bandwidthMbps),
      resource: request.tags.resource,
      'order-item': request.tags['order-item'],
    });
    const answer = await this.session.request<{ floatingip: FloatingIp }>('network', 'POST', '/floatingips', {
      body: { floatingip: { floating_network_id: this.settings.floatingNetworkId, description } },
    });
    const fip = answer.body!.floatingip;
    await this.writeTags(fip.id, tags);
    return running('public_ip', fip.id);
  }

  async resize(request: ResizeRequest): Promise<OperationState> {
    const fip = await this.read(request.externalId);
    if (!fip) return invalid('The public IP no longer exists at the cloud.');
    const bandwidthMbps = bandwidthOf(request.parameters);
    if (bandwidthMbps === null) return invalid('A public IP needs bandwidthMbps as a whole number, at least 1.');
    const description = describe({ ...described(fip), [KEY_BANDWIDTH]: String(bandwidthMbps) });
    const answer = await this.session.request<{ floatingip: FloatingIp }>('network', 'PUT', `/floatingips/${encodeURIComponent(fip.id)}`, {
      body: { floatingip: { description } },
    });
    return succeeded('public_ip', fip.id, endpointInfo(answer.body!.floatingip));
  }

  async retire(externalId: string): Promise<OperationState> {
    await this.session.request('network', 'DELETE', `/floatingips/${encodeURIComponent(externalId)}`, { notFoundIsNull: true });
    return running('public_ip', externalId, undefined, 500);
  }

  async poll(operation: OperationName, externalId: string): Promise<OperationState> {
    const fip = await this.read(externalId);
    if (operation === 'retire') return fip ? running('public_ip', externalId, undefined, 500) : succeeded('public_ip', externalId);
    if (!fip) return failed('public_ip', externalId, 'The public IP no longer exists at the cloud.');
    if (operation === 'resize') return succeeded('public_ip', externalId, endpointInfo(fip));
    if (fip.status === 'ACTIVE') return succeeded('public_ip', externalId, endpointInfo(fip));
    if (fip.status === 'ERROR') return failed('public_ip', externalId, 'The cloud could not allocate the public IP.');
    return running('public_ip', externalId);
  }

  async list(): Promise<ListedResource[]> {
    const listed: ListedResource[] = [];
    for (const fip of await this.all()) {
      const fromDescription = described(fip);
      const tags = tagsOf({ ...parseTags(fip.tags ?? []), ...fromDescription });
      if (!tags) continue;
      const bandwidthMbps = Number(fromDescription[KEY_BANDWIDTH]);
      listed.push({
        externalId: fip.id,
        kind: 'public_ip',
        tags,
        parameters: Number.isFinite(bandwidthMbps) && bandwidthMbps > 0 ? { bandwidthMbps } : {},
        status: fip.status,
      });
    }
    return listed;
  }

  private async all(): Promise<FloatingIp[]> {
    const answer = await this.session.request<{ floatingips: FloatingIp[] }>('network', 'GET', '/floatingips');
    return answer.body?.floatingips ?? [];
  }

  private async read(id: string): Promise<FloatingIp | null> {
    const answer = await this.session.request<{ floatingip: FloatingIp }>('network', 'GET', `/floatingips/${encodeURIComponent(id)}`, { notFoundIsNull: true });
    return answer.body?.floatingip ?? null;
  }

  private async writeTags(id: string, tags: string[]): Promise<void> {
    await this.session.request('network', 'PUT', `/floatingips/${encodeURIComponent(id)}/tags`, { body: { tags } });
  }
}

function bandwidthOf(parameters: Record<string, unknown>): number | null {
  const value = parameters.bandwidthMbps;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null;
}

/** Tags as Neutron tags "key=value" (a Neutron tag holds at most 255 characters and no comma). */
function neutronTags(tags: Record<string, string>): string[] {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${String(value)}`)
    .filter((tag) => tag.length <= 255 && !tag.includes(','));
}

function parseTags(tags: string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const tag of tags) {
    const at = tag.indexOf('=');
    if (at > 0) parsed[tag.slice(0, at)] = tag.slice(at + 1);
  }
  return parsed;
}

/** The description's JSON; entries are dropped from the end until it fits Neutron's 255 characters. */
function describe(entries: Record<string, string | undefined>): string {
  const pairs = Object.entries(entries).filter((pair): pair is [string, string] => typeof pair[1] === 'string');
  let text = JSON.stringify(Object.fromEntries(pairs));
  while (text.length > DESCRIPTION_MAX && pairs.length > 3) {
    pairs.pop();
    text = JSON.stringify(Object.fromEntries(pairs));
  }
  return text;
}

function described(fip: FloatingIp): Record<string, string> {
  try {
    const value = JSON.parse(fip.description ?? '') as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
  } catch {
    return {};
  }
}

function endpointInfo(fip: FloatingIp): Record<string, unknown> {
  const bandwidthMbps = Number(described(fip)[KEY_BANDWIDTH]);
  return {
    floatingIpId: fip.id,
    address: fip.floating_ip_address,
    ...(Number.isFinite(bandwidthMbps) && bandwidthMbps > 0 ? { bandwidthMbps } : {}),
  };
}

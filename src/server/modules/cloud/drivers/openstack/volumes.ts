/**
 * Block volumes on Cinder (kind `volume`, parameters {sizeGb}). A resize is os-extend: volumes only grow, so a
 * smaller size fails with a plain reason before anything is asked of the cloud.
 */
import type { CreateRequest, ListedResource, OperationName, OperationState, ResizeRequest } from '../driver.js';
import { KEY_IDEMPOTENCY, failed, invalid, listAll, metadataOf, running, succeeded, tagsOf, type KindApi } from './common.js';
import type { KeystoneSession } from './session.js';

interface Volume {
  id: string;
  name: string | null;
  size: number;
  status: string;
  metadata?: Record<string, string>;
}

/** Cinder's states in which a volume exists and is usable. */
const READY = new Set(['available', 'in-use']);

export class Volumes implements KindApi {
  constructor(private readonly session: KeystoneSession) {}

  async create(request: CreateRequest, name: string): Promise<OperationState> {
    const filter = encodeURIComponent(JSON.stringify({ [KEY_IDEMPOTENCY]: request.idempotencyKey }));
    const matches = await listAll<Volume>(this.session, 'volume', `/volumes/detail?metadata=${filter}`, 'volumes');
    const existing = matches.find((volume) => volume.metadata?.[KEY_IDEMPOTENCY] === request.idempotencyKey && volume.status !== 'deleting');
    if (existing) return running('volume', existing.id);
    const sizeGb = sizeOf(request.parameters);
    if (sizeGb === null) return invalid('A volume needs sizeGb as a whole number of GB, at least 1.');
    const answer = await this.session.request<{ volume: Volume }>('volume', 'POST', '/volumes', {
      body: { volume: { size: sizeGb, name, metadata: metadataOf(request) } },
    });
    return running('volume', answer.body!.volume.id);
  }

  async resize(request: ResizeRequest): Promise<OperationState> {
    const volume = await this.read(request.externalId);
    if (!volume) return invalid('The volume no longer exists at the cloud.');
    const sizeGb = sizeOf(request.parameters);
    if (sizeGb === null) return invalid('A volume needs sizeGb as a whole number of GB, at least 1.');
    if (sizeGb < volume.size) return invalid(`A volume cannot shrink: it has ${volume.size} GB and ${sizeGb} GB was asked for.`);
    // Asked again with the same key: the extension is under way or done, and the poll tells which.
    if (sizeGb === volume.size || volume.status === 'extending') return running('volume', volume.id, sizeGb);
    if (volume.status !== 'available') return invalid(`The volume cannot be extended while it is ${volume.status}.`);
    await this.session.request('volume', 'POST', `/volumes/${encodeURIComponent(volume.id)}/action`, { body: { 'os-extend': { new_size: sizeGb } } });
    return running('volume', volume.id, sizeGb);
  }

  async retire(externalId: string): Promise<OperationState> {
    const volume = await this.read(externalId);
    if (!volume) return succeeded('volume', externalId);
    if (volume.status !== 'deleting') {
      await this.session.request('volume', 'DELETE', `/volumes/${encodeURIComponent(externalId)}`, { notFoundIsNull: true });
    }
    return running('volume', externalId);
  }

  async poll(operation: OperationName, externalId: string, target: string | null): Promise<OperationState> {
    const volume = await this.read(externalId);
    if (operation === 'retire') {
      if (!volume) return succeeded('volume', externalId);
      if (volume.status === 'error_deleting') return failed('volume', externalId, 'The cloud could not delete the volume.');
      return running('volume', externalId);
    }
    if (!volume) return failed('volume', externalId, 'The volume no longer exists at the cloud.');
    if (operation === 'create') {
      if (READY.has(volume.status)) return succeeded('volume', externalId, endpointInfo(volume));
      if (volume.status === 'error') return failed('volume', externalId, 'The cloud could not create the volume.');
      return running('volume', externalId);
    }
    const wanted = target === null ? volume.size : Number(target);
    if (volume.status === 'error_extending' || volume.status === 'error') return failed('volume', externalId, 'The cloud could not extend the volume.');
    if (READY.has(volume.status) && volume.size >= wanted) return succeeded('volume', externalId, endpointInfo(volume), wanted);
    return running('volume', externalId, wanted);
  }

  async list(): Promise<ListedResource[]> {
    const volumes = await listAll<Volume>(this.session, 'volume', '/volumes/detail', 'volumes');
    const listed: ListedResource[] = [];
    for (const volume of volumes) {
      const tags = tagsOf(volume.metadata);
      if (!tags || volume.status === 'deleting') continue;
      listed.push({ externalId: volume.id, kind: 'volume', tags, parameters: { sizeGb: volume.size }, status: volume.status });
    }
    return listed;
  }

  private async read(id: string): Promise<Volume | null> {
    const answer = await this.session.request<{ volume: Volume }>('volume', 'GET', `/volumes/${encodeURIComponent(id)}`, { notFoundIsNull: true });
    return answer.body?.volume ?? null;
  }
}

function sizeOf(parameters: Record<string, unknown>): number | null {
  const sizeGb = parameters.sizeGb;
  return typeof sizeGb === 'number' && Number.isInteger(sizeGb) && sizeGb >= 1 ? sizeGb : null;
}

function endpointInfo(volume: Volume): Record<string, unknown> {
  return { volumeId: volume.id, name: volume.name, sizeGb: volume.size };
}

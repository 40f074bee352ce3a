/**
 * Cinder v3 of the OpenStack fake: volumes under /volume/v3/{project_id} (creating → available, os-extend with
 * extending → available, delete). Errors as Nova's.
 */
import { randomUUID } from 'node:crypto';
import type { FakeCloudState, FakeVolume } from './fake.js';
import { ID, advance, isAnswer, paged, stamp, validMetadata, type FakeAnswer, type FakeRoute, type ServiceErrors } from './fake-apis.js';

export function cinderRoutes(state: FakeCloudState): { routes: FakeRoute[]; errors: ServiceErrors } {
  const bad = (message: string): FakeAnswer => ({ status: 400, body: { badRequest: { code: 400, message } } });
  const errors: ServiceErrors = {
    notFound: (message) => ({ status: 404, body: { itemNotFound: { code: 404, message } } }),
    forbidden: (message) => ({ status: 403, body: { forbidden: { code: 403, message } } }),
  };
  const volumeNotFound = (id: string) => errors.notFound(`Volume ${id} could not be found.`);
  const volumeView = (volume: FakeVolume) => ({
    id: volume.id, name: volume.name, size: volume.size, status: volume.status, metadata: volume.metadata,
    description: null, availability_zone: 'nova', bootable: 'false', encrypted: false, multiattach: false,
    volume_type: 'lvmdriver-1', snapshot_id: null, source_volid: null, attachments: [],
    created_at: volume.created, updated_at: volume.updated,
    links: [{ rel: 'self', href: `/volume/v3/${state.projectId}/volumes/${volume.id}` }],
  });
  const live = (id: string) => {
    const volume = state.volumes.get(id);
    return volume && !volume.gone ? volume : undefined;
  };
  const failure = () => {
    const reason = state.failNext.volume;
    delete state.failNext.volume;
    return reason;
  };

  const routes: FakeRoute[] = [
    {
      method: 'POST', pattern: new RegExp(`^/${ID}/volumes$`), projectScoped: true, handle: ({ body }) => {
        const request = (body as { volume?: Record<string, unknown> } | null)?.volume;
        if (!request || !Number.isInteger(request.size) || (request.size as number) < 1) {
          return bad('Invalid input received: Volume size must be an integer and greater than 0');
        }
        if (!validMetadata(request.metadata)) return bad('Invalid input received: metadata');
        const reason = failure();
        const volume: FakeVolume = {
          id: randomUUID(), name: String(request.name ?? ''), size: request.size as number,
          metadata: { ...(request.metadata as Record<string, string> | undefined) }, status: 'creating',
          pending: null, gone: false, created: stamp(state), updated: null,
        };
        volume.pending = {
          polls: state.buildPolls,
          settle: () => {
            volume.status = reason === undefined ? 'available' : 'error';
            volume.updated = stamp(state);
          },
        };
        state.volumes.set(volume.id, volume);
        return { status: 202, body: { volume: volumeView(volume) } };
      },
    },
    {
      method: 'GET', pattern: new RegExp(`^/${ID}/volumes/detail$`), projectScoped: true, handle: (request) => {
        const name = request.query.get('name');
        const status = request.query.get('status');
        let metadata: Record<string, string> = {};
        const metadataFilter = request.query.get('metadata');
        if (metadataFilter) {
          try {
            metadata = JSON.parse(metadataFilter) as Record<string, string>;
          } catch {
            return bad(`Invalid input received: metadata filter ${metadataFilter}`);
          }
        }
        const volumes = [...state.volumes.values()].filter((volume) => !volume.gone
          && (name === null || volume.name === name) && (status === null || volume.status === status)
          && Object.entries(metadata).every(([key, value]) => volume.metadata[key] === value));
        const answer = paged(volumes, request, 'volumes', volumeView);
        return isAnswer(answer) ? answer : { status: 200, body: answer };
      },
    },
    {
      method: 'GET', pattern: new RegExp(`^/${ID}/volumes/${ID}$`), projectScoped: true, handle: ({ params }) => {
        const volume = live(params[1]);
        if (volume) advance(volume);
        return volume && !volume.gone ? { status: 200, body: { volume: volumeView(volume) } } : volumeNotFound(params[1]);
      },
    },
    {
      method: 'DELETE', pattern: new RegExp(`^/${ID}/volumes/${ID}$`), projectScoped: true, handle: ({ params }) => {
        const volume = live(params[1]);
        if (!volume) return volumeNotFound(params[1]);
        if (!['available', 'error', 'error_extending'].includes(volume.status)) {
          return bad('Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.');
        }
        volume.status = 'deleting';
        volume.pending = { polls: 1, settle: () => { volume.gone = true; } };
        return { status: 202 };
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/${ID}/volumes/${ID}/action$`), projectScoped: true, handle: ({ params, body }) => {
        const volume = live(params[1]);
        if (!volume) return volumeNotFound(params[1]);
        const extend = (body as { 'os-extend'?: { new_size?: unknown } } | null)?.['os-extend'];
        if (!extend) return bad('There is no such action: ' + Object.keys(body ?? {}).join(', '));
        const newSize = extend.new_size;
        if (!Number.isInteger(newSize)) return bad('Invalid input for field/attribute new_size.');
        if (volume.status !== 'available') {
          return bad(`Invalid volume: Volume status must be 'available' or 'in-use' to extend, currently ${volume.status}.`);
        }
        if ((newSize as number) <= volume.size) {
          return bad(`Invalid input received: New size for extend must be greater than current size. (current: ${volume.size}, extended: ${String(newSize)}).`);
        }
        const reason = failure();
        volume.status = 'extending';
        volume.pending = {
          polls: state.buildPolls,
          settle: () => {
            volume.updated = stamp(state);
            if (reason === undefined) {
              volume.size = newSize as number;
              volume.status = 'available';
            } else {
              volume.status = 'error_extending';
            }
          },
        };
        return { status: 202 };
      },
    },
  ];
  return { routes, errors };
}

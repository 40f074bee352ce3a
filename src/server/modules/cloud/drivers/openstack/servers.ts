/**
 * Virtual machines on Nova (kind `vm`, parameters {vcpu, memoryGb, diskGb?}): the smallest flavor that fits,
 * the project's image and tenant network, the tags as server metadata. A resize moves to the smallest flavor that
 * fits the new size and is confirmed when Nova reaches VERIFY_RESIZE.
 */
import type { CreateRequest, ListedResource, OperationName, OperationState, ResizeRequest } from '../driver.js';
import {
  KEY_IDEMPOTENCY,
  failed,
  invalid,
  listAll,
  metadataOf,
  namePrefix,
  positive,
  running,
  succeeded,
  tagsOf,
  type KindApi,
} from './common.js';
import { OpenstackError, type KeystoneSession, type OpenstackSettings } from './session.js';

interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GB */
  disk: number;
}

interface Server {
  id: string;
  name: string;
  status: string;
  metadata?: Record<string, string>;
  flavor?: { id?: string };
  addresses?: Record<string, Array<{ addr?: string; 'OS-EXT-IPS:type'?: string }>>;
  fault?: { message?: string };
  'OS-EXT-STS:task_state'?: string | null;
}

interface VmSize {
  vcpu: number;
  memoryGb: number;
  diskGb: number;
}

export class Servers implements KindApi {
  constructor(private readonly session: KeystoneSession, private readonly settings: OpenstackSettings) {}

  async create(request: CreateRequest, name: string): Promise<OperationState> {
    const existing = await this.findByKey(request.idempotencyKey);
    if (existing) return running('vm', existing.id);
    const size = sizeOf(request.parameters);
    if (!size) return invalid('A virtual machine needs vcpu and memoryGb (and optionally diskGb) as positive numbers.');
    const flavor = smallestFitting(await this.flavors(), size);
    if (!flavor) return invalid(noFlavor(size));
    const answer = await this.session.request<{ server: { id: string } }>('compute', 'POST', '/servers', {
      body: {
        server: {
          name,
          flavorRef: flavor.id,
          imageRef: this.settings.imageRef,
          metadata: metadataOf(request),
          networks: [{ uuid: this.settings.networkId }],
        },
      },
    });
    // Nova also answers an adminPass; it is dropped here (access is by key pair) and never stored.
    return running('vm', answer.body!.server.id);
  }

  async resize(request: ResizeRequest): Promise<OperationState> {
    const server = await this.read(request.externalId);
    if (!server) return invalid('The virtual machine no longer exists at the cloud.');
    const size = sizeOf(request.parameters);
    if (!size) return invalid('A virtual machine needs vcpu and memoryGb (and optionally diskGb) as positive numbers.');
    const flavor = smallestFitting(await this.flavors(), size);
    if (!flavor) return invalid(noFlavor(size));
    // Asked again with the same key: the resize is under way or done, and the poll tells which.
    if (server.status === 'RESIZE' || server.status === 'VERIFY_RESIZE' || server.flavor?.id === flavor.id) {
      return running('vm', server.id, flavor.id);
    }
    if (server.status !== 'ACTIVE') return invalid(`The virtual machine cannot be resized while it is ${server.status}.`);
    await this.session.request('compute', 'POST', `/servers/${encodeURIComponent(server.id)}/action`, { body: { resize: { flavorRef: flavor.id } } });
    return running('vm', server.id, flavor.id);
  }

  async retire(externalId: string): Promise<OperationState> {
    const server = await this.read(externalId);
    if (!server) return succeeded('vm', externalId);
    if (server['OS-EXT-STS:task_state'] !== 'deleting') {
      await this.session.request('compute', 'DELETE', `/servers/${encodeURIComponent(externalId)}`, { notFoundIsNull: true });
    }
    return running('vm', externalId);
  }

  async poll(operation: OperationName, externalId: string, target: string | null): Promise<OperationState> {
    const server = await this.read(externalId);
    const fault = server?.fault?.message ?? 'the cloud gave no reason';
    if (operation === 'retire') {
      if (!server) return succeeded('vm', externalId);
      if (server.status === 'ERROR' && !server['OS-EXT-STS:task_state']) return failed('vm', externalId, `The virtual machine could not be deleted: ${fault}`);
      return running('vm', externalId);
    }
    if (!server) return failed('vm', externalId, 'The virtual machine no longer exists at the cloud.');
    if (operation === 'create') {
      if (server.status === 'ACTIVE') return succeeded('vm', externalId, await this.endpointInfo(server));
      if (server.status === 'ERROR') return failed('vm', externalId, `The virtual machine could not be created: ${fault}`);
      return running('vm', externalId);
    }
    if (server.status === 'ERROR') return failed('vm', externalId, `The virtual machine could not be resized: ${fault}`);
    if (server.status === 'VERIFY_RESIZE') {
      try {
        await this.session.request('compute', 'POST', `/servers/${encodeURIComponent(externalId)}/action`, { body: { confirmResize: null } });
      } catch (error) {
        // confirmed meanwhile (by a poll that timed out on our side): the next read shows it ACTIVE
        if (!(error instanceof OpenstackError && error.status === 409)) throw error;
      }
      return running('vm', externalId, target ?? undefined, 500);
    }
    if (server.status === 'ACTIVE' && !server['OS-EXT-STS:task_state']) {
      if (target === null || server.flavor?.id === target) return succeeded('vm', externalId, await this.endpointInfo(server), target ?? undefined);
      return failed('vm', externalId, 'The cloud did not resize the virtual machine; it is still on its old flavor.');
    }
    return running('vm', externalId, target ?? undefined);
  }

  async list(): Promise<ListedResource[]> {
    const [servers, flavors] = await Promise.all([listAll<Server>(this.session, 'compute', '/servers/detail', 'servers'), this.flavors()]);
    const listed: ListedResource[] = [];
    for (const server of servers) {
      const tags = tagsOf(server.metadata);
      if (!tags || server['OS-EXT-STS:task_state'] === 'deleting' || server.status === 'DELETED' || server.status === 'SOFT_DELETED') continue;
      const flavor = flavors.find((candidate) => candidate.id === server.flavor?.id);
      listed.push({
        externalId: server.id,
        kind: 'vm',
        tags,
        parameters: flavor ? { vcpu: flavor.vcpus, memoryGb: flavor.ram / 1024 } : {},
        status: server.status,
      });
    }
    return listed;
  }

  private async findByKey(idempotencyKey: string): Promise<Server | undefined> {
    // Nova filters names by regular expression; the metadata says which of the matches is ours.
    const servers = await listAll<Server>(this.session, 'compute', `/servers/detail?name=${encodeURIComponent(`^${namePrefix(idempotencyKey)}`)}`, 'servers');
    return servers.find((server) => server.metadata?.[KEY_IDEMPOTENCY] === idempotencyKey && server['OS-EXT-STS:task_state'] !== 'deleting');
  }

  private async read(id: string): Promise<Server | null> {
    const answer = await this.session.request<{ server: Server }>('compute', 'GET', `/servers/${encodeURIComponent(id)}`, { notFoundIsNull: true });
    return answer.body?.server ?? null;
  }

  private async flavors(): Promise<Flavor[]> {
    const answer = await this.session.request<{ flavors: Flavor[] }>('compute', 'GET', '/flavors/detail');
    return answer.body?.flavors ?? [];
  }

  private async endpointInfo(server: Server): Promise<Record<string, unknown>> {
    const flavor = (await this.flavors()).find((candidate) => candidate.id === server.flavor?.id);
    const addresses = Object.values(server.addresses ?? {}).flat();
    const fixed = addresses.find((address) => address['OS-EXT-IPS:type'] !== 'floating') ?? addresses[0];
    return {
      serverId: server.id,
      name: server.name,
      flavor: flavor?.name ?? server.flavor?.id ?? null,
      ...(flavor ? { vcpu: flavor.vcpus, memoryGb: flavor.ram / 1024, diskGb: flavor.disk } : {}),
      ipAddress: fixed?.addr ?? null,
      addresses: addresses.map((address) => address.addr).filter((address): address is string => !!address),
      access: 'key pair or the cloud console',
    };
  }
}

function sizeOf(parameters: Record<string, unknown>): VmSize | null {
  const vcpu = positive(parameters, 'vcpu');
  const memoryGb = positive(parameters, 'memoryGb');
  if (vcpu === null || memoryGb === null) return null;
  if (parameters.diskGb !== undefined && positive(parameters, 'diskGb') === null) return null;
  return { vcpu, memoryGb, diskGb: positive(parameters, 'diskGb') ?? 0 };
}

/** The smallest flavor (fewest vCPUs, then least memory, then least disk) that holds the size. */
export function smallestFitting(flavors: Flavor[], size: VmSize): Flavor | null {
  const fitting = flavors
    .filter((flavor) => flavor.vcpus >= size.vcpu && flavor.ram >= size.memoryGb * 1024 && flavor.disk >= size.diskGb)
    .sort((a, b) => a.vcpus - b.vcpus || a.ram - b.ram || a.disk - b.disk || a.name.localeCompare(b.name));
  return fitting[0] ?? null;
}

function noFlavor(size: VmSize): string {
  return `No flavor of this cloud offers ${size.vcpu} vCPU, ${size.memoryGb} GB memory and ${size.diskGb} GB disk.`;
}

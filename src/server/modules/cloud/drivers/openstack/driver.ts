/**
 * The OpenStack driver: virtual machines on Nova (`vm`), volumes on Cinder (`volume`) and floating IPs on Neutron
 * (`public_ip`), through the documented REST subset (docs/cloud/openstack.md). What it makes carries the resource
 * tags (Nova and Cinder metadata; a floating IP's description and Neutron tags) plus the idempotency key, so a
 * repeated create finds the first one instead of making a second. Refusals the cloud gives for a request
 * (400/403/409: no such flavor, quota exceeded, a volume cannot shrink) end the operation as failed with the
 * cloud's words; an unreachable cloud or a 5xx throws, and the worker tries again later.
 * VMs get no credentials from here: access is by the cloud's key pairs and console, so only endpointInfo is given.
 */
import type { CloudDriverKind } from '../../../../platform/db/schema.js';
import type { DriverSettings, OperationState, ProvisioningDriver, RetireRequest } from '../driver.js';
import { OPENSTACK_KINDS, resourceName, type KindApi, type OpenstackKind } from './common.js';
import { FloatingIps } from './floating-ips.js';
import { Servers } from './servers.js';
import { KeystoneSession, OpenstackError, parseSettings, type OpenstackSettings, type SessionOptions } from './session.js';
import { Volumes } from './volumes.js';

export function createOpenstackDriver(endpoint: DriverSettings, options: SessionOptions = {}): ProvisioningDriver {
  // A misconfigured endpoint still opens (the pool keeps it); every call then says what is missing.
  let configured: { settings: OpenstackSettings; session: KeystoneSession; kinds: Record<OpenstackKind, KindApi> } | null = null;
  let problem: Error | null = null;
  try {
    const { settings, password } = parseSettings(endpoint);
    const session = new KeystoneSession(settings, password, options);
    configured = {
      settings,
      session,
      kinds: { vm: new Servers(session, settings), volume: new Volumes(session), public_ip: new FloatingIps(session, settings) },
    };
  } catch (error) {
    problem = error as Error;
  }
  const ready = () => {
    if (!configured) throw problem!;
    return configured;
  };
  const kindOf = (kind: string): KindApi | null => (OPENSTACK_KINDS as readonly string[]).includes(kind) ? ready().kinds[kind as OpenstackKind] : null;
  const unsupported = (kind: string): OperationState => ({ state: 'failed', ref: '', error: `This OpenStack endpoint cannot provide "${kind}" (it provides ${OPENSTACK_KINDS.join(', ')}).` });

  return {
    kind: 'openstack' satisfies CloudDriverKind,

    async test() {
      const { session, settings } = ready();
      await session.authenticate();
      await session.request('compute', 'GET', '/flavors/detail');
      for (const [setting, id] of [['networkId', settings.networkId], ['floatingNetworkId', settings.floatingNetworkId]] as const) {
        const answer = await session.request('network', 'GET', `/networks/${encodeURIComponent(id)}`, { notFoundIsNull: true });
        if (!answer.body) throw new Error(`Neutron has no network ${id} (setting ${setting}).`);
      }
    },

    async create(request) {
      const api = kindOf(request.kind);
      if (!api) return unsupported(request.kind);
      return withRefusals(`create the ${noun(request.kind)}`, () => api.create(request, resourceName(request.idempotencyKey, request.name, request.kind)));
    },

    async resize(request) {
      const api = kindOf(request.kind);
      if (!api) return unsupported(request.kind);
      return withRefusals(`resize the ${noun(request.kind)}`, () => api.resize(request));
    },

    async retire(request: RetireRequest) {
      const api = kindOf(request.kind);
      if (!api) return unsupported(request.kind);
      return withRefusals(`delete the ${noun(request.kind)}`, () => api.retire(request.externalId));
    },

    async poll(operation, ref) {
      const [kind, externalId, target] = ref.split(':');
      const api = kindOf(kind);
      if (!api || !externalId) throw new Error(`Not an OpenStack operation reference: ${ref}`);
      return withRefusals(`${operation} the ${noun(kind)}`, () => api.poll(operation, externalId, target ?? null));
    },

    async list() {
      const { kinds } = ready();
      const all = await Promise.all(OPENSTACK_KINDS.map((kind) => kinds[kind].list()));
      return all.flat();
    },

    async measure(externalIds) {
      const wanted = new Set(externalIds);
      const sizes = new Map<string, Record<string, number>>();
      if (wanted.size === 0) return sizes;
      const { kinds } = ready();
      const [servers, volumes] = await Promise.all([kinds.vm.list(), kinds.volume.list()]);
      for (const server of servers) {
        if (!wanted.has(server.externalId)) continue;
        const { vcpu, memoryGb } = server.parameters as { vcpu?: number; memoryGb?: number };
        if (typeof vcpu === 'number' && typeof memoryGb === 'number') sizes.set(server.externalId, { vcpu, memoryGb });
      }
      for (const volume of volumes) {
        const sizeGb = volume.parameters.sizeGb;
        if (wanted.has(volume.externalId) && typeof sizeGb === 'number') sizes.set(volume.externalId, { storageBytes: sizeGb * 1024 ** 3 });
      }
      return sizes;
    },

    async close() {
      configured?.session.forget();
    },
  };
}

/** The cloud's refusal of this request (not a failure of the cloud) ends the operation; the rest propagates. */
async function withRefusals(what: string, work: () => Promise<OperationState>): Promise<OperationState> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OpenstackError && [400, 403, 409, 413].includes(error.status)) {
      return { state: 'failed', ref: '', error: `The cloud refused to ${what}: ${error.message.replace(/^\w+ answered \d+: /, '')}` };
    }
    throw error;
  }
}

function noun(kind: string): string {
  return kind === 'vm' ? 'virtual machine' : kind === 'public_ip' ? 'public IP' : kind;
}

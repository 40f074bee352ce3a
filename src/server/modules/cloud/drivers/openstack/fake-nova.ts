/**
 * Nova v2.1 of the OpenStack fake: flavors and servers (BUILD → ACTIVE, RESIZE → VERIFY_RESIZE → confirmResize,
 * delete). Errors as {"itemNotFound" | "badRequest" | "conflictingRequest": {code, message}}.
 */
import { randomUUID } from 'node:crypto';
import type { FakeCloudState, FakeServer } from './fake.js';
import { ID, advance, isAnswer, paged, stamp, validMetadata, type FakeAnswer, type FakeRoute, type ServiceErrors } from './fake-apis.js';

export function novaRoutes(state: FakeCloudState): { routes: FakeRoute[]; errors: ServiceErrors } {
  const bad = (message: string): FakeAnswer => ({ status: 400, body: { badRequest: { code: 400, message } } });
  const conflict = (message: string): FakeAnswer => ({ status: 409, body: { conflictingRequest: { code: 409, message } } });
  const errors: ServiceErrors = {
    notFound: (message) => ({ status: 404, body: { itemNotFound: { code: 404, message } } }),
    forbidden: (message) => ({ status: 403, body: { forbidden: { code: 403, message } } }),
  };
  const instanceNotFound = (id: string) => errors.notFound(`Instance ${id} could not be found.`);
  const flavorView = (flavor: FakeCloudState['flavors'][number]) => ({
    id: flavor.id, name: flavor.name, vcpus: flavor.vcpus, ram: flavor.ram, disk: flavor.disk,
    'OS-FLV-EXT-DATA:ephemeral': 0, swap: '', rxtx_factor: 1, 'os-flavor-access:is_public': true,
    links: [{ rel: 'self', href: `/compute/v2.1/flavors/${flavor.id}` }],
  });
  const serverView = (server: FakeServer) => ({
    id: server.id,
    name: server.name,
    status: server.status,
    tenant_id: state.projectId,
    metadata: server.metadata,
    flavor: { id: server.flavorId, links: [{ rel: 'bookmark', href: `/compute/flavors/${server.flavorId}` }] },
    image: { id: server.imageId, links: [{ rel: 'bookmark', href: `/compute/images/${server.imageId}` }] },
    addresses: server.status === 'BUILD' || server.status === 'ERROR'
      ? {}
      : { private: [{ addr: server.address, version: 4, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:01' }] },
    'OS-EXT-STS:task_state': server.taskState,
    'OS-EXT-STS:vm_state': server.status === 'BUILD' ? 'building' : server.status.toLowerCase(),
    'OS-EXT-STS:power_state': server.status === 'ACTIVE' ? 1 : 0,
    accessIPv4: '',
    accessIPv6: '',
    created: server.created,
    updated: server.updated,
    ...(server.fault ? { fault: { ...server.fault, created: server.updated } } : {}),
    links: [{ rel: 'self', href: `/compute/v2.1/servers/${server.id}` }],
  });
  const live = (id: string) => {
    const server = state.servers.get(id);
    return server && !server.gone ? server : undefined;
  };
  const failure = () => {
    const reason = state.failNext.server;
    delete state.failNext.server;
    return reason;
  };

  const routes: FakeRoute[] = [
    { method: 'GET', pattern: /^\/flavors\/detail$/, handle: () => ({ status: 200, body: { flavors: state.flavors.map(flavorView) } }) },
    {
      method: 'GET', pattern: new RegExp(`^/flavors/${ID}$`), handle: ({ params }) => {
        const flavor = state.flavors.find((candidate) => candidate.id === params[0]);
        return flavor ? { status: 200, body: { flavor: flavorView(flavor) } } : errors.notFound(`Flavor ${params[0]} could not be found.`);
      },
    },
    {
      method: 'POST', pattern: /^\/servers$/, handle: ({ body }) => {
        const request = (body as { server?: Record<string, unknown> } | null)?.server;
        if (!request || typeof request.name !== 'string' || request.name.length < 1 || request.name.length > 255) {
          return bad("Invalid input for field/attribute name. Value: None. None is not of type 'string'");
        }
        if (!state.flavors.some((flavor) => flavor.id === request.flavorRef)) return bad('Invalid flavorRef provided.');
        if (request.imageRef !== state.imageId) return bad('Can not find requested image');
        const networks = request.networks as Array<{ uuid?: string }> | undefined;
        if (!Array.isArray(networks) || networks.length !== 1 || networks[0]?.uuid !== state.networkId) {
          return bad(`Network ${networks?.[0]?.uuid ?? ''} could not be found.`);
        }
        if (!validMetadata(request.metadata)) return bad('Invalid input for field/attribute metadata.');
        const created = stamp(state);
        const reason = failure();
        const server: FakeServer = {
          id: randomUUID(), name: request.name, flavorId: String(request.flavorRef), imageId: state.imageId,
          networkId: state.networkId, metadata: { ...(request.metadata as Record<string, string> | undefined) },
          address: `10.0.0.${state.servers.size + 10}`, status: 'BUILD', taskState: 'spawning', fault: null,
          pending: null, gone: false, created, updated: created,
        };
        server.pending = {
          polls: state.buildPolls,
          settle: () => {
            server.updated = stamp(state);
            server.taskState = null;
            if (reason === undefined) {
              server.status = 'ACTIVE';
            } else {
              server.status = 'ERROR';
              server.fault = { code: 500, message: reason };
            }
          },
        };
        state.servers.set(server.id, server);
        return {
          status: 202,
          headers: { location: `/compute/v2.1/servers/${server.id}` },
          body: { server: { id: server.id, links: [{ rel: 'self', href: `/compute/v2.1/servers/${server.id}` }], 'OS-DCF:diskConfig': 'MANUAL', security_groups: [{ name: 'default' }], adminPass: 'Fake-Admin-Pass-1' } },
        };
      },
    },
    {
      method: 'GET', pattern: /^\/servers\/detail$/, handle: (request) => {
        let pattern: RegExp | null = null;
        const name = request.query.get('name');
        if (name !== null) {
          try {
            pattern = new RegExp(name);
          } catch {
            return bad(`Invalid regular expression for name: ${name}`);
          }
        }
        const status = request.query.get('status');
        const servers = [...state.servers.values()].filter((server) => !server.gone
          && (!pattern || pattern.test(server.name)) && (!status || server.status === status.toUpperCase()));
        const answer = paged(servers, request, 'servers', serverView);
        return isAnswer(answer) ? answer : { status: 200, body: answer };
      },
    },
    {
      method: 'GET', pattern: new RegExp(`^/servers/${ID}$`), handle: ({ params }) => {
        const server = live(params[0]);
        if (server) advance(server);
        return server && !server.gone ? { status: 200, body: { server: serverView(server) } } : instanceNotFound(params[0]);
      },
    },
    {
      method: 'DELETE', pattern: new RegExp(`^/servers/${ID}$`), handle: ({ params }) => {
        const server = live(params[0]);
        if (!server) return instanceNotFound(params[0]);
        server.taskState = 'deleting';
        server.updated = stamp(state);
        server.pending = { polls: 1, settle: () => { server.gone = true; } };
        return { status: 204 };
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/servers/${ID}/action$`), handle: ({ params, body }) => {
        const server = live(params[0]);
        if (!server) return instanceNotFound(params[0]);
        const action = (body ?? {}) as Record<string, unknown>;
        if ('resize' in action) {
          const flavorRef = (action.resize as { flavorRef?: unknown } | null)?.flavorRef;
          if (server.status !== 'ACTIVE' || server.taskState) {
            return conflict(`Cannot 'resize' instance ${server.id} while it is in vm_state ${server.status.toLowerCase()}`);
          }
          if (!state.flavors.some((flavor) => flavor.id === flavorRef)) return bad('Invalid flavorRef provided.');
          if (flavorRef === server.flavorId) return bad('When resizing, instances must change flavor!');
          const reason = failure();
          server.status = 'RESIZE';
          server.taskState = 'resize_prep';
          server.pending = {
            polls: state.buildPolls,
            settle: () => {
              server.updated = stamp(state);
              server.taskState = null;
              if (reason === undefined) {
                server.status = 'VERIFY_RESIZE';
                server.flavorId = String(flavorRef);
              } else {
                server.status = 'ERROR';
                server.fault = { code: 500, message: reason };
              }
            },
          };
          return { status: 202 };
        }
        if ('confirmResize' in action) {
          if (server.status !== 'VERIFY_RESIZE') {
            return conflict(`Cannot 'confirmResize' instance ${server.id} while it is in vm_state ${server.status.toLowerCase()}`);
          }
          server.status = 'ACTIVE';
          server.updated = stamp(state);
          return { status: 204 };
        }
        return bad('There is no such action: ' + Object.keys(action).join(', '));
      },
    },
  ];
  return { routes, errors };
}

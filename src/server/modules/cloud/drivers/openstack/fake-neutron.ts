/**
 * Neutron v2.0 of the OpenStack fake: networks (read only) and floating IPs (DOWN → ACTIVE) with tags.
 * Errors as {"NeutronError": {type, message, detail}}.
 */
import { randomUUID } from 'node:crypto';
import type { FakeCloudState, FakeFloatingIp } from './fake.js';
import { ID, advance, stamp, type FakeAnswer, type FakeRoute, type ServiceErrors } from './fake-apis.js';

export function neutronRoutes(state: FakeCloudState): { routes: FakeRoute[]; errors: ServiceErrors } {
  const neutronError = (status: number, type: string, message: string): FakeAnswer => ({ status, body: { NeutronError: { type, message, detail: '' } } });
  const errors: ServiceErrors = {
    notFound: (message) => neutronError(404, 'HTTPNotFound', message),
    forbidden: (message) => neutronError(403, 'HTTPForbidden', message),
  };
  const fipNotFound = (id: string) => neutronError(404, 'FloatingIPNotFound', `Floating IP ${id} could not be found`);
  const fipView = (fip: FakeFloatingIp) => ({
    id: fip.id, floating_ip_address: fip.address, floating_network_id: fip.networkId, router_id: null,
    port_id: null, fixed_ip_address: null, status: fip.status, project_id: state.projectId, tenant_id: state.projectId,
    description: fip.description, tags: fip.tags, port_details: null, qos_policy_id: null, dns_domain: '', dns_name: '',
    revision_number: fip.revision, created_at: fip.created, updated_at: fip.updated,
  });
  const validTag = (tag: unknown): tag is string => typeof tag === 'string' && tag.length >= 1 && tag.length <= 255 && !tag.includes(',');
  const touch = (fip: FakeFloatingIp) => {
    fip.revision += 1;
    fip.updated = stamp(state);
  };
  const network = (id: string, name: string, external: boolean) => ({
    id, name, status: 'ACTIVE', admin_state_up: true, shared: false, 'router:external': external,
    project_id: state.projectId, subnets: [], mtu: 1450, tags: [],
  });

  const routes: FakeRoute[] = [
    {
      method: 'GET', pattern: new RegExp(`^/networks/${ID}$`), handle: ({ params }) => {
        if (params[0] === state.networkId) return { status: 200, body: { network: network(state.networkId, 'private', false) } };
        if (params[0] === state.floatingNetworkId) return { status: 200, body: { network: network(state.floatingNetworkId, 'public', true) } };
        return neutronError(404, 'NetworkNotFound', `Network ${params[0]} could not be found.`);
      },
    },
    {
      method: 'POST', pattern: /^\/floatingips$/, handle: ({ body }) => {
        const request = (body as { floatingip?: Record<string, unknown> } | null)?.floatingip;
        if (!request || typeof request.floating_network_id !== 'string') {
          return neutronError(400, 'HTTPBadRequest', "Failed to parse request. Required attribute 'floating_network_id' not specified");
        }
        if (request.floating_network_id === state.networkId) {
          return neutronError(400, 'BadRequest', `Bad floatingip request: Network ${state.networkId} is not a valid external network.`);
        }
        if (request.floating_network_id !== state.floatingNetworkId) {
          return neutronError(404, 'NetworkNotFound', `Network ${request.floating_network_id} could not be found.`);
        }
        const description = String(request.description ?? '');
        if (description.length > 255) {
          return neutronError(400, 'HTTPBadRequest', `Invalid input for description. Reason: '${description}' exceeds maximum length of 255.`);
        }
        const reason = state.failNext.floatingip;
        delete state.failNext.floatingip;
        const created = stamp(state);
        const fip: FakeFloatingIp = {
          id: randomUUID(), address: `203.0.113.${state.floatingIps.size + 10}`, networkId: state.floatingNetworkId,
          description, tags: [], status: 'DOWN', pending: null, revision: 0, created, updated: created,
        };
        fip.pending = {
          polls: state.buildPolls,
          settle: () => {
            fip.status = reason === undefined ? 'ACTIVE' : 'ERROR';
            touch(fip);
          },
        };
        state.floatingIps.set(fip.id, fip);
        return { status: 201, body: { floatingip: fipView(fip) } };
      },
    },
    {
      method: 'GET', pattern: /^\/floatingips$/, handle: ({ query }) => {
        const tags = (query.get('tags') ?? '').split(',').filter(Boolean);
        const fields: Array<[string, (fip: FakeFloatingIp) => string]> = [
          ['id', (fip) => fip.id], ['floating_network_id', (fip) => fip.networkId],
          ['description', (fip) => fip.description], ['status', (fip) => fip.status],
          ['floating_ip_address', (fip) => fip.address],
        ];
        const fips = [...state.floatingIps.values()].filter((fip) => tags.every((tag) => fip.tags.includes(tag))
          && fields.every(([name, read]) => query.get(name) === null || read(fip) === query.get(name)));
        return { status: 200, body: { floatingips: fips.map(fipView) } };
      },
    },
    {
      method: 'GET', pattern: new RegExp(`^/floatingips/${ID}$`), handle: ({ params }) => {
        const fip = state.floatingIps.get(params[0]);
        if (!fip) return fipNotFound(params[0]);
        advance(fip);
        return { status: 200, body: { floatingip: fipView(fip) } };
      },
    },
    {
      method: 'PUT', pattern: new RegExp(`^/floatingips/${ID}$`), handle: ({ params, body }) => {
        const fip = state.floatingIps.get(params[0]);
        if (!fip) return fipNotFound(params[0]);
        const description = (body as { floatingip?: { description?: unknown } } | null)?.floatingip?.description;
        if (description !== undefined) {
          if (typeof description !== 'string' || description.length > 255) {
            return neutronError(400, 'HTTPBadRequest', 'Invalid input for description. Reason: exceeds maximum length of 255.');
          }
          fip.description = description;
        }
        touch(fip);
        return { status: 200, body: { floatingip: fipView(fip) } };
      },
    },
    {
      method: 'DELETE', pattern: new RegExp(`^/floatingips/${ID}$`), handle: ({ params }) => {
        if (!state.floatingIps.delete(params[0])) return fipNotFound(params[0]);
        return { status: 204 };
      },
    },
    {
      method: 'GET', pattern: new RegExp(`^/floatingips/${ID}/tags$`), handle: ({ params }) => {
        const fip = state.floatingIps.get(params[0]);
        return fip ? { status: 200, body: { tags: fip.tags } } : fipNotFound(params[0]);
      },
    },
    {
      method: 'PUT', pattern: new RegExp(`^/floatingips/${ID}/tags$`), handle: ({ params, body }) => {
        const fip = state.floatingIps.get(params[0]);
        if (!fip) return fipNotFound(params[0]);
        const tags = (body as { tags?: unknown } | null)?.tags;
        if (!Array.isArray(tags) || !tags.every(validTag)) return neutronError(400, 'InvalidInput', 'Invalid input for operation: Invalid tags body.');
        fip.tags = [...new Set(tags)];
        touch(fip);
        return { status: 200, body: { tags: fip.tags } };
      },
    },
    {
      method: 'PUT', pattern: new RegExp(`^/floatingips/${ID}/tags/${ID}$`), handle: ({ params }) => {
        const fip = state.floatingIps.get(params[0]);
        if (!fip) return fipNotFound(params[0]);
        const tag = decodeURIComponent(params[1]);
        if (!validTag(tag)) return neutronError(400, 'InvalidInput', `Invalid input for operation: Invalid tag ${tag}.`);
        if (!fip.tags.includes(tag)) fip.tags.push(tag);
        touch(fip);
        return { status: 201 };
      },
    },
  ];
  return { routes, errors };
}

/**
 * The fake speaks OpenStack's protocol: these tests talk raw HTTP to it, so the driver's tests stand on a fake
 * that behaves as the API references say (tokens, status codes, error shapes, transitional statuses).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenstackFake, type OpenstackFake } from './fake.js';

let fake: OpenstackFake;

beforeEach(async () => {
  fake = await startOpenstackFake({ buildPolls: 2 });
});

afterEach(async () => {
  await fake.close();
});

async function token(password = 'fake-openstack-password'): Promise<Response> {
  return fetch(`${fake.url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'zhongshu', domain: { name: 'Default' }, password } } },
        scope: { project: { name: 'zhongshu', domain: { name: 'Default' } } },
      },
    }),
  });
}

async function call(method: string, path: string, authToken: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { ...(authToken ? { 'x-auth-token': authToken } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('OpenStack fake', () => {
  it('issues a project-scoped token in X-Subject-Token with a catalog pointing at itself', async () => {
    const response = await token();
    expect(response.status).toBe(201);
    expect(response.headers.get('x-subject-token')).toMatch(/^gAAAAA/);
    const body = await response.json() as { token: { project: { id: string }; expires_at: string; catalog: Array<{ type: string; endpoints: Array<{ interface: string; url: string }> }> } };
    expect(body.token.project.id).toBe(fake.state.projectId);
    expect(Date.parse(body.token.expires_at)).toBeGreaterThan(Date.now());
    const urls = Object.fromEntries(body.token.catalog.map((entry) => [entry.type, entry.endpoints[0].url]));
    expect(urls.compute).toBe(`${fake.url}/compute/v2.1`);
    expect(urls.volumev3).toBe(`${fake.url}/volume/v3/${fake.state.projectId}`);
    expect(urls.network).toBe(`${fake.url}/network`);
  });

  it('refuses a wrong password with 401 and Keystone\'s error body', async () => {
    const response = await token('wrong');
    expect(response.status).toBe(401);
    expect(response.headers.get('x-subject-token')).toBeNull();
    expect(await response.json()).toEqual({ error: expect.objectContaining({ code: 401, title: 'Unauthorized' }) });
  });

  it('answers 401 to every service call without a valid X-Auth-Token', async () => {
    for (const path of ['/compute/v2.1/flavors/detail', `/volume/v3/${fake.state.projectId}/volumes/detail`, '/network/v2.0/floatingips']) {
      const missing = await call('GET', path, null);
      expect(missing.status, path).toBe(401);
      expect(missing.body.error.code).toBe(401);
      expect((await call('GET', path, 'not-a-token')).status, path).toBe(401);
    }
  });

  it('answers unknown routes with 404 in each service\'s own error shape', async () => {
    const authToken = (await token()).headers.get('x-subject-token');
    const nova = await call('GET', '/compute/v2.1/no-such-thing', authToken);
    expect(nova.status).toBe(404);
    expect(nova.body.itemNotFound.code).toBe(404);
    const neutron = await call('GET', '/network/v2.0/no-such-thing', authToken);
    expect(neutron.status).toBe(404);
    expect(neutron.body.NeutronError.type).toBe('HTTPNotFound');
    expect((await call('GET', '/nowhere', authToken)).status).toBe(404);
  });

  it('keeps a new server in BUILD for buildPolls reads, then ACTIVE with an address', async () => {
    const authToken = (await token()).headers.get('x-subject-token');
    const created = await call('POST', '/compute/v2.1/servers', authToken, {
      server: { name: 'web', flavorRef: '1', imageRef: fake.state.imageId, metadata: { a: 'b' }, networks: [{ uuid: fake.state.networkId }] },
    });
    expect(created.status).toBe(202);
    const id = created.body.server.id as string;
    const statuses: string[] = [];
    for (let read = 0; read < 3; read += 1) statuses.push((await call('GET', `/compute/v2.1/servers/${id}`, authToken)).body.server.status);
    expect(statuses).toEqual(['BUILD', 'BUILD', 'ACTIVE']);
    const server = (await call('GET', `/compute/v2.1/servers/${id}`, authToken)).body.server;
    expect(server.addresses.private[0].addr).toMatch(/^10\.0\.0\./);
    expect(server.metadata).toEqual({ a: 'b' });
  });

  it('refuses to shrink a volume with 400 and leaves it as it was', async () => {
    const authToken = (await token()).headers.get('x-subject-token');
    const base = `/volume/v3/${fake.state.projectId}/volumes`;
    const created = await call('POST', base, authToken, { volume: { size: 20, name: 'data' } });
    expect(created.status).toBe(202);
    const id = created.body.volume.id as string;
    for (let read = 0; read < 3; read += 1) await call('GET', `${base}/${id}`, authToken);
    const shrink = await call('POST', `${base}/${id}/action`, authToken, { 'os-extend': { new_size: 10 } });
    expect(shrink.status).toBe(400);
    expect(shrink.body.badRequest.message).toMatch(/greater than current size/);
    expect(fake.state.volumes.get(id)).toMatchObject({ size: 20, status: 'available' });
  });

  it('keeps Cinder to the token\'s project', async () => {
    const authToken = (await token()).headers.get('x-subject-token');
    const other = await call('GET', '/volume/v3/0123456789abcdef0123456789abcdef/volumes/detail', authToken);
    expect(other.status).toBe(403);
  });

  it('refuses a floating IP description longer than Neutron\'s 255 characters', async () => {
    const authToken = (await token()).headers.get('x-subject-token');
    const refused = await call('POST', '/network/v2.0/floatingips', authToken, { floatingip: { floating_network_id: fake.state.floatingNetworkId, description: 'x'.repeat(256) } });
    expect(refused.status).toBe(400);
    expect(refused.body.NeutronError.message).toMatch(/maximum length of 255/);
    expect(fake.state.floatingIps.size).toBe(0);
  });
});

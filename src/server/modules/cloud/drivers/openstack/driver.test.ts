/**
 * The OpenStack driver against the local fake, over real HTTP on loopback: every kind's lifecycle with polling
 * through the transitional statuses, idempotent creates, resizes, refusals, tokens and the listing for
 * reconciliation. Polls are counted, not timed: the fake advances a resource on each read.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateRequest, OperationName, OperationState, ProvisioningDriver, ResourceTags } from '../driver.js';
import { listAll } from './common.js';
import { createOpenstackDriver } from './driver.js';
import { startOpenstackFake, type OpenstackFake, type OpenstackFakeOptions } from './fake.js';
import { KeystoneSession, parseSettings } from './session.js';

let fake: OpenstackFake;
let driver: ProvisioningDriver;

async function open(options: OpenstackFakeOptions = {}, now?: () => number): Promise<void> {
  fake = await startOpenstackFake({ buildPolls: 2, ...options });
  driver = createOpenstackDriver(fake.endpoint(), now ? { now } : {});
}

beforeEach(async () => {
  await open();
});

afterEach(async () => {
  await driver.close();
  await fake.close();
});

function tagsFor(itemId: string): ResourceTags {
  return {
    'managed-by': 'zhongshu',
    department: randomUUID(),
    'business-system': randomUUID(),
    order: randomUUID(),
    'order-item': itemId,
    resource: randomUUID(),
  };
}

function createRequest(kind: string, parameters: Record<string, unknown>, name = 'Tax portal'): CreateRequest {
  const key = randomUUID();
  return { idempotencyKey: key, kind, name, parameters, tags: tagsFor(key) };
}

/** Polls until the operation settles, returning every state seen (a bounded count, never a clock). */
async function settle(operation: OperationName, first: OperationState): Promise<OperationState[]> {
  const seen = [first];
  let state = first;
  for (let poll = 0; state.state === 'running' && poll < 20; poll += 1) {
    state = await driver.poll(operation, state.ref);
    seen.push(state);
  }
  return seen;
}

const last = (states: OperationState[]) => states[states.length - 1];
const count = (pattern: RegExp) => fake.state.requests.filter((line) => pattern.test(line)).length;

describe('OpenStack driver: virtual machines', () => {
  it('creates a VM on the smallest fitting flavor, polls through BUILD and lists it with its tags', async () => {
    const request = createRequest('vm', { vcpu: 2, memoryGb: 3, diskGb: 30 });
    const started = await driver.create(request);
    expect(started).toMatchObject({ state: 'running', externalId: expect.any(String) });
    const states = await settle('create', started);
    expect(states.filter((state) => state.state === 'running').length).toBeGreaterThanOrEqual(3);
    const done = last(states);
    expect(done.state).toBe('succeeded');
    expect(done.credentials).toBeUndefined();
    expect(done.endpointInfo).toMatchObject({ serverId: started.externalId, flavor: 'm1.medium', vcpu: 2, memoryGb: 4, ipAddress: expect.stringMatching(/^10\.0\.0\./) });

    const server = fake.state.servers.get(started.externalId!)!;
    expect(server.name).toBe(`zs-${request.idempotencyKey.replace(/-/g, '').slice(0, 12)}-tax-portal`);
    expect(server.flavorId).toBe('3');
    expect(server.metadata).toMatchObject(request.tags);

    const listed = (await driver.list()).find((resource) => resource.externalId === started.externalId);
    expect(listed).toEqual({ externalId: started.externalId, kind: 'vm', tags: request.tags, parameters: { vcpu: 2, memoryGb: 4 }, status: 'ACTIVE' });
    expect((await driver.measure!([started.externalId!])).get(started.externalId!)).toEqual({ vcpu: 2, memoryGb: 4 });
  });

  it('makes one server when create is called twice with the same key', async () => {
    const request = createRequest('vm', { vcpu: 1, memoryGb: 1 });
    const first = await driver.create(request);
    const second = await driver.create(request);
    expect(second.externalId).toBe(first.externalId);
    expect(second.ref).toBe(first.ref);
    expect(fake.state.servers.size).toBe(1);
    expect(count(/^POST \/compute\/v2\.1\/servers 202$/)).toBe(1);
  });

  it('resizes a VM to a larger flavor and confirms it at VERIFY_RESIZE', async () => {
    const request = createRequest('vm', { vcpu: 1, memoryGb: 2, diskGb: 20 });
    const created = last(await settle('create', await driver.create(request)));
    const resize = await driver.resize({ idempotencyKey: randomUUID(), kind: 'vm', externalId: created.externalId!, parameters: { vcpu: 4, memoryGb: 8, diskGb: 20 }, previous: request.parameters });
    expect(resize.state).toBe('running');
    const states = await settle('resize', resize);
    expect(last(states)).toMatchObject({ state: 'succeeded', endpointInfo: { flavor: 'm1.large', vcpu: 4, memoryGb: 8 } });
    expect(count(/^POST \/compute\/v2\.1\/servers\/[^/]+\/action 204$/)).toBe(1); // the confirmResize
    expect(fake.state.servers.get(created.externalId!)).toMatchObject({ status: 'ACTIVE', flavorId: '4' });
  });

  it('deletes a VM and reports done only once Nova answers 404', async () => {
    const created = last(await settle('create', await driver.create(createRequest('vm', { vcpu: 1, memoryGb: 1 }))));
    const retiring = await driver.retire({ idempotencyKey: randomUUID(), kind: 'vm', externalId: created.externalId! });
    expect(retiring.state).toBe('running');
    const states = await settle('retire', retiring);
    expect(states.map((state) => state.state)).toEqual(['running', 'running', 'succeeded']);
    expect(fake.state.servers.get(created.externalId!)!.gone).toBe(true);
    expect(await driver.list()).toEqual([]);
    // retiring again finds nothing to delete and is done at once
    expect((await driver.retire({ idempotencyKey: randomUUID(), kind: 'vm', externalId: created.externalId! })).state).toBe('succeeded');
  });

  it('ends a create in ERROR as failed with Nova\'s fault as the reason', async () => {
    fake.state.failNext.server = 'No valid host was found. There are not enough hosts available.';
    const done = last(await settle('create', await driver.create(createRequest('vm', { vcpu: 1, memoryGb: 1 }))));
    expect(done.state).toBe('failed');
    expect(done.error).toBe('The virtual machine could not be created: No valid host was found. There are not enough hosts available.');
  });

  it('fails at once, asking nothing of Nova, when no flavor is large enough', async () => {
    const done = await driver.create(createRequest('vm', { vcpu: 64, memoryGb: 512 }));
    expect(done).toMatchObject({ state: 'failed', error: expect.stringMatching(/No flavor of this cloud offers 64 vCPU, 512 GB memory/) });
    expect(count(/^POST \/compute/)).toBe(0);
  });
});

describe('OpenStack driver: volumes', () => {
  it('creates a volume, extends it, refuses to shrink it and deletes it', async () => {
    const request = createRequest('volume', { sizeGb: 10 });
    const created = last(await settle('create', await driver.create(request)));
    expect(created).toMatchObject({ state: 'succeeded', endpointInfo: { volumeId: created.externalId, sizeGb: 10 } });
    expect(fake.state.volumes.get(created.externalId!)!.metadata).toMatchObject(request.tags);

    const extend = await driver.resize({ idempotencyKey: randomUUID(), kind: 'volume', externalId: created.externalId!, parameters: { sizeGb: 20 }, previous: { sizeGb: 10 } });
    const extended = await settle('resize', extend);
    expect(extended.some((state) => state.state === 'running')).toBe(true);
    expect(last(extended)).toMatchObject({ state: 'succeeded', endpointInfo: { sizeGb: 20 } });
    expect(fake.state.volumes.get(created.externalId!)!.size).toBe(20);
    expect((await driver.measure!([created.externalId!])).get(created.externalId!)).toEqual({ storageBytes: 20 * 1024 ** 3 });

    const shrink = await driver.resize({ idempotencyKey: randomUUID(), kind: 'volume', externalId: created.externalId!, parameters: { sizeGb: 5 }, previous: { sizeGb: 20 } });
    expect(shrink.state).toBe('failed');
    expect(shrink.error).toMatch(/a volume cannot shrink/i);
    expect(fake.state.volumes.get(created.externalId!)!.size).toBe(20);

    const retired = await settle('retire', await driver.retire({ idempotencyKey: randomUUID(), kind: 'volume', externalId: created.externalId! }));
    expect(last(retired).state).toBe('succeeded');
    expect(fake.state.volumes.get(created.externalId!)!.gone).toBe(true);
  });

  it('makes one volume when create is called twice with the same key', async () => {
    const request = createRequest('volume', { sizeGb: 5 });
    const first = await driver.create(request);
    const second = await driver.create(request);
    expect(second.externalId).toBe(first.externalId);
    expect(fake.state.volumes.size).toBe(1);
  });

  it('ends a volume in error as failed with a plain reason', async () => {
    fake.state.failNext.volume = 'backend full';
    const done = last(await settle('create', await driver.create(createRequest('volume', { sizeGb: 5 }))));
    expect(done).toMatchObject({ state: 'failed', error: 'The cloud could not create the volume.' });
  });
});

describe('OpenStack driver: public IPs', () => {
  it('allocates a floating IP, polls DOWN to ACTIVE, lists it with every tag and its bandwidth, and releases it', async () => {
    const request = createRequest('public_ip', { bandwidthMbps: 100 });
    const states = await settle('create', await driver.create(request));
    expect(states[1].state).toBe('running');
    const done = last(states);
    expect(done).toMatchObject({ state: 'succeeded', endpointInfo: { address: expect.stringMatching(/^203\.0\.113\./), bandwidthMbps: 100 } });
    const fip = fake.state.floatingIps.get(done.externalId!)!;
    expect(fip.description.length).toBeLessThanOrEqual(255);
    expect(fip.tags).toContain(`department=${request.tags.department}`);

    const resized = await driver.resize({ idempotencyKey: randomUUID(), kind: 'public_ip', externalId: done.externalId!, parameters: { bandwidthMbps: 200 }, previous: { bandwidthMbps: 100 } });
    expect(resized).toMatchObject({ state: 'succeeded', endpointInfo: { bandwidthMbps: 200 } });
    expect(await driver.list()).toEqual([{ externalId: done.externalId, kind: 'public_ip', tags: request.tags, parameters: { bandwidthMbps: 200 }, status: 'ACTIVE' }]);

    const retired = await settle('retire', await driver.retire({ idempotencyKey: randomUUID(), kind: 'public_ip', externalId: done.externalId! }));
    expect(last(retired).state).toBe('succeeded');
    expect(fake.state.floatingIps.size).toBe(0);
  });

  it('makes one floating IP when create is called twice with the same key', async () => {
    const request = createRequest('public_ip', { bandwidthMbps: 10 });
    const first = await driver.create(request);
    const second = await driver.create(request);
    expect(second.externalId).toBe(first.externalId);
    expect(fake.state.floatingIps.size).toBe(1);
  });
});

describe('OpenStack driver: listing and tokens', () => {
  it('lists only what carries managed-by=zhongshu, mapping each kind back to its parameters', async () => {
    const vm = createRequest('vm', { vcpu: 1, memoryGb: 2 });
    const volume = createRequest('volume', { sizeGb: 8 });
    const vmId = (await driver.create(vm)).externalId;
    const volumeId = (await driver.create(volume)).externalId;
    // a server somebody made by hand in the same project
    const foreign = await driver.create({ ...createRequest('vm', { vcpu: 1, memoryGb: 1 }), tags: {} as ResourceTags });
    fake.state.servers.get(foreign.externalId!)!.metadata = { owner: 'someone else' };

    const listed = await driver.list();
    expect(listed.map((resource) => resource.externalId).sort()).toEqual([vmId, volumeId].sort());
    expect(listed.find((resource) => resource.externalId === vmId)).toMatchObject({ kind: 'vm', tags: vm.tags, parameters: { vcpu: 1, memoryGb: 2 } });
    expect(listed.find((resource) => resource.externalId === volumeId)).toMatchObject({ kind: 'volume', tags: volume.tags, parameters: { sizeGb: 8 } });
    expect(listed.every((resource) => !('idempotency-key' in resource.tags))).toBe(true);
  });

  it('follows Cinder\'s next links to the end of a paged listing', async () => {
    for (let index = 0; index < 5; index += 1) await driver.create(createRequest('volume', { sizeGb: 1 }));
    const { settings, password } = parseSettings(fake.endpoint());
    const volumes = await listAll(new KeystoneSession(settings, password), 'volume', '/volumes/detail?limit=2', 'volumes');
    expect(volumes).toHaveLength(5);
    expect(count(/volumes\/detail\?limit=2&marker=/)).toBe(2);
  });

  it('keeps one token across calls', async () => {
    await driver.create(createRequest('volume', { sizeGb: 1 }));
    await driver.list();
    expect(fake.state.authRequests).toBe(1);
  });

  it('gets a new token and repeats the call once when a service answers 401', async () => {
    await driver.list();
    fake.state.revokeTokens();
    const done = await driver.create(createRequest('volume', { sizeGb: 1 }));
    expect(done.state).toBe('running');
    expect(fake.state.authRequests).toBe(2);
    expect(count(/ 401$/)).toBe(1);
  });

  it('renews a token that is about to expire before using it', async () => {
    await driver.close();
    await fake.close();
    let clock = Date.now();
    await open({ tokenTtlSeconds: 3600, now: () => clock }, () => clock);
    await driver.list();
    clock += 3600_000 - 30_000; // within the renewal margin
    await driver.list();
    expect(fake.state.authRequests).toBe(2);
    expect(count(/ 401$/)).toBe(0);
  });

  it('tests the endpoint, and says the password was refused without repeating it', async () => {
    await expect(driver.test()).resolves.toBeUndefined();
    const endpoint = fake.endpoint();
    const wrong = createOpenstackDriver({ settings: endpoint.settings, secrets: { password: 'not-the-password-42' } });
    const error = await wrong.test().then(() => null, (caught: Error) => caught);
    expect(error?.message).toMatch(/Keystone refused/);
    expect(error?.message).not.toContain('not-the-password-42');
    const noNetwork = createOpenstackDriver({ settings: { ...endpoint.settings, floatingNetworkId: randomUUID() }, secrets: endpoint.secrets });
    await expect(noNetwork.test()).rejects.toThrow(/floatingNetworkId/);
  });

  it('reports every missing setting of a misconfigured endpoint at once', async () => {
    const broken = createOpenstackDriver({ settings: { authUrl: fake.url }, secrets: {} });
    await expect(broken.test()).rejects.toThrow(/username is required; projectName is required; imageRef is required; networkId is required; floatingNetworkId is required; the secret "password" is required/);
  });

  it('fails a kind this endpoint does not provide', async () => {
    const done = await driver.create(createRequest('postgresql_database', {}));
    expect(done).toMatchObject({ state: 'failed', error: expect.stringMatching(/cannot provide "postgresql_database"/) });
  });
});

/**
 * Grants: revocation takes effect at once (also over a cached answer, and on another node via PostgreSQL
 * NOTIFY), expiry is checked against the clock, business systems read only their own grants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend } from '../../../platform/db/testing.js';
import type { HttpSession } from '../../../testing/harness.js';
import { createExchangeTestbed, type ExchangeTestbed } from '../test-support.js';
import { DefaultAccessService } from './part.js';

const G = '/api/v1/exchange/grants';

describe('grants', () => {
  let bed: ExchangeTestbed;
  let access: DefaultAccessService;
  let ownAdmin: HttpSession;
  let otherAdmin: HttpSession;
  let systems = 0;

  /** A new system of the other department holding a fresh grant on the (unconditional) licence entry. */
  async function grantedSystem(): Promise<{ systemId: string; grantId: string; token: string }> {
    const directory = bed.t.platform.directory.service;
    const system = await directory.createBusinessSystem(bed.cli, { departmentId: bed.directory.departments.other, code: `grant-holder-${++systems}`, name: `持证核验系统${systems}` });
    const request = await access.requests.create(bed.cli, {
      resourceCode: bed.licenceCode, systemId: system.id, fields: ['licence_no', 'issue_year'], purpose: '核验许可', legalBasis: '《行政许可法》', durationDays: 30,
    });
    const { token } = await directory.issueCredential(bed.cli, system.id);
    return { systemId: system.id, grantId: request.grantId!, token };
  }

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    access = bed.t.platform.exchange.access as DefaultAccessService;
    [ownAdmin, otherAdmin] = await Promise.all([bed.t.login('own_admin'), bed.t.login('other_admin')]);
  });
  afterAll(() => bed.close());

  it('revocation makes activeGrant null at once, even after the grant was cached', async () => {
    const { systemId, grantId } = await grantedSystem();
    const first = await access.activeGrant(systemId, bed.licenceCode);
    expect(first?.id).toBe(grantId);
    // Served from the cache: the very same object.
    expect(await access.activeGrant(systemId, bed.licenceCode)).toBe(first);
    const heard: string[] = [];
    access.onGrantChange((id) => heard.push(id));

    const foreign = await otherAdmin.post(`${G}/${grantId}/revoke`, { reason: '不再需要' });
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'exchange.not_provider']);
    expect((await ownAdmin.post(`${G}/${grantId}/revoke`, {})).json().code).toBe('exchange.reason_required');

    const revoked = await ownAdmin.post(`${G}/${grantId}/revoke`, { reason: '业务系统已停用' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: '业务系统已停用' });
    expect(heard).toEqual([grantId]);
    expect(await access.activeGrant(systemId, bed.licenceCode)).toBeNull();
    expect((await ownAdmin.post(`${G}/${grantId}/revoke`, { reason: '再次' })).json().code).toBe('exchange.grant_revoked');
    const audit = await bed.t.platform.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', grantId).execute();
    expect(audit.map((row) => row.action)).toEqual(['exchange.grant.revoke']);
  });

  it('a new grant on the same entry supersedes the earlier one and clears a cached "no grant"', async () => {
    const { systemId, grantId } = await grantedSystem();
    await ownAdmin.post(`${G}/${grantId}/revoke`, { reason: '重新申请' });
    expect(await access.activeGrant(systemId, bed.licenceCode)).toBeNull();
    const again = await access.requests.create(bed.cli, {
      resourceCode: bed.licenceCode, systemId, fields: ['licence_no'], purpose: '核验许可', legalBasis: '《行政许可法》', durationDays: 30,
    });
    expect((await access.activeGrant(systemId, bed.licenceCode))?.id).toBe(again.grantId);
    const third = await access.requests.create(bed.cli, {
      resourceCode: bed.licenceCode, systemId, fields: ['licence_no', 'holder_name'], purpose: '核验许可', legalBasis: '《行政许可法》', durationDays: 30,
    });
    expect((await access.activeGrant(systemId, bed.licenceCode))?.fields).toEqual(['licence_no', 'holder_name']);
    expect((await ownAdmin.get(`${G}/${again.grantId}`)).json()).toMatchObject({ status: 'revoked', revokeReason: `superseded by grant ${third.grantId}` });
  });

  it('an expired grant is not active, whether cached or not', async () => {
    const { systemId, grantId } = await grantedSystem();
    let clock = new Date();
    const service = new DefaultAccessService({ ctx: bed.t.platform.ctx, directory: bed.t.platform.directory.service }, { now: () => clock });
    const grant = await service.activeGrant(systemId, bed.licenceCode);
    expect(grant?.id).toBe(grantId);
    clock = new Date(Date.parse(grant!.expiresAt) + 1);
    expect(await service.activeGrant(systemId, bed.licenceCode)).toBeNull();
    const fresh = new DefaultAccessService({ ctx: bed.t.platform.ctx, directory: bed.t.platform.directory.service }, { now: () => clock });
    expect(await fresh.activeGrant(systemId, bed.licenceCode)).toBeNull();

    // Expired in the database: listed as expired, not as active.
    await bed.t.platform.ctx.db.updateTable('exchange_grants').set({ expires_at: '2026-01-01T00:00:00Z' }).where('id', '=', grantId).execute();
    const expired = (await ownAdmin.get(G, { side: 'provided', status: 'expired', systemId })).json();
    expect(expired.data.map((g: { id: string; expired: boolean }) => [g.id, g.expired])).toEqual([[grantId, true]]);
    expect((await ownAdmin.get(G, { side: 'provided', status: 'active', systemId })).json().total).toBe(0);
  });

  it('a business system reads its own grants with its credential, and no one else’s', async () => {
    const mine = await grantedSystem();
    const theirs = await grantedSystem();
    const auth = { authorization: `Bearer ${mine.token}` };
    const listed = await bed.t.inject({ method: 'GET', url: `${G}?side=consumed`, headers: auth });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().data.map((g: { id: string }) => g.id)).toEqual([mine.grantId]);
    expect((await bed.t.inject({ method: 'GET', url: `${G}/${mine.grantId}`, headers: auth })).json().systemId).toBe(mine.systemId);
    expect((await bed.t.inject({ method: 'GET', url: `${G}/${theirs.grantId}`, headers: auth })).statusCode).toBe(404);
    expect((await bed.t.inject({ method: 'GET', url: `${G}?side=provided`, headers: auth })).json().code).toBe('exchange.side_not_allowed');
  });

  it.skipIf(testBackend() !== 'postgres')('a revocation on one node clears the cache of another through NOTIFY', async () => {
    const { systemId, grantId } = await grantedSystem();
    const ctx = { ...bed.t.platform.ctx, config: { ...bed.t.platform.ctx.config, databaseUrl: process.env.TEST_DATABASE_URL } };
    const nodeA = new DefaultAccessService({ ctx, directory: bed.t.platform.directory.service });
    const nodeB = new DefaultAccessService({ ctx, directory: bed.t.platform.directory.service });
    await Promise.all([nodeA.start(), nodeB.start()]);
    try {
      const cached = await nodeB.activeGrant(systemId, bed.licenceCode);
      expect(cached?.id).toBe(grantId);
      // Other test files on the same server send their own notifications: wait for this grant's.
      const heard = new Promise<string>((resolve) => nodeB.onGrantChange((id) => id === grantId && resolve(id)));
      await nodeA.grants.revoke(bed.cli, grantId, '跨节点撤销');
      expect(await heard).toBe(grantId);
      expect(await nodeB.activeGrant(systemId, bed.licenceCode)).toBeNull();
    } finally {
      await Promise.all([nodeA.stop(), nodeB.stop()]);
    }
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../platform/actor.js';
import { createAuditCheckpointer } from '../../platform/audit-checkpoints.js';
import { appendAccessRow, tamper } from '../../platform/audit-test-support.js';
import { createTestPlatform, seedBasicDirectory, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';
import { AuditTrailService } from './audit-trail.js';

/** The audit admin's viewer over HTTP: the data-access log, exports, checkpoints and verification. */
let t: TestPlatform;
let dir: BasicDirectory;
let auditor: HttpSession;
let systemToken: string;
let ownSystemId: string;
const db = () => t.platform.ctx.db;

beforeAll(async () => {
  t = await createTestPlatform();
  dir = await seedBasicDirectory(t.platform);
  auditor = await t.login('auditor');
  const cli = cliActor('test');
  const directory = t.platform.directory.service;
  const own = await directory.createBusinessSystem(cli, { departmentId: dir.departments.own, code: 'own-portal', name: '市场监管业务系统' });
  const other = await directory.createBusinessSystem(cli, { departmentId: dir.departments.other, code: 'other-assist', name: '社会救助系统' });
  ownSystemId = own.id;
  systemToken = (await directory.issueCredential(cli, own.id)).token;
  const crypto = t.platform.ctx.crypto;
  const base = new Date('2026-03-01T08:00:00Z').getTime();
  for (let i = 0; i < 5; i++) {
    await appendAccessRow(db(), crypto, { systemId: own.id, departmentId: dir.departments.own, resourceCode: 'R1', operation: 'query', purpose: `企业年报核查 第${i}批`, at: new Date(base + i * 60_000) });
  }
  await appendAccessRow(db(), crypto, { systemId: other.id, departmentId: dir.departments.other, resourceCode: 'R2', operation: 'get', purpose: '低保资格 100%核查', result: 'denied', statusCode: 403, at: new Date(base + 3_600_000) });
  await appendAccessRow(db(), crypto, { systemId: other.id, departmentId: dir.departments.other, resourceCode: 'R2', operation: 'export', purpose: '=HYPERLINK("http://evil")', at: new Date(base + 7_200_000) });
  await createAuditCheckpointer(t.platform.ctx, t.platform.ctx.secrets).checkpoint();
});
afterAll(() => t.close());

describe('audit viewer endpoints', () => {
  it('are for the audit admin only (三员分立): other admins and business systems get 403, strangers 401', async () => {
    const reads = ['/api/v1/audit/access', '/api/v1/audit/export', '/api/v1/audit/access/export', '/api/v1/audit/checkpoints'];
    for (const username of ['sysadmin', 'secadmin', 'dataadmin', 'own_admin']) {
      const session = await t.login(username);
      for (const url of reads) expect((await session.get(url)).statusCode, `${username} ${url}`).toBe(403);
      expect((await session.post('/api/v1/audit/verify', {})).statusCode, username).toBe(403);
    }
    for (const url of reads) {
      expect((await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${systemToken}` } })).statusCode, url).toBe(403);
      expect((await t.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    for (const url of reads) expect((await auditor.get(url)).statusCode, url).toBe(200);
  });

  it('filters the audit log by result', async () => {
    await t.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'plain', password: 'Wrong-Passw0rd-X' } });
    const failures = (await auditor.get('/api/v1/audit', { result: 'failure', action: 'session.' })).json();
    expect(failures.total).toBeGreaterThan(0);
    expect(failures.data.every((entry: { result: string; actorName: string }) => entry.result === 'failure' && entry.actorName === 'plain')).toBe(true);
  });

  it('lists data accesses newest first with system and department names, filtered, in keyset pages', async () => {
    const all = (await auditor.get('/api/v1/audit/access')).json();
    expect(all.data.map((entry: { resourceCode: string }) => entry.resourceCode)).toEqual(['R2', 'R2', 'R1', 'R1', 'R1', 'R1', 'R1']);
    expect(all.data[2]).toMatchObject({ systemCode: 'own-portal', systemName: '市场监管业务系统', departmentName: '区市场监督管理局', operation: 'query', fields: ['name', 'id_number'] });
    expect(all.next).toBeNull();

    const first = (await auditor.get('/api/v1/audit/access', { system: 'own-portal', pageSize: '2' })).json();
    expect(first.data).toHaveLength(2);
    const second = (await auditor.get('/api/v1/audit/access', { system: 'own-portal', pageSize: '2', before: String(first.next) })).json();
    const third = (await auditor.get('/api/v1/audit/access', { system: 'own-portal', pageSize: '2', before: String(second.next) })).json();
    const ids = [...first.data, ...second.data, ...third.data].map((entry: { id: number }) => entry.id);
    expect(ids).toEqual([...all.data].slice(2).map((entry: { id: number }) => entry.id));
    expect(third.next).toBeNull();

    const query = async (filter: Record<string, string>) => (await auditor.get('/api/v1/audit/access', filter)).json().data.length;
    expect(await query({ system: ownSystemId })).toBe(5);
    expect(await query({ departmentId: dir.departments.other })).toBe(2);
    expect(await query({ resourceCode: 'R2', operation: 'get', result: 'denied' })).toBe(1);
    expect(await query({ purpose: '年报' })).toBe(5);
    expect(await query({ purpose: '100%' })).toBe(1);
    expect(await query({ purpose: '%' })).toBe(1); // the wildcard is taken literally
    expect(await query({ from: '2026-03-01T08:02:00Z', to: '2026-03-01T09:30:00Z' })).toBe(4);
  });

  it('exports the data-access log as CSV (UTF-8 BOM, formulas neutralised) and as XLSX, and audits each export', async () => {
    const csv = await auditor.get('/api/v1/audit/access/export', { format: 'csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/access-log-\d{8}\.csv/);
    expect(csv.body.startsWith('\uFEFF序号 Id,')).toBe(true);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(8);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);

    const xlsx = await auditor.inject({ method: 'GET', url: '/api/v1/audit/access/export?format=xlsx&system=own-portal' });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(2).getCell(3).value).toBe('own-portal');

    const exports = (await auditor.get('/api/v1/audit', { action: 'audit.export' })).json().data;
    expect(exports.slice(0, 2).map((entry: { after: { format: string; count: number } }) => [entry.after.format, entry.after.count])).toEqual([['xlsx', 5], ['csv', 7]]);
  });

  it('exports the audit log with its filters and hashes', async () => {
    const csv = await auditor.get('/api/v1/audit/export', { action: 'user.create' });
    const rows = csv.body.trim().split('\r\n');
    const created = (await auditor.get('/api/v1/audit', { action: 'user.create' })).json();
    expect(rows).toHaveLength(created.total + 1);
    const newest = await db().selectFrom('audit_log').select(['id', 'hash']).where('action', '=', 'user.create').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(rows[1].startsWith(`${newest.id},`)).toBe(true);
    expect(rows[1].endsWith(newest.hash)).toBe(true);
  });

  it('refuses an export over the row cap with a 413-style problem before streaming anything', async () => {
    const trail = new AuditTrailService({ ctx: t.platform.ctx, exportMaxRows: 3 });
    await expect(trail.exportLog(cliActor(), 'access', {}, 'csv', () => undefined)).rejects.toMatchObject({ code: 'audit.export_too_large', status: 413 });
    await expect(trail.exportLog(cliActor(), 'access', { resourceCode: 'R2' }, 'csv', () => undefined)).resolves.toMatchObject({ filename: expect.stringMatching(/\.csv$/) });
  });

  it('lists checkpoints and verifies on request, recording the verification; a tampered row shows with its id', async () => {
    const checkpoints = (await auditor.get('/api/v1/audit/checkpoints')).json();
    expect(checkpoints.data.map((checkpoint: { chain: string }) => checkpoint.chain).sort()).toEqual(['access', 'audit']);
    expect(checkpoints.data[0]).toMatchObject({ algorithm: 'ed25519', keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });

    const clean = await auditor.post('/api/v1/audit/verify', { chain: 'all' });
    expect(clean.statusCode).toBe(200);
    expect(clean.json()).toMatchObject({ ok: true, findingCount: 0, chains: [{ chain: 'audit', findings: 0 }, { chain: 'access', rows: 7, checkpoints: 1 }] });

    const victim = await db().selectFrom('exchange_access_log').select(['id', 'purpose']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await tamper(db(), 'exchange_access_log', (trx) => trx.updateTable('exchange_access_log').set({ purpose: '改过的用途' }).where('id', '=', victim.id).execute());
    try {
      const found = (await auditor.post('/api/v1/audit/verify', { chain: 'access' })).json();
      expect(found).toMatchObject({ ok: false, findingCount: 1, findings: [{ chain: 'access', id: victim.id, kind: 'altered' }] });
    } finally {
      await tamper(db(), 'exchange_access_log', (trx) => trx.updateTable('exchange_access_log').set({ purpose: victim.purpose }).where('id', '=', victim.id).execute());
    }
    const recorded = (await auditor.get('/api/v1/audit', { action: 'audit.verify' })).json().data;
    expect(recorded.map((entry: { result: string; targetId: string }) => [entry.targetId, entry.result])).toEqual([['access', 'failure'], ['all', 'success']]);
  });
});

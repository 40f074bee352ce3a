import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, seedBasicDirectory, type TestPlatform } from '../testing/harness.js';
import { cliActor } from './actor.js';
import { createAuditCheckpointer, generateSigningKey, signText, checkpointText, type AuditCheckpointer } from './audit-checkpoints.js';
import { appendAccessRow, tamper } from './audit-test-support.js';
import { verifyChains, type Finding } from './audit-verify.js';
import type { Row } from './db/schema.js';

/**
 * Tampering with either chain — editing a row, deleting one, cutting the tail, rewriting the chain, forging a
 * checkpoint — is found by `verifyChains`, with the row's id. Each test tampers, checks the finding, and puts
 * the row back, after which the chain verifies clean again.
 */
let t: TestPlatform;
let checkpointer: AuditCheckpointer;
const db = () => t.platform.ctx.db;
const ctx = () => t.platform.ctx;
const secrets = () => t.platform.ctx.secrets;
const verify = (chain: 'audit' | 'access' | 'all' = 'all') => verifyChains(ctx(), { chain, secrets: secrets(), pageSize: 7 });
const brief = (findings: Finding[]) => findings.map(({ chain, id, kind }) => ({ chain, id, kind }));

beforeAll(async () => {
  t = await createTestPlatform();
  await seedBasicDirectory(t.platform);
  for (let i = 0; i < 12; i++) await appendAccessRow(db(), ctx().crypto, { recordCount: i, filter: { page: i, nested: { b: 1, a: [1, 2] } } });
  checkpointer = createAuditCheckpointer(ctx(), secrets());
  await checkpointer.checkpoint();
});
afterAll(() => t.close());

describe('verifyChains', () => {
  it('finds both clean chains intact, page by page, with every checkpoint', async () => {
    const report = await verify();
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    const [audit, access] = report.chains;
    const auditRows = await db().selectFrom('audit_log').select('id').orderBy('id').execute();
    expect(audit).toMatchObject({ chain: 'audit', rows: auditRows.length, lastId: auditRows.at(-1)!.id, checkpoints: 1, findings: 0, truncated: false });
    expect(access).toMatchObject({ chain: 'access', rows: 12, checkpoints: 1, findings: 0 });
    expect(report.signingKey?.algorithm).toBe('ed25519');
  });

  it('reports an audit row edited by hand as altered, with its id', async () => {
    const target = await db().selectFrom('audit_log').selectAll().where('action', '=', 'user.create').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await tamper(db(), 'audit_log', (trx) => trx.updateTable('audit_log').set({ actor_name: 'someone-else', target_id: 'forged' }).where('id', '=', target.id).execute());
    try {
      // The stored actor_name is not hashed, the target_id is: the edit shows.
      expect(brief((await verify('audit')).findings)).toEqual([{ chain: 'audit', id: target.id, kind: 'altered' }]);
    } finally {
      await tamper(db(), 'audit_log', (trx) => trx.updateTable('audit_log').set({ actor_name: target.actor_name, target_id: target.target_id }).where('id', '=', target.id).execute());
    }
    expect((await verify('audit')).ok).toBe(true);
  });

  it('reports a deleted audit row as a broken link, and the checkpoint that counted it', async () => {
    const rows = await db().selectFrom('audit_log').selectAll().orderBy('id').execute();
    const victim = rows[3];
    await tamper(db(), 'audit_log', (trx) => trx.deleteFrom('audit_log').where('id', '=', victim.id).execute());
    try {
      const report = await verify('audit');
      expect(brief(report.findings)).toEqual([
        { chain: 'audit', id: rows[4].id, kind: 'broken_link' },
        { chain: 'audit', id: rows.at(-1)!.id, kind: 'checkpoint_mismatch' },
      ]);
      expect(report.findings[0].detail).toContain(`ids ${victim.id}–${victim.id} are missing`);
    } finally {
      await tamper(db(), 'audit_log', (trx) => trx.insertInto('audit_log').values(asAuditInsert(victim)).execute());
    }
  });

  it('does not report an id gap left by a rolled-back transaction', async () => {
    await db()
      .transaction()
      .execute(async (trx) => {
        await ctx().audit.record(trx, { actor: cliActor('test'), action: 'test.rolled_back' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await ctx().audit.record(db(), { actor: cliActor('test'), action: 'test.after_gap' });
    const ids = (await db().selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(2).execute()).map((row) => row.id);
    expect(ids[0] - ids[1]).toBeGreaterThan(1); // the sequence skipped the rolled-back id
    expect((await verify('audit')).findings).toEqual([]);
  });

  it('reports a tail deleted after a checkpoint as missing_tail', async () => {
    const tail = await db().selectFrom('exchange_access_log').selectAll().orderBy('id', 'desc').limit(3).execute();
    await tamper(db(), 'exchange_access_log', (trx) => trx.deleteFrom('exchange_access_log').where('id', '>=', tail[2].id).execute());
    try {
      const report = await verify('access');
      expect(report.chains[0].lastId).toBe(tail[2].id - 1);
      expect(brief(report.findings)).toEqual([{ chain: 'access', id: tail[0].id, kind: 'missing_tail' }]);
    } finally {
      await tamper(db(), 'exchange_access_log', (trx) => trx.insertInto('exchange_access_log').values(tail.reverse().map(asInsert)).execute());
    }
    expect((await verify('access')).ok).toBe(true);
  });

  it('reports access rows edited or deleted in the middle, with their ids', async () => {
    const rows = await db().selectFrom('exchange_access_log').selectAll().orderBy('id').execute();
    await tamper(db(), 'exchange_access_log', async (trx) => {
      await trx.updateTable('exchange_access_log').set({ record_count: 5000 }).where('id', '=', rows[2].id).execute();
      await trx.deleteFrom('exchange_access_log').where('id', '=', rows[6].id).execute();
    });
    try {
      const findings = brief((await verify('access')).findings);
      expect(findings).toContainEqual({ chain: 'access', id: rows[2].id, kind: 'altered' });
      expect(findings).toContainEqual({ chain: 'access', id: rows[7].id, kind: 'broken_link' });
    } finally {
      await tamper(db(), 'exchange_access_log', async (trx) => {
        await trx.updateTable('exchange_access_log').set({ record_count: rows[2].record_count }).where('id', '=', rows[2].id).execute();
        await trx.insertInto('exchange_access_log').values(asInsert(rows[6])).execute();
      });
    }
  });

  it('catches a chain rewritten consistently (every hash recomputed) through the signed checkpoint', async () => {
    const rows = await db().selectFrom('exchange_access_log').selectAll().orderBy('id').execute();
    // The intruder changes row 1 and re-links everything after it: the chain alone looks perfect.
    const { accessRowHash } = await import('./audit-verify.js');
    const rewritten = rows.map((row) => ({ ...row }));
    rewritten[1].purpose = '伪造的用途';
    for (let i = 1; i < rewritten.length; i++) {
      rewritten[i].prev_hash = rewritten[i - 1].hash;
      rewritten[i].hash = accessRowHash(ctx().crypto, rewritten[i]);
    }
    const write = (source: typeof rows) =>
      tamper(db(), 'exchange_access_log', async (trx) => {
        for (const row of source.slice(1)) {
          await trx.updateTable('exchange_access_log').set({ purpose: row.purpose, prev_hash: row.prev_hash, hash: row.hash }).where('id', '=', row.id).execute();
        }
      });
    await write(rewritten);
    try {
      // Only the signed hash of the last row gives it away.
      expect(brief((await verify('access')).findings)).toEqual([{ chain: 'access', id: rows.at(-1)!.id, kind: 'checkpoint_mismatch' }]);
    } finally {
      await write(rows);
    }
    expect((await verify('access')).ok).toBe(true);
  });

  it('reports forged checkpoints: a bad signature, and a valid one by a key that is not the platform’s', async () => {
    await ctx().audit.record(db(), { actor: cliActor('test'), action: 'test.before_checkpoint' });
    const last = await db().selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const count = (await db().selectFrom('audit_log').select('id').execute()).length;
    const genuine = (await checkpointer.checkpoint()).find((checkpoint) => checkpoint.chain === 'audit')!;
    const stored = await db().selectFrom('audit_checkpoints').selectAll().where('id', '=', genuine.id).executeTakeFirstOrThrow();
    expect(stored.upto_id).toBe(last.id);
    expect(stored.entry_count).toBe(count);

    const foreign = generateSigningKey('ed25519');
    const signedAt = new Date();
    const claim = { chain: 'audit', uptoId: last.id, uptoHash: last.hash, entryCount: count, algorithm: 'ed25519', signedAt };
    const forged = await db()
      .insertInto('audit_checkpoints')
      .values([
        { ...checkpointValues(stored), signature: '00'.repeat(64) },
        { chain: 'audit', upto_id: last.id, upto_hash: last.hash, entry_count: count, algorithm: 'ed25519', public_key: foreign.publicKey, signature: signText('ed25519', foreign.privateKey, foreign.publicKey, checkpointText(claim)), signed_at: signedAt },
      ])
      .returning('id')
      .execute();
    const findings = (await verify('audit')).findings;
    expect(findings.map(({ kind, checkpointId }) => ({ kind, checkpointId }))).toEqual([
      { kind: 'bad_checkpoint_signature', checkpointId: forged[0].id },
      { kind: 'bad_checkpoint_signature', checkpointId: forged[1].id },
    ]);
    expect(findings[1].detail).toContain('not the platform');
    await tamper(db(), 'audit_checkpoints', (trx) => trx.deleteFrom('audit_checkpoints').where('id', 'in', forged.map((row) => row.id)).execute());
  });

  it('does not trust a signing key swapped in settings: the sealed private key proves the real one', async () => {
    const original = await db().selectFrom('settings').select('value').where('key', '=', 'audit_signing_key').executeTakeFirstOrThrow();
    const setting = original.value as { keys: Array<{ publicKey: string }> };
    const intruder = generateSigningKey('ed25519');
    const swapped = { keys: [{ ...setting.keys[0], publicKey: intruder.publicKey }] };
    await db().updateTable('settings').set({ value: JSON.stringify(swapped) }).where('key', '=', 'audit_signing_key').execute();
    try {
      const findings = (await verify('audit')).findings;
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((finding) => finding.kind === 'bad_checkpoint_signature')).toBe(true);
    } finally {
      await db().updateTable('settings').set({ value: JSON.stringify(original.value) }).where('key', '=', 'audit_signing_key').execute();
    }
    expect((await verify('audit')).ok).toBe(true);
  });

  it('stops at maxRows without claiming the unread tail is missing', async () => {
    const report = await verifyChains(ctx(), { chain: 'audit', maxRows: 5, pageSize: 2 });
    expect(report.chains[0]).toMatchObject({ rows: 5, truncated: true });
    expect(report.findings.filter((finding) => finding.kind === 'missing_tail')).toEqual([]);
  });
});

describe('national crypto mode', () => {
  let sm: TestPlatform;
  beforeAll(async () => {
    sm = await createTestPlatform({ crypto: 'sm' });
    await sm.platform.ctx.audit.record(sm.platform.ctx.db, { actor: cliActor('test'), action: 'test.sm', after: { 名称: '三水区' } });
    await appendAccessRow(sm.platform.ctx.db, sm.platform.ctx.crypto);
  });
  afterAll(() => sm.close());

  it('hashes with SM3, signs checkpoints with SM2 and verifies them; a tampered row still shows', async () => {
    const box = sm.platform.ctx.secrets;
    const signed = await createAuditCheckpointer(sm.platform.ctx, box).checkpoint();
    expect(signed.map((checkpoint) => [checkpoint.chain, checkpoint.algorithm])).toEqual([['audit', 'sm2'], ['access', 'sm2']]);
    const row = await sm.platform.ctx.db.selectFrom('audit_checkpoints').selectAll().where('chain', '=', 'access').executeTakeFirstOrThrow();
    expect(row.signature).toMatch(/^30[0-9a-f]+$/); // DER SEQUENCE
    expect(row.public_key).toMatch(/^04[0-9a-f]{128}$/);

    const report = await verifyChains(sm.platform.ctx, { secrets: box });
    expect(report).toMatchObject({ ok: true, crypto: 'sm', signingKey: { algorithm: 'sm2' } });
    // The SHA-256 verifier would not accept SM3 links: the mode really changes the hash.
    const asStandard = await verifyChains({ ...sm.platform.ctx, crypto: t.platform.ctx.crypto }, { chain: 'access' });
    expect(asStandard.findings[0]).toMatchObject({ kind: 'altered' });

    await tamper(sm.platform.ctx.db, 'exchange_access_log', (trx) => trx.updateTable('exchange_access_log').set({ purpose: 'x' }).execute());
    const tampered = await verifyChains(sm.platform.ctx, { chain: 'access', secrets: box });
    expect(brief(tampered.findings)).toEqual([{ chain: 'access', id: row.upto_id, kind: 'altered' }]);
  });
});

function asInsert(row: Row<'exchange_access_log'>) {
  return { ...row, filter: row.filter === null ? null : JSON.stringify(row.filter) } as never;
}

function asAuditInsert(row: Row<'audit_log'>) {
  const text = (value: unknown) => (value === null ? null : JSON.stringify(value));
  return { ...row, before: text(row.before), after: text(row.after) } as never;
}

function checkpointValues(row: Row<'audit_checkpoints'>) {
  const { id: _id, ...values } = row;
  return values;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { cliActor } from './actor.js';
import { AuditLog, auditLinkHash, canonicalJson, GENESIS_HASH } from './audit.js';
import { createCrypto } from './crypto.js';
import { createTestDatabase } from './db/testing.js';
import type { DatabaseHandle } from './db/database.js';

describe('canonical JSON', () => {
  it('orders keys at every depth so equal content hashes equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe('audit log', () => {
  let database: DatabaseHandle;
  const crypto = createCrypto('standard');
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('chains each entry to the previous one so the chain can be re-computed from the stored rows', async () => {
    const audit = new AuditLog(crypto);
    await database.db.transaction().execute(async (trx) => {
      await audit.record(trx, { actor: cliActor(), action: 'test.first', targetType: 'thing', targetId: '1', after: { name: '户籍', n: 1 } });
      await audit.record(trx, { actor: cliActor(), action: 'test.second', before: { name: '户籍' }, after: { name: '婚姻' } });
    });
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    for (const row of rows) {
      const recomputed = auditLinkHash(crypto, row.prev_hash, {
        at: new Date(row.at).toISOString(), actorType: row.actor_type, actorId: row.actor_id, action: row.action,
        targetType: row.target_type, targetId: row.target_id, before: row.before, after: row.after, result: row.result,
      });
      expect(recomputed).toBe(row.hash);
    }
  });

  it('refuses UPDATE and DELETE in the database', async () => {
    await expect(sql`UPDATE audit_log SET action = 'tampered'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('uses SM3 for the chain in national-crypto mode', () => {
    const sm = createCrypto('sm');
    expect(sm.digestHex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

import crypto from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../testing/harness.js';
import { cliActor } from './actor.js';
import {
  AUDIT_SIGNING_KEY_SETTING, createAuditCheckpointer, generateSigningKey, readSigningKeys, signText, SM2_SIGNER_ID, verifyText,
} from './audit-checkpoints.js';
import { appendAccessRow } from './audit-test-support.js';

describe('checkpoint signatures', () => {
  it('Ed25519: a signature verifies for its text and key only', () => {
    const key = generateSigningKey('ed25519');
    const signature = signText('ed25519', key.privateKey, key.publicKey, 'audit 1 abc');
    expect(verifyText('ed25519', key.publicKey, 'audit 1 abc', signature)).toBe(true);
    expect(verifyText('ed25519', key.publicKey, 'audit 1 abd', signature)).toBe(false);
    expect(verifyText('ed25519', generateSigningKey('ed25519').publicKey, 'audit 1 abc', signature)).toBe(false);
    expect(verifyText('ed25519', key.publicKey, 'audit 1 abc', 'zz')).toBe(false);
  });

  it('SM2: signs with the signer ID 1234567812345678 in DER, and verifies round trip', () => {
    const key = generateSigningKey('sm2');
    const signature = signText('sm2', key.privateKey, key.publicKey, '审计检查点');
    expect(signature).toMatch(/^30[0-9a-f]+$/);
    expect(verifyText('sm2', key.publicKey, '审计检查点', signature)).toBe(true);
    expect(verifyText('sm2', key.publicKey, '审计检查点!', signature)).toBe(false);
    // The signer ID is part of what is signed (Z = SM3(ENTL‖ID‖a‖b‖G‖P)): another ID does not verify.
    expect(sm2.doVerifySignature('审计检查点', signature, key.publicKey, { der: true, hash: true, userId: 'ALICE123@YAHOO.COM' })).toBe(false);
    expect(sm2.doVerifySignature('审计检查点', signature, key.publicKey, { der: true, hash: true, userId: SM2_SIGNER_ID })).toBe(true);
  });

  it('SM2: sm-crypto-v2 agrees with OpenSSL, an independent implementation (which can only use the empty signer ID)', () => {
    // GB/T 32918.2 Annex A uses a test curve that sm-crypto-v2 does not offer; instead, OpenSSL (through
    // node:crypto) verifies SM2 signatures with the empty ID, so the same code path with ID '' must pass there.
    const key = generateSigningKey('sm2');
    const spki = Buffer.from(`3059301306072a8648ce3d020106082a811ccf5501822d034200${key.publicKey}`, 'hex');
    const publicKey = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const message = 'zhongshu checkpoint';
    const withEmptyId = sm2.doSignature(message, key.privateKey, { der: true, hash: true, publicKey: key.publicKey, userId: '' });
    expect(crypto.verify(null, Buffer.from(message), publicKey, Buffer.from(withEmptyId, 'hex'))).toBe(true);
    const withDefaultId = signText('sm2', key.privateKey, key.publicKey, message);
    expect(crypto.verify(null, Buffer.from(message), publicKey, Buffer.from(withDefaultId, 'hex'))).toBe(false);
  });
});

describe('createAuditCheckpointer', () => {
  let t: TestPlatform;
  const db = () => t.platform.ctx.db;
  const box = () => t.platform.ctx.secrets;
  beforeAll(async () => {
    t = await createTestPlatform();
  });
  afterAll(() => t.close());

  it('signs only the chains that grew, with one key created once and kept sealed', async () => {
    // The first run creates the key, and audits that: the only entry so far, so the one thing to sign.
    const first = await createAuditCheckpointer(t.platform.ctx, box()).checkpoint();
    const audit = await db().selectFrom('audit_log').select(['id', 'action', 'hash']).orderBy('id').execute();
    expect(audit.map((row) => row.action)).toEqual(['audit.signing_key.create']);
    expect(first).toMatchObject([{ chain: 'audit', uptoId: audit[0].id, uptoHash: audit[0].hash, entryCount: 1, algorithm: 'ed25519' }]);
    expect(await createAuditCheckpointer(t.platform.ctx, box()).checkpoint()).toEqual([]); // nothing grew

    await t.platform.ctx.audit.record(db(), { actor: cliActor('test'), action: 'test.one' });
    await appendAccessRow(db(), t.platform.ctx.crypto);
    const second = await createAuditCheckpointer(t.platform.ctx, box()).checkpoint();
    expect(second).toMatchObject([{ chain: 'audit', entryCount: 2 }, { chain: 'access', entryCount: 1 }]);
    await appendAccessRow(db(), t.platform.ctx.crypto);
    expect(await createAuditCheckpointer(t.platform.ctx, box()).checkpoint()).toMatchObject([{ chain: 'access', entryCount: 2 }]);

    const setting = await readSigningKeys(db());
    expect(setting?.keys).toHaveLength(1);
    const keys = await db().selectFrom('audit_checkpoints').select('public_key').distinct().execute();
    expect(keys).toEqual([{ public_key: setting!.keys[0].publicKey }]);
    const raw = JSON.stringify((await db().selectFrom('settings').select('value').where('key', '=', AUDIT_SIGNING_KEY_SETTING).executeTakeFirstOrThrow()).value);
    expect(raw).not.toMatch(/MC4CAQAwBQYDK2Vw/); // the PKCS#8 prefix of an Ed25519 private key in base64
    expect(setting!.keys[0].sealedPrivateKey).toMatch(/^v1\.aes-gcm\./);
  });

  it('never signs the same growth twice when two nodes checkpoint at once', async () => {
    await t.platform.ctx.audit.record(db(), { actor: cliActor('test'), action: 'test.concurrent' });
    const before = (await db().selectFrom('audit_checkpoints').select('id').execute()).length;
    const [one, two] = await Promise.all([createAuditCheckpointer(t.platform.ctx, box()).checkpoint(), createAuditCheckpointer(t.platform.ctx, box()).checkpoint()]);
    expect([...one, ...two].map((checkpoint) => checkpoint.chain)).toEqual(['audit']);
    expect((await db().selectFrom('audit_checkpoints').select('id').execute()).length).toBe(before + 1);
  });
});

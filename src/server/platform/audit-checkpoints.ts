import crypto from 'node:crypto';
import { sql } from 'kysely';
import { sm2 } from 'sm-crypto-v2';
import { cliActor } from './actor.js';
import { canonicalJson } from './audit.js';
import type { AppContext } from './context.js';
import type { Executor } from './db/database.js';
import { json } from './db/database.js';
import type { Row } from './db/schema.js';
import type { SecretBox } from './secret-box.js';

/**
 * Signed checkpoints over the two append-only hash chains (audit_log, exchange_access_log).
 *
 * A hash chain alone proves that no row was changed *inside* it, but not that its tail is still there, nor that
 * somebody with write access did not rebuild the whole chain. Every few minutes the checkpointer signs the last
 * id, hash and row count of each chain that grew, into audit_checkpoints (append-only, like the chains). The
 * verifier (audit-verify.ts) then checks that the chain still reaches each signed point with the signed hash.
 *
 * Signatures: Ed25519 (node:crypto) in standard mode; SM2 with the signer ID 1234567812345678 and DER output
 * (sm-crypto-v2; node:crypto cannot set the signer ID) in national-crypto mode. The key pair is generated once
 * and kept in `settings` under 'audit_signing_key', its private key sealed by the SecretBox — so only a holder
 * of the platform's master key (outside the database) can sign, and the verifier, given the SecretBox, can prove
 * that the stored public key really belongs to that private key. Switching the crypto mode adds a key of the
 * other algorithm; keys are never removed, so older checkpoints still verify.
 */
export type ChainName = 'audit' | 'access';
export const CHAINS: readonly ChainName[] = ['audit', 'access'];
export const CHAIN_TABLE = { audit: 'audit_log', access: 'exchange_access_log' } as const;

export type SignatureAlgorithm = 'ed25519' | 'sm2';
export const AUDIT_SIGNING_KEY_SETTING = 'audit_signing_key';
/** The default SM2 signer ID of GB/T 32918 / GM/T 0009, which government verifiers expect. */
export const SM2_SIGNER_ID = '1234567812345678';
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10 * 60_000;
const CHECKPOINT_LOCK = 72_000_003;

/** One key in the settings row. Public keys: Ed25519 as base64 SPKI DER, SM2 as uncompressed hex (04‖x‖y). */
export interface StoredSigningKey {
  algorithm: SignatureAlgorithm;
  publicKey: string;
  sealedPrivateKey: string;
  createdAt: string;
}

export interface SigningKeySetting {
  keys: StoredSigningKey[];
}

export const algorithmFor = (mode: 'standard' | 'sm'): SignatureAlgorithm => (mode === 'sm' ? 'sm2' : 'ed25519');

// ---------------------------------------------------------------- signing primitives

export function generateSigningKey(algorithm: SignatureAlgorithm): { publicKey: string; privateKey: string } {
  if (algorithm === 'sm2') {
    const pair = sm2.generateKeyPairHex();
    return { publicKey: pair.publicKey, privateKey: pair.privateKey };
  }
  const pair = crypto.generateKeyPairSync('ed25519');
  return {
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/** The public key belonging to a private key, in the stored form. */
export function publicKeyOf(algorithm: SignatureAlgorithm, privateKey: string): string {
  if (algorithm === 'sm2') return sm2.getPublicKeyFromPrivateKey(privateKey);
  const key = crypto.createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** Signature as hex (SM2: DER-encoded r,s). */
export function signText(algorithm: SignatureAlgorithm, privateKey: string, publicKey: string, text: string): string {
  if (algorithm === 'sm2') return sm2.doSignature(text, privateKey, { der: true, hash: true, publicKey, userId: SM2_SIGNER_ID });
  const key = crypto.createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return crypto.sign(null, Buffer.from(text, 'utf8'), key).toString('hex');
}

export function verifyText(algorithm: string, publicKey: string, text: string, signature: string): boolean {
  try {
    if (algorithm === 'sm2') return sm2.doVerifySignature(text, signature, publicKey, { der: true, hash: true, userId: SM2_SIGNER_ID });
    if (algorithm === 'ed25519') {
      const key = crypto.createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
      return crypto.verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'hex'));
    }
    return false;
  } catch {
    return false; // a malformed key or signature is simply not a valid signature
  }
}

/** Short fingerprint of a public key for messages: the first 16 hex characters of its SHA-256. */
export const keyFingerprint = (publicKey: string): string => crypto.createHash('sha256').update(publicKey).digest('hex').slice(0, 16);

export interface CheckpointClaim {
  chain: string;
  uptoId: number;
  uptoHash: string;
  entryCount: number;
  algorithm: string;
  signedAt: Date;
}

/** The exact text a checkpoint signature covers. */
export function checkpointText(claim: CheckpointClaim): string {
  return `zhongshu.audit-checkpoint.v1\n${canonicalJson({
    algorithm: claim.algorithm,
    chain: claim.chain,
    entryCount: claim.entryCount,
    signedAt: claim.signedAt.toISOString(),
    uptoHash: claim.uptoHash,
    uptoId: claim.uptoId,
  })}`;
}

export type CheckpointRow = Row<'audit_checkpoints'>;

export function checkpointSignatureValid(row: CheckpointRow): boolean {
  const claim: CheckpointClaim = {
    chain: row.chain, uptoId: row.upto_id, uptoHash: row.upto_hash, entryCount: row.entry_count, algorithm: row.algorithm, signedAt: row.signed_at,
  };
  return verifyText(row.algorithm, row.public_key, checkpointText(claim), row.signature);
}

// ---------------------------------------------------------------- the key in settings

export async function readSigningKeys(executor: Executor): Promise<SigningKeySetting | null> {
  const row = await executor.selectFrom('settings').select('value').where('key', '=', AUDIT_SIGNING_KEY_SETTING).executeTakeFirst();
  const value = row?.value as SigningKeySetting | undefined;
  return value && Array.isArray(value.keys) ? value : null;
}

/** The newest key of the algorithm the platform signs with now, if any. */
export function currentKey(setting: SigningKeySetting | null, mode: 'standard' | 'sm'): StoredSigningKey | undefined {
  const algorithm = algorithmFor(mode);
  return setting?.keys.filter((key) => key.algorithm === algorithm).at(-1);
}

/**
 * The key to sign with, created (and audited) on first use. Call under CHECKPOINT_LOCK so two nodes cannot both
 * create one.
 */
async function ensureSigningKey(executor: Executor, ctx: Pick<AppContext, 'crypto' | 'audit'>, secrets: SecretBox): Promise<StoredSigningKey> {
  const setting = await readSigningKeys(executor);
  const existing = currentKey(setting, ctx.crypto.mode);
  if (existing) return existing;
  const algorithm = algorithmFor(ctx.crypto.mode);
  const pair = generateSigningKey(algorithm);
  const key: StoredSigningKey = { algorithm, publicKey: pair.publicKey, sealedPrivateKey: secrets.seal(pair.privateKey), createdAt: new Date().toISOString() };
  const next: SigningKeySetting = { keys: [...(setting?.keys ?? []), key] };
  await executor
    .insertInto('settings')
    .values({ key: AUDIT_SIGNING_KEY_SETTING, value: json(next), updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json(next), updated_at: new Date() }))
    .execute();
  await ctx.audit.record(executor, {
    actor: cliActor('platform'),
    action: 'audit.signing_key.create',
    targetType: 'setting',
    targetId: AUDIT_SIGNING_KEY_SETTING,
    after: { algorithm, publicKey: key.publicKey, fingerprint: keyFingerprint(key.publicKey) },
  });
  return key;
}

// ---------------------------------------------------------------- the checkpointer

export interface SignedCheckpoint {
  id: number;
  chain: ChainName;
  uptoId: number;
  uptoHash: string;
  entryCount: number;
  algorithm: SignatureAlgorithm;
  signedAt: string;
}

export interface AuditCheckpointer {
  /**
   * Signs the last id, hash and row count of every chain that grew since its last checkpoint. Returns what it
   * signed (an empty list when nothing grew). Serialised across nodes by an advisory lock.
   */
  checkpoint(): Promise<SignedCheckpoint[]>;
  /** Checkpoints every `intervalMs` (default 10 minutes) until stop(). */
  start(intervalMs?: number): void;
  /** Stops the timer and waits for a checkpoint in progress. */
  stop(): Promise<void>;
}

export function createAuditCheckpointer(ctx: Pick<AppContext, 'db' | 'crypto' | 'audit' | 'log'>, secrets: SecretBox): AuditCheckpointer {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function checkpoint(): Promise<SignedCheckpoint[]> {
    return ctx.db.transaction().execute(async (trx) => {
      // Nodes take turns: the second one waits, then finds nothing grew since the first one's checkpoints (a
      // try-lock would work too, but the lock is per database, and tests share one database across schemas).
      await sql`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`.execute(trx);
      const key = await ensureSigningKey(trx, ctx, secrets);
      const privateKey = secrets.open(key.sealedPrivateKey);
      const signed: SignedCheckpoint[] = [];
      for (const chain of CHAINS) {
        const table = CHAIN_TABLE[chain];
        const last = await trx.selectFrom(table).select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
        if (!last) continue;
        const previous = await trx
          .selectFrom('audit_checkpoints')
          .select(['upto_id', 'entry_count'])
          .where('chain', '=', chain)
          .orderBy('upto_id', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        // Not grown — or shorter than signed before (a truncated tail): signing now would not hide that, but
        // there is nothing new to vouch for either.
        if (previous && previous.upto_id >= last.id) continue;
        // Count only the new rows (an index range on the primary key), not the whole chain every time.
        const added = await trx
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', '>', previous?.upto_id ?? 0)
          .where('id', '<=', last.id)
          .executeTakeFirstOrThrow();
        const claim: CheckpointClaim = {
          chain, uptoId: last.id, uptoHash: last.hash, entryCount: (previous?.entry_count ?? 0) + Number(added.n), algorithm: key.algorithm, signedAt: new Date(),
        };
        const inserted = await trx
          .insertInto('audit_checkpoints')
          .values({
            chain,
            upto_id: claim.uptoId,
            upto_hash: claim.uptoHash,
            entry_count: claim.entryCount,
            algorithm: key.algorithm,
            public_key: key.publicKey,
            signature: signText(key.algorithm, privateKey, key.publicKey, checkpointText(claim)),
            signed_at: claim.signedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        signed.push({ id: inserted.id, chain, uptoId: claim.uptoId, uptoHash: claim.uptoHash, entryCount: claim.entryCount, algorithm: key.algorithm, signedAt: claim.signedAt.toISOString() });
      }
      return signed;
    });
  }

  const tick = () => {
    if (running) return;
    running = checkpoint()
      .catch((error: unknown) => ctx.log.error({ err: error }, 'audit checkpoint failed'))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    checkpoint,
    start(intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS) {
      clearInterval(timer);
      timer = setInterval(tick, intervalMs);
      timer.unref?.();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

import { accessLinkHash, type AccessHashInput } from './access-chain.js';
import { auditLinkHash, GENESIS_HASH, type AuditHashInput } from './audit.js';
import {
  CHAIN_TABLE, CHAINS, checkpointSignatureValid, keyFingerprint, publicKeyOf, readSigningKeys, currentKey,
  type ChainName, type CheckpointRow, type SigningKeySetting,
} from './audit-checkpoints.js';
import type { AppContext } from './context.js';
import type { CryptoService } from './crypto.js';
import type { Db } from './db/database.js';
import type { Row } from './db/schema.js';
import type { SecretBox } from './secret-box.js';

/**
 * Re-walks the audit chains and checks every signed checkpoint (`zhongshu audit verify`, POST /api/v1/audit/verify).
 *
 * Each chain is read in id order, one page at a time (keyset on id), so memory stays flat however long the
 * chain is. For every row the hash is recomputed from the row's stored members and compared with its `hash`
 * ('altered'), and its `prev_hash` must be the hash of the row before it ('broken_link'). Each checkpoint's
 * signature is verified ('bad_checkpoint_signature'), and the chain must still reach it: the row at `upto_id`
 * exists with `upto_hash` and the chain holds `entry_count` rows up to there ('checkpoint_mismatch'); a
 * checkpoint beyond the chain's last row means its tail was deleted ('missing_tail').
 */
export type FindingKind = 'altered' | 'broken_link' | 'missing_tail' | 'bad_checkpoint_signature' | 'checkpoint_mismatch';

export interface Finding {
  chain: ChainName;
  /** The chain row's id (for checkpoint findings: the checkpoint's upto_id). */
  id: number;
  kind: FindingKind;
  detail: string;
  /** The checkpoint concerned, for checkpoint findings. */
  checkpointId?: number;
}

export interface ChainReport {
  chain: ChainName;
  /** Rows read. */
  rows: number;
  firstId: number | null;
  lastId: number | null;
  lastHash: string | null;
  checkpoints: number;
  /** The newest checkpoint that was found intact, if any. */
  lastCheckpointId: number | null;
  findings: number;
  /** True when the walk stopped at maxRows before the end of the chain (the tail was not checked). */
  truncated: boolean;
}

export interface VerifyReport {
  ok: boolean;
  crypto: 'standard' | 'sm';
  startedAt: string;
  finishedAt: string;
  chains: ChainReport[];
  /** Up to maxFindings findings, in chain and id order; `findingCount` counts them all. */
  findings: Finding[];
  findingCount: number;
  /** Fingerprint of the platform's current signing key (null before the first checkpoint). */
  signingKey: { algorithm: string; fingerprint: string } | null;
}

export interface VerifyOptions {
  chain?: ChainName | 'all';
  /** Rows per page (default 2000). */
  pageSize?: number;
  /** Stop each chain after this many rows (the HTTP endpoint caps inline runs); default: no limit. */
  maxRows?: number;
  /** Findings kept in the report (default 1000); all are counted. */
  maxFindings?: number;
  /**
   * With the SecretBox, each stored signing key is proven by opening its sealed private key and deriving the
   * public key; without it, the stored public keys are trusted as they are.
   */
  secrets?: SecretBox;
  /** Called after every page (progress for a caller that reports it). */
  onProgress?: (progress: { chain: ChainName; rows: number; lastId: number }) => void;
}

type AuditRow = Row<'audit_log'>;
type AccessRow = Row<'exchange_access_log'>;

/** The hash a row should have, from its own stored members (exactly what the writers hashed). */
export function auditRowHash(crypto: CryptoService, row: AuditRow): string {
  const input: AuditHashInput = {
    at: row.at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before ?? null,
    after: row.after ?? null,
    result: row.result,
  };
  return auditLinkHash(crypto, row.prev_hash, input);
}

export function accessRowHash(crypto: CryptoService, row: AccessRow): string {
  const input: AccessHashInput = {
    at: row.at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    systemId: row.system_id,
    departmentId: row.department_id,
    grantId: row.grant_id,
    resourceCode: row.resource_code,
    operation: row.operation,
    purpose: row.purpose,
    filter: row.filter ?? null,
    fields: row.fields,
    recordCount: row.record_count,
    result: row.result,
    statusCode: row.status_code,
    requestId: row.request_id,
  };
  return accessLinkHash(crypto, row.prev_hash, input);
}

interface ChainRow {
  id: number;
  prev_hash: string;
  hash: string;
}

/** Public keys that may sign checkpoints, each with a note when it could not be proven. */
async function platformKeys(db: Db, secrets: SecretBox | undefined): Promise<{ setting: SigningKeySetting | null; trusted: Map<string, string | null> }> {
  const setting = await readSigningKeys(db);
  const trusted = new Map<string, string | null>();
  for (const key of setting?.keys ?? []) {
    let problem: string | null = null;
    if (secrets) {
      try {
        if (publicKeyOf(key.algorithm, secrets.open(key.sealedPrivateKey)) !== key.publicKey) problem = 'its stored public key does not belong to its sealed private key';
      } catch {
        problem = 'its sealed private key does not open with the platform secret key';
      }
    }
    trusted.set(key.publicKey, problem);
  }
  return { setting, trusted };
}

export async function verifyChains(ctx: Pick<AppContext, 'db' | 'crypto'>, options: VerifyOptions = {}): Promise<VerifyReport> {
  const startedAt = new Date();
  const pageSize = options.pageSize ?? 2000;
  const maxFindings = options.maxFindings ?? 1000;
  const chains = !options.chain || options.chain === 'all' ? CHAINS : [options.chain];
  const findings: Finding[] = [];
  let findingCount = 0;
  const report = (finding: Finding) => {
    findingCount++;
    if (findings.length < maxFindings) findings.push(finding);
  };

  const { setting, trusted } = await platformKeys(ctx.db, options.secrets);
  // Only checkpoints that exist now: one signed while we walk may point past the rows we read.
  const newestCheckpoint = await ctx.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const checkpointLimit = Number(newestCheckpoint?.id ?? 0);

  const reports: ChainReport[] = [];
  for (const chain of chains) {
    reports.push(await verifyChain(ctx, chain, { pageSize, maxRows: options.maxRows, checkpointLimit, trusted, report, onProgress: options.onProgress }));
  }
  const current = currentKey(setting, ctx.crypto.mode);
  return {
    ok: findingCount === 0,
    crypto: ctx.crypto.mode,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    chains: reports,
    findings,
    findingCount,
    signingKey: current ? { algorithm: current.algorithm, fingerprint: keyFingerprint(current.publicKey) } : null,
  };
}

/** Pages of checkpoints in upto_id order, consumed as the walk passes them. */
class CheckpointQueue {
  private page: CheckpointRow[] = [];
  private after: { uptoId: number; id: number } | null = null;
  private exhausted = false;

  constructor(private readonly db: Db, private readonly chain: ChainName, private readonly limitId: number, private readonly pageSize: number) {}

  async peek(): Promise<CheckpointRow | undefined> {
    if (this.page.length === 0 && !this.exhausted) await this.load();
    return this.page[0];
  }

  shift(): void {
    this.page.shift();
  }

  private async load(): Promise<void> {
    let query = this.db.selectFrom('audit_checkpoints').selectAll().where('chain', '=', this.chain).where('id', '<=', this.limitId);
    const after = this.after;
    if (after) {
      query = query.where((eb) => eb.or([eb('upto_id', '>', after.uptoId), eb.and([eb('upto_id', '=', after.uptoId), eb('id', '>', after.id)])]));
    }
    this.page = await query.orderBy('upto_id').orderBy('id').limit(this.pageSize).execute();
    if (this.page.length < this.pageSize) this.exhausted = true;
    const last = this.page.at(-1);
    if (last) this.after = { uptoId: last.upto_id, id: last.id };
  }
}

async function verifyChain(
  ctx: Pick<AppContext, 'db' | 'crypto'>,
  chain: ChainName,
  options: {
    pageSize: number;
    maxRows?: number;
    checkpointLimit: number;
    trusted: Map<string, string | null>;
    report: (finding: Finding) => void;
    onProgress?: VerifyOptions['onProgress'];
  },
): Promise<ChainReport> {
  const { db, crypto } = ctx;
  const table = CHAIN_TABLE[chain];
  const rowHash = (row: ChainRow) => (chain === 'audit' ? auditRowHash(crypto, row as AuditRow) : accessRowHash(crypto, row as AccessRow));
  const checkpoints = new CheckpointQueue(db, chain, options.checkpointLimit, 500);
  let findings = 0;
  const report = (finding: Omit<Finding, 'chain'>) => {
    findings++;
    options.report({ chain, ...finding });
  };

  let checkpointCount = 0;
  let lastGoodCheckpoint: number | null = null;
  /** Signature and key checks, once per checkpoint. */
  const checkSignature = (checkpoint: CheckpointRow): boolean => {
    checkpointCount++;
    const where = { id: checkpoint.upto_id, checkpointId: checkpoint.id };
    if (!options.trusted.has(checkpoint.public_key)) {
      report({ ...where, kind: 'bad_checkpoint_signature', detail: `checkpoint ${checkpoint.id} is signed with key ${keyFingerprint(checkpoint.public_key)}, which is not the platform's audit signing key` });
      return false;
    }
    const keyProblem = options.trusted.get(checkpoint.public_key);
    if (keyProblem) {
      report({ ...where, kind: 'bad_checkpoint_signature', detail: `checkpoint ${checkpoint.id}: the platform signing key ${keyFingerprint(checkpoint.public_key)} is not authentic: ${keyProblem}` });
      return false;
    }
    if (!checkpointSignatureValid(checkpoint)) {
      report({ ...where, kind: 'bad_checkpoint_signature', detail: `checkpoint ${checkpoint.id} (${checkpoint.algorithm}) has an invalid signature` });
      return false;
    }
    return true;
  };

  let previous: ChainRow | null = null;
  let firstId: number | null = null;
  let rows = 0;
  let truncated = false;
  for (;;) {
    let limit = options.pageSize;
    if (options.maxRows !== undefined) limit = Math.min(limit, options.maxRows - rows);
    if (limit <= 0) {
      truncated = (await db.selectFrom(table).select('id').where('id', '>', previous?.id ?? 0).limit(1).executeTakeFirst()) !== undefined;
      break;
    }
    const page: ChainRow[] = await db
      .selectFrom(table)
      .selectAll()
      .where('id', '>', previous?.id ?? 0)
      .orderBy('id')
      .limit(limit)
      .execute();
    for (const row of page) {
      rows++;
      firstId ??= row.id;
      if (rowHash(row) !== row.hash) {
        report({ id: row.id, kind: 'altered', detail: `row ${row.id}: its stored members do not hash to its hash (the row was edited)` });
      }
      const expectedPrev = previous?.hash ?? GENESIS_HASH;
      if (row.prev_hash !== expectedPrev) {
        // An id gap on its own is no finding: bigserial ids are also skipped by rolled-back transactions (the
        // sequence never goes back), and then the next row still links to the last committed one. A gap is
        // deleted rows only when the linkage breaks, which is what is checked here.
        const gap = previous && row.id > previous.id + 1 ? ` (ids ${previous.id + 1}–${row.id - 1} are missing: rows deleted)` : '';
        const what = previous ? `does not link to row ${previous.id}${gap}` : 'is the first row but does not link to the genesis hash (rows deleted at the head)';
        report({ id: row.id, kind: 'broken_link', detail: `row ${row.id} ${what}` });
      }
      // Checkpoints at or before this row.
      for (let checkpoint = await checkpoints.peek(); checkpoint && checkpoint.upto_id <= row.id; checkpoint = await checkpoints.peek()) {
        checkpoints.shift();
        const signed = checkSignature(checkpoint);
        const where = { id: checkpoint.upto_id, checkpointId: checkpoint.id };
        if (checkpoint.upto_id < row.id) {
          report({ ...where, kind: 'checkpoint_mismatch', detail: `checkpoint ${checkpoint.id} signed row ${checkpoint.upto_id}, which no longer exists` });
        } else if (checkpoint.upto_hash !== row.hash) {
          report({ ...where, kind: 'checkpoint_mismatch', detail: `checkpoint ${checkpoint.id}: row ${row.id} has a different hash than signed (the chain was rewritten)` });
        } else if (checkpoint.entry_count !== rows) {
          report({ ...where, kind: 'checkpoint_mismatch', detail: `checkpoint ${checkpoint.id} signed ${checkpoint.entry_count} rows up to ${row.id}; the chain holds ${rows}` });
        } else if (signed) {
          lastGoodCheckpoint = checkpoint.id;
        }
      }
      previous = row;
    }
    if (page.length > 0) options.onProgress?.({ chain, rows, lastId: previous!.id });
    if (page.length < limit) break;
  }

  // Checkpoints past the last row: signed rows that are gone (unless the walk stopped early at maxRows).
  if (!truncated) {
    for (let checkpoint = await checkpoints.peek(); checkpoint; checkpoint = await checkpoints.peek()) {
      checkpoints.shift();
      checkSignature(checkpoint);
      report({
        id: checkpoint.upto_id,
        checkpointId: checkpoint.id,
        kind: 'missing_tail',
        detail: `checkpoint ${checkpoint.id} signed the chain up to row ${checkpoint.upto_id} (${checkpoint.entry_count} rows); it now ends at ${previous ? `row ${previous.id}` : 'nothing (empty)'}`,
      });
    }
  }

  return {
    chain, rows, firstId, lastId: previous?.id ?? null, lastHash: previous?.hash ?? null,
    checkpoints: checkpointCount, lastCheckpointId: lastGoodCheckpoint, findings, truncated,
  };
}

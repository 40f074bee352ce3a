/**
 * The loading core shared by every channel (push API, uploaded files, database pulls): check each record,
 * stage it, merge the load into the store, and write the load row with its counts, quality report and rejected
 * rows — all in one transaction. A load either happened completely, with its record, or not at all.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { actorLabel, hasRole, type Actor } from '../../../platform/actor.js';
import { json, type Tx } from '../../../platform/db/database.js';
import type { Row } from '../../../platform/db/schema.js';
import { DomainError, forbidden, notFound } from '../../../platform/errors.js';
import type { LoadQuality, LoadRecord, LoadRecordsInput, LoadService, RejectedRow, StoreDefinition } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { actsForProvider } from '../policy.js';
import { StoreMerge } from '../store/merge.js';
import { compileRecordValidator, type FieldTally } from '../store/validate.js';

/** Rejected rows kept per load (the error report); the count goes on beyond it. */
export const MAX_STORED_ERRORS = 100_000;
/** Rejected rows returned inline in a load record. */
const INLINE_ERRORS = 100;
const PROGRESS_EVERY = 10_000;
const ERROR_BATCH = 1_000;

type Base = Omit<ExchangeParts, 'loads' | 'access'>;

export function mayLoad(actor: Actor, definition: Pick<StoreDefinition, 'providerDepartmentId'>): boolean {
  if (actor.kind === 'system') return actor.departmentId === definition.providerDepartmentId;
  return actsForProvider(actor, definition.providerDepartmentId);
}

function qualityOf(tally: Record<string, FieldTally>, rows: number, staged: number, distinctKeys: number): LoadQuality {
  const fieldCount = Object.keys(tally).length || 1;
  let present = 0;
  let invalid = 0;
  for (const field of Object.values(tally)) {
    present += field.present;
    invalid += field.invalid;
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    rows,
    fields: tally,
    duplicateKeys: Math.max(0, staged - distinctKeys),
    completeness: rows ? round((present / (rows * fieldCount)) * 100) : 100,
    validity: present ? round(((present - invalid) / present) * 100) : 100,
  };
}

export function presentLoad(row: Row<'exchange_loads'>, resourceCode: string, errors: RejectedRow[], errorCount: number): LoadRecord {
  return {
    id: row.id,
    resourceCode,
    channel: row.channel,
    format: row.format as LoadRecord['format'],
    status: row.status,
    received: Number(row.received),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    deleted: Number(row.deleted),
    rejected: Number(row.rejected),
    errors,
    errorCount,
    quality: (row.quality as LoadQuality | null) ?? null,
    idempotencyKey: row.idempotency_key,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

export class LoadServiceCore {
  constructor(private readonly parts: Base) {}

  private get db() {
    return this.parts.ctx.db;
  }

  private async readErrors(loadId: string, limit = INLINE_ERRORS): Promise<{ errors: RejectedRow[]; count: number }> {
    const rows = await this.db.selectFrom('exchange_load_errors').selectAll().where('load_id', '=', loadId).orderBy('seq').limit(limit).execute();
    const count = await this.db.selectFrom('exchange_load_errors').select(sql<number>`count(*)::int`.as('n')).where('load_id', '=', loadId).executeTakeFirstOrThrow();
    return {
      errors: rows.map((row) => ({ row: Number(row.row_number), field: row.field, value: row.value, code: row.code, message: row.message })),
      count: count.n,
    };
  }

  private async replay(resourceId: string, resourceCode: string, actorId: string, key: string, requestHash: string | null | undefined): Promise<LoadRecord | null> {
    const existing = await this.db
      .selectFrom('exchange_loads')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .where('actor_id', '=', actorId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!existing) return null;
    if (requestHash && existing.request_hash && existing.request_hash !== requestHash) {
      throw new DomainError('exchange.idempotency_key_reused', 422, 'This Idempotency-Key was already used for a different request body.');
    }
    if (existing.status === 'running' || existing.status === 'queued') {
      throw new DomainError('exchange.load_in_progress', 409, 'A load with this Idempotency-Key is still running; retry later.');
    }
    const { errors, count } = await this.readErrors(existing.id);
    return { ...presentLoad(existing, resourceCode, errors, count), replayed: true };
  }

  async loadRecords(input: LoadRecordsInput): Promise<LoadRecord> {
    const { stores } = this.parts;
    const definition = await stores.forResource(input.resourceCode);
    if (!mayLoad(input.actor, definition)) {
      throw forbidden('Only the provider department (its users and business systems) or the data bureau may load this resource.', 'exchange.not_provider');
    }
    const who = actorLabel(input.actor);
    const key = input.idempotencyKey ?? null;
    if (key) {
      const replayed = await this.replay(definition.resourceId, definition.resourceCode, who.id, key, input.requestHash);
      if (replayed) return replayed;
    }
    const codeLists = await stores.codeLists();
    const validator = compileRecordValidator(definition, codeLists);
    const loadId = input.loadId ?? randomUUID();
    const systemId = input.actor.kind === 'system' ? input.actor.systemId : null;

    let result: { row: Row<'exchange_loads'>; lastSeq: number; changed: boolean };
    try {
      result = await this.db.transaction().execute(async (trx) => {
        if (input.loadId) {
          await trx.updateTable('exchange_loads').set({ status: 'running' }).where('id', '=', loadId).execute();
        } else {
          await trx
            .insertInto('exchange_loads')
            .values({
              id: loadId, resource_id: definition.resourceId, channel: input.channel, format: input.format, status: 'running',
              actor_type: who.type, actor_id: who.id, system_id: systemId, department_id: input.actor.departmentId ?? null,
              idempotency_key: key, request_hash: input.requestHash ?? null, file_name: input.fileName ?? null,
              file_bytes: input.fileBytes ?? null, pull_run_id: input.pullRunId ?? null,
            })
            .execute();
        }
        const merge = new StoreMerge(trx, definition, loadId, { deleteMissing: input.deleteMissing });
        // Batches are merged as they come; an atomic load that meets a rejected row rolls them back to here.
        if (input.rejectPolicy === 'atomic') await sql`SAVEPOINT zs_load`.execute(trx);
        const pendingErrors: RejectedRow[] = [];
        let storedErrors = 0;
        let received = 0;
        let rejected = 0;
        const flushErrors = async () => {
          if (!pendingErrors.length) return;
          await trx
            .insertInto('exchange_load_errors')
            .values(pendingErrors.map((error) => ({
              load_id: loadId, seq: ++storedErrors, row_number: error.row, field: error.field, value: error.value, code: error.code, message: error.message.slice(0, 500),
            })))
            .execute();
          pendingErrors.length = 0;
        };

        for await (const record of input.records) {
          received++;
          const checked = validator.check(record, received);
          if (checked.values) {
            if (input.rejectPolicy === 'skip' || rejected === 0) await merge.add(checked.op, checked.values);
          } else {
            rejected++;
            if (rejected === 1 && input.rejectPolicy === 'atomic') {
              await merge.abandon();
              await sql`ROLLBACK TO SAVEPOINT zs_load`.execute(trx);
            }
            for (const error of checked.errors) {
              if (storedErrors + pendingErrors.length < MAX_STORED_ERRORS) pendingErrors.push(error);
            }
            if (pendingErrors.length >= ERROR_BATCH) await flushErrors();
          }
          if (received % PROGRESS_EVERY === 0) await input.onProgress?.({ phase: 'reading', received });
        }
        await flushErrors();

        const atomicReject = input.rejectPolicy === 'atomic' && rejected > 0;
        await input.onProgress?.({ phase: 'merging', received });
        const counts = atomicReject
          ? { staged: 0, distinctKeys: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, lastSeq: 0 }
          : await merge.finish({ deleteMissing: input.deleteMissing && rejected === 0 });
        // A full refresh with rejected rows cannot tell a missing key from a rejected one: it deletes nothing.
        const deletionsSkipped = !!input.deleteMissing && rejected > 0 && !atomicReject;
        const quality = qualityOf(validator.tally, received, counts.staged, counts.distinctKeys);
        const row = await trx
          .updateTable('exchange_loads')
          .set({
            status: atomicReject ? 'rejected' : 'succeeded',
            received, rejected, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, deleted: counts.deleted,
            quality: json(quality),
            error_code: atomicReject ? 'exchange.rows_rejected' : deletionsSkipped ? 'exchange.deletions_skipped' : null,
            error_detail: atomicReject
              ? `${rejected} of ${received} records were rejected; nothing was written.`
              : deletionsSkipped ? `${rejected} records were rejected, so records missing from this full load were not deleted.` : null,
            finished_at: sql<Date>`now()`,
          })
          .where('id', '=', loadId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.parts.ctx.audit.record(trx, {
          actor: input.actor,
          action: 'exchange.load',
          targetType: 'resource',
          targetId: definition.resourceCode,
          after: { loadId, channel: input.channel, format: input.format, status: row.status, received, inserted: counts.inserted, updated: counts.updated, deleted: counts.deleted, rejected },
          result: atomicReject ? 'failure' : 'success',
        });
        await input.beforeCommit?.(trx as Tx, presentLoad(row, definition.resourceCode, [], storedErrors));
        return { row, lastSeq: counts.lastSeq, changed: counts.inserted + counts.updated + counts.deleted > 0 };
      });
    } catch (error) {
      if (key && isUniqueViolation(error)) {
        const replayed = await this.replay(definition.resourceId, definition.resourceCode, who.id, key, input.requestHash);
        if (replayed) return replayed;
      }
      if (input.loadId) {
        const domain = error instanceof DomainError ? error : null;
        await this.db
          .updateTable('exchange_loads')
          .set({ status: 'failed', error_code: domain?.code ?? 'exchange.load_failed', error_detail: (error as Error).message.slice(0, 1000), finished_at: sql<Date>`now()` })
          .where('id', '=', input.loadId)
          .execute();
      }
      throw error;
    }

    stores.invalidate(definition.resourceCode);
    const { row } = result;
    if (result.changed) {
      this.parts.events.emitStoreChanged({
        resourceCode: definition.resourceCode,
        loadId,
        lastSeq: result.lastSeq,
        counts: { received: Number(row.received), inserted: Number(row.inserted), updated: Number(row.updated), unchanged: Number(row.unchanged), deleted: Number(row.deleted), rejected: Number(row.rejected) },
      });
    }
    await input.onProgress?.({ phase: 'done', received: Number(row.received) });
    const { errors, count } = await this.readErrors(loadId);
    return presentLoad(row, definition.resourceCode, errors, count);
  }

  private async visible(actor: Actor, row: Row<'exchange_loads'>, providerDepartmentId: string): Promise<boolean> {
    if (actor.kind === 'cli' || hasRole(actor, 'data_admin')) return true;
    if (actor.kind === 'system') return row.system_id === actor.systemId;
    return actor.departmentId === providerDepartmentId;
  }

  async get(actor: Actor, loadId: string): Promise<LoadRecord> {
    const row = await this.db
      .selectFrom('exchange_loads')
      .innerJoin('catalog_resources', 'catalog_resources.id', 'exchange_loads.resource_id')
      .selectAll('exchange_loads')
      .select(['catalog_resources.code as resource_code', 'catalog_resources.provider_department_id as provider_id'])
      .where('exchange_loads.id', '=', loadId)
      .executeTakeFirst();
    if (!row || !(await this.visible(actor, row, row.provider_id))) throw notFound('exchange.load_not_found', 'No such load.');
    const { errors, count } = await this.readErrors(loadId);
    return presentLoad(row, row.resource_code, errors, count);
  }

  async list(actor: Actor, filter: { resourceCode?: string; page?: number; pageSize?: number }): Promise<{ items: LoadRecord[]; total: number }> {
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(200, Math.max(1, filter.pageSize ?? 20));
    let query = this.db
      .selectFrom('exchange_loads')
      .innerJoin('catalog_resources', 'catalog_resources.id', 'exchange_loads.resource_id');
    if (filter.resourceCode) query = query.where('catalog_resources.code', '=', filter.resourceCode);
    if (actor.kind === 'system') query = query.where('exchange_loads.system_id', '=', actor.systemId);
    else if (actor.kind === 'user' && !hasRole(actor, 'data_admin')) {
      query = query.where('catalog_resources.provider_department_id', '=', actor.departmentId ?? '00000000-0000-0000-0000-000000000000');
    }
    const total = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll('exchange_loads')
      .select('catalog_resources.code as resource_code')
      .orderBy('exchange_loads.started_at', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { items: rows.map((row) => presentLoad(row, row.resource_code, [], Number(row.rejected))), total: total.n };
  }
}

/** The load service without parsing (ingest/part.ts adds the parsers). */
export function createLoadServiceCore(parts: Base): Omit<LoadService, 'parse'> {
  const core = new LoadServiceCore(parts);
  return {
    loadRecords: (input) => core.loadRecords(input),
    get: (actor, id) => core.get(actor, id),
    list: (actor, filter) => core.list(actor, filter),
  };
}

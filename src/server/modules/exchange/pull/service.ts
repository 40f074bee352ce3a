/**
 * Use cases of sources and pulls: registration with the password sealed, connection tests, the schema browser
 * for the console's column mapping, and pull definitions checked against the source's information_schema and
 * the resource's store. Every administrative write is audited in its own transaction, without the password.
 */
import { randomUUID } from 'node:crypto';
import { actorLabel, type Actor } from '../../../platform/actor.js';
import { json, type Tx } from '../../../platform/db/database.js';
import type { SecretBox } from '../../../platform/secret-box.js';
import { conflict, DomainError, FieldErrors, forbidden, notFound } from '../../../platform/errors.js';
import type { StoreDefinition } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { CronError, nextOccurrence, parseCron } from './cron.js';
import { may, readScope, type PullAction } from './policy.js';
import { auditPull, auditSource, presentPull, presentRun, presentSource } from './presenter.js';
import * as repo from './repository.js';
import type { PullRow, SourceRow } from './repository.js';
import { CURSOR_CLASSES } from './read-plan.js';
import type {
  PullAnswer, PullCreateInput, PullUpdateInput, RunAnswer, SourceAnswer, SourceCreateInput, SourceTestInput, SourceUpdateInput, TestResult,
} from './schema.js';
import { classifySourceError, openSource, summaryOf, type ConnectionSettings, type SourceClient, type SourceColumn } from './source-client.js';

export const DEFAULT_PORTS = { mysql: 3306, postgres: 5432 } as const;
const DEFAULT_SAFETY_WINDOW = 300;
const DEFAULT_RECONCILE_EVERY = 24;

type Deps = Pick<ExchangeParts, 'ctx' | 'secrets' | 'stores'>;

/** Starts runs; the runner implements it (kept as an interface so the service does not depend on the runner). */
export interface RunStarter {
  /** Claims the pull, creates its run row (calling onClaim in that transaction) and runs it in the background. */
  startRun(pullId: string, onClaim?: (trx: Tx, run: RunAnswer) => Promise<void>): Promise<RunAnswer>;
}

export function settingsOf(input: Omit<SourceTestInput, 'password'>, password: string): ConnectionSettings {
  return {
    kind: input.kind,
    host: input.host.trim(),
    port: input.port ?? DEFAULT_PORTS[input.kind],
    user: input.user,
    password,
    database: input.database,
    ssl: input.ssl ?? false,
  };
}

/** The sealed connection settings of a source (with the password: server-side use only). */
export function openSettings(secrets: SecretBox, row: Pick<SourceRow, 'connection_encrypted'>): ConnectionSettings {
  return JSON.parse(secrets.open(row.connection_encrypted)) as ConnectionSettings;
}

export class PullService {
  constructor(private readonly deps: Deps, private readonly runs: RunStarter) {}

  private get db() {
    return this.deps.ctx.db;
  }

  openSettings(row: SourceRow): ConnectionSettings {
    return openSettings(this.deps.secrets, row);
  }

  private seal(settings: ConnectionSettings): string {
    return this.deps.secrets.seal(JSON.stringify(settings));
  }

  // ------------------------------------------------------------ sources

  /** The source if the actor may read it (else 404: another department's sources are not revealed). */
  private async visibleSource(actor: Actor, id: string): Promise<SourceRow> {
    const row = await repo.getSource(this.db, id);
    if (!row || !may(actor, 'read', row.department_id)) throw notFound('exchange.source_not_found', 'No such database source.');
    return row;
  }

  private async sourceFor(actor: Actor, id: string, action: PullAction): Promise<SourceRow> {
    const row = await this.visibleSource(actor, id);
    if (!may(actor, action, row.department_id)) throw forbidden('Only the department admin of this source may do this.');
    return row;
  }

  async listSources(actor: Actor): Promise<{ items: SourceAnswer[] }> {
    const scope = readScope(actor);
    if (scope === undefined) return { items: [] };
    const rows = await repo.listSources(this.db, scope);
    return { items: rows.map((row) => presentSource(row, this.openSettings(row))) };
  }

  async getSource(actor: Actor, id: string): Promise<SourceAnswer> {
    const row = await this.visibleSource(actor, id);
    return presentSource(row, this.openSettings(row));
  }

  async createSource(actor: Actor, input: SourceCreateInput): Promise<SourceAnswer> {
    const departmentId = input.departmentId ?? actor.departmentId;
    if (!departmentId) throw new DomainError('validation.failed', 400, 'Name the department of the source.', [{ pointer: '/departmentId', code: 'validation.required', message: 'Required for an actor without a department.' }]);
    if (!may(actor, 'write', departmentId)) throw forbidden('A department admin registers sources of their own department.');
    const settings = settingsOf(input, input.password);
    const row = await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('exchange_sources').select('id').where('department_id', '=', departmentId).where('name', '=', input.name).executeTakeFirst();
      if (existing) throw conflict('exchange.source_name_taken', `The department already has a source named ${input.name}.`);
      const created = await repo.insertSource(trx, {
        id: randomUUID(),
        department_id: departmentId,
        name: input.name,
        kind: settings.kind,
        connection_encrypted: this.seal(settings),
        summary: summaryOf(settings),
        created_by: actorLabel(actor).name,
      });
      await this.deps.ctx.audit.record(trx, { actor, action: 'exchange.source.create', targetType: 'exchange_source', targetId: created.id, after: auditSource(created, settings) });
      return created;
    });
    return presentSource(row, settings);
  }

  async updateSource(actor: Actor, id: string, input: SourceUpdateInput): Promise<SourceAnswer> {
    // Read and check before the transaction: on PGlite a query outside the open transaction would wait for it.
    const current = await this.sourceFor(actor, id, 'write');
    const { row, settings } = await this.db.transaction().execute(async (trx) => {
      const old = this.openSettings(current);
      const settings = settingsOf(input, input.password ?? old.password);
      if (input.name !== current.name) {
        const clash = await trx.selectFrom('exchange_sources').select('id').where('department_id', '=', current.department_id).where('name', '=', input.name).executeTakeFirst();
        if (clash) throw conflict('exchange.source_name_taken', `The department already has a source named ${input.name}.`);
      }
      const row = await repo.updateSource(trx, id, { name: input.name, kind: settings.kind, connection_encrypted: this.seal(settings), summary: summaryOf(settings) });
      await this.deps.ctx.audit.record(trx, {
        actor,
        action: 'exchange.source.update',
        targetType: 'exchange_source',
        targetId: id,
        before: auditSource(current, old),
        after: { ...auditSource(row, settings), passwordChanged: typeof input.password === 'string' && input.password !== old.password },
      });
      return { row, settings };
    });
    return presentSource(row, settings);
  }

  async deleteSource(actor: Actor, id: string): Promise<void> {
    const current = await this.sourceFor(actor, id, 'write');
    await this.db.transaction().execute(async (trx) => {
      if ((await repo.countPullsOfSource(trx, id)) > 0) throw conflict('exchange.source_in_use', 'Delete the pulls of this source first.');
      await repo.deleteSource(trx, id);
      await this.deps.ctx.audit.record(trx, { actor, action: 'exchange.source.delete', targetType: 'exchange_source', targetId: id, before: auditSource(current, this.openSettings(current)) });
    });
  }

  /** Connects, asks the version, disconnects. Unreachable or refused is an answer (ok:false), not an error. */
  async test(settings: ConnectionSettings): Promise<TestResult> {
    const started = performance.now();
    let client: SourceClient | undefined;
    try {
      client = await openSource(settings);
      const serverVersion = await client.serverVersion();
      return { ok: true, serverVersion, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      const failure = classifySourceError(error);
      return { ok: false, code: failure.code, message: failure.message };
    } finally {
      await client?.close();
    }
  }

  async testSettings(input: SourceTestInput): Promise<TestResult> {
    return this.test(settingsOf(input, input.password ?? ''));
  }

  async testSource(actor: Actor, id: string): Promise<TestResult> {
    const row = await this.sourceFor(actor, id, 'test');
    return this.test(this.openSettings(row));
  }

  /** Opens the source for a schema question; a connection failure is 409 with the source's error code. */
  async withSource<T>(row: SourceRow, work: (client: SourceClient) => Promise<T>): Promise<T> {
    let client: SourceClient | undefined;
    try {
      client = await openSource(this.openSettings(row));
      return await work(client);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const failure = classifySourceError(error);
      throw new DomainError(failure.code, 409, `The source database cannot be read: ${failure.message}`);
    } finally {
      await client?.close();
    }
  }

  async tables(actor: Actor, id: string) {
    const row = await this.visibleSource(actor, id);
    return { items: await this.withSource(row, (client) => client.tables()) };
  }

  async columns(actor: Actor, id: string, table: string) {
    const row = await this.visibleSource(actor, id);
    const columns = await this.withSource(row, async (client) => {
      const tables = await client.tables();
      if (!tables.some((entry) => entry.name === table)) return null;
      return client.columns(table);
    });
    if (!columns) throw notFound('exchange.source_table_missing', `The source has no table ${table}.`);
    return { items: columns.map((column) => ({ name: column.name, type: column.type, nullable: column.nullable, key: column.key, cursorCapable: CURSOR_CLASSES.includes(column.valueClass) })) };
  }

  // ------------------------------------------------------------ pulls

  private async visiblePull(actor: Actor, id: string): Promise<PullRow> {
    const row = await repo.getPull(this.db, id);
    if (!row || !may(actor, 'read', row.department_id)) throw notFound('exchange.pull_not_found', 'No such pull.');
    return row;
  }

  private async answer(row: PullRow): Promise<PullAnswer> {
    const last = await repo.lastRuns(this.db, [row.id]);
    return presentPull(row, last.get(row.id));
  }

  async listPulls(actor: Actor, filter: { sourceId?: string; resourceCode?: string }): Promise<{ items: PullAnswer[] }> {
    const scope = readScope(actor);
    if (scope === undefined) return { items: [] };
    const rows = await repo.listPulls(this.db, scope, filter);
    const last = await repo.lastRuns(this.db, rows.map((row) => row.id));
    return { items: rows.map((row) => presentPull(row, last.get(row.id))) };
  }

  async getPull(actor: Actor, id: string): Promise<PullAnswer> {
    return this.answer(await this.visiblePull(actor, id));
  }

  /**
   * Checks a pull definition against the store and the source table; every problem at once. The source is read
   * before any transaction opens (a slow department database must not hold a platform transaction).
   */
  private async checkDefinition(
    source: SourceRow,
    definition: StoreDefinition,
    input: { sourceTable: string; columnMapping: Record<string, string>; mode: 'incremental' | 'full'; cursorColumn: string | null; schedule: string },
  ): Promise<void> {
    const errors = new FieldErrors();
    try {
      parseCron(input.schedule);
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      errors.add('/schedule', 'exchange.invalid_schedule', error.message);
    }
    const columns = await this.withSource(source, async (client) => {
      const tables = await client.tables();
      if (!tables.some((entry) => entry.name === input.sourceTable)) return null;
      return client.columns(input.sourceTable);
    });
    if (!columns) {
      errors.add('/sourceTable', 'exchange.source_table_missing', `The source has no table ${input.sourceTable}.`);
      errors.throwIfAny();
      return;
    }
    const byName = new Map<string, SourceColumn>(columns.map((column) => [column.name, column]));
    const items = new Map(definition.columns.map((column) => [column.name, column]));
    for (const [item, column] of Object.entries(input.columnMapping)) {
      const pointer = `/columnMapping/${item.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!items.has(item)) errors.add(pointer, 'exchange.unknown_data_item', `"${item}" is not a data item of ${definition.resourceCode}.`);
      if (!byName.has(column)) errors.add(pointer, 'exchange.source_column_missing', `The table ${input.sourceTable} has no column ${column}.`);
    }
    for (const column of definition.columns) {
      if ((column.key || column.required) && !(column.name in input.columnMapping)) {
        errors.add(`/columnMapping/${column.name}`, 'exchange.mapping_required', `"${column.label}" (${column.name}) is a ${column.key ? 'key' : 'required'} item and must be mapped.`);
      }
    }
    if (input.mode === 'incremental') {
      if (!input.cursorColumn) errors.add('/cursorColumn', 'exchange.cursor_required', 'An incremental pull needs a cursor column that grows on every insert and update.');
      else {
        const cursor = byName.get(input.cursorColumn);
        if (!cursor) errors.add('/cursorColumn', 'exchange.source_column_missing', `The table ${input.sourceTable} has no column ${input.cursorColumn}.`);
        else if (!CURSOR_CLASSES.includes(cursor.valueClass)) {
          errors.add('/cursorColumn', 'exchange.cursor_column_type', `The cursor must be an integer, date or date-time column; ${cursor.name} is ${cursor.type}.`);
        }
      }
    } else if (input.cursorColumn && !byName.has(input.cursorColumn)) {
      errors.add('/cursorColumn', 'exchange.source_column_missing', `The table ${input.sourceTable} has no column ${input.cursorColumn}.`);
    }
    errors.throwIfAny();
  }

  private async resourceFor(source: SourceRow, code: string): Promise<StoreDefinition> {
    const definition = await this.deps.stores.forResource(code);
    if (definition.providerDepartmentId !== source.department_id) {
      throw conflict('exchange.pull_resource_department', "A source feeds only resources of its own department's catalog.");
    }
    return definition;
  }

  async createPull(actor: Actor, input: PullCreateInput): Promise<PullAnswer> {
    const source = await this.sourceFor(actor, input.sourceId, 'write');
    const definition = await this.resourceFor(source, input.resourceCode);
    const cursorColumn = input.cursorColumn ?? null;
    await this.checkDefinition(source, definition, { ...input, cursorColumn });
    const enabled = input.enabled ?? true;
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      const values = {
        id,
        resource_id: definition.resourceId,
        source_id: source.id,
        source_table: input.sourceTable,
        column_mapping: json(input.columnMapping),
        mode: input.mode,
        cursor_column: cursorColumn,
        safety_window_seconds: input.safetyWindowSeconds ?? DEFAULT_SAFETY_WINDOW,
        schedule: input.schedule.trim(),
        reconcile_every_runs: input.reconcileEveryRuns ?? DEFAULT_RECONCILE_EVERY,
        enabled,
        next_run_at: nextOccurrence(parseCron(input.schedule), new Date()),
        created_by: actorLabel(actor).name,
      };
      await repo.insertPull(trx, values);
      await this.deps.ctx.audit.record(trx, {
        actor,
        action: 'exchange.pull.create',
        targetType: 'exchange_pull',
        targetId: id,
        after: auditPull({ ...values, column_mapping: input.columnMapping, resource_code: definition.resourceCode }),
      });
    });
    return this.answer((await repo.getPull(this.db, id))!);
  }

  async updatePull(actor: Actor, id: string, input: PullUpdateInput): Promise<PullAnswer> {
    const current = await this.visiblePull(actor, id);
    if (!may(actor, 'write', current.department_id)) throw forbidden('Only the department admin may change a pull.');
    const source = (await repo.getSource(this.db, current.source_id))!;
    const next = {
      sourceTable: input.sourceTable ?? current.source_table,
      columnMapping: input.columnMapping ?? current.column_mapping,
      mode: input.mode ?? current.mode,
      cursorColumn: input.cursorColumn === undefined ? current.cursor_column : input.cursorColumn,
      schedule: (input.schedule ?? current.schedule).trim(),
    };
    const definition = await this.resourceFor(source, current.resource_code);
    await this.checkDefinition(source, definition, next);
    // A different table, mapping, mode or cursor column means the committed cursor no longer describes what
    // the store holds: start over (the next run reads everything; unchanged rows merge as unchanged).
    const restart = next.sourceTable !== current.source_table || next.mode !== current.mode || next.cursorColumn !== current.cursor_column
      || JSON.stringify(next.columnMapping) !== JSON.stringify(current.column_mapping);
    const enabled = input.enabled ?? current.enabled;
    await this.db.transaction().execute(async (trx) => {
      const locked = await repo.lockPull(trx, id);
      if (!locked) throw notFound('exchange.pull_not_found', 'No such pull.');
      const change = {
        source_table: next.sourceTable,
        column_mapping: json(next.columnMapping),
        mode: next.mode,
        cursor_column: next.cursorColumn,
        safety_window_seconds: input.safetyWindowSeconds ?? current.safety_window_seconds,
        schedule: next.schedule,
        reconcile_every_runs: input.reconcileEveryRuns ?? current.reconcile_every_runs,
        enabled,
        next_run_at: next.schedule !== current.schedule || (enabled && !current.enabled) ? nextOccurrence(parseCron(next.schedule), new Date()) : current.next_run_at,
        ...(restart ? { cursor_value: null, cursor_key: null, runs_since_reconcile: 0 } : {}),
      };
      await repo.updatePull(trx, id, change);
      await this.deps.ctx.audit.record(trx, {
        actor,
        action: 'exchange.pull.update',
        targetType: 'exchange_pull',
        targetId: id,
        before: auditPull(current),
        after: { ...auditPull({ ...current, ...change, column_mapping: next.columnMapping }), cursorReset: restart },
      });
    });
    return this.answer((await repo.getPull(this.db, id))!);
  }

  async deletePull(actor: Actor, id: string): Promise<void> {
    const current = await this.visiblePull(actor, id);
    if (!may(actor, 'write', current.department_id)) throw forbidden('Only the department admin may delete a pull.');
    await this.db.transaction().execute(async (trx) => {
      await repo.lockPull(trx, id);
      if ((await repo.runningRuns(trx, id)).length > 0) throw conflict('exchange.pull_running', 'The pull is running; delete it when the run has finished.');
      await repo.deletePull(trx, id);
      await this.deps.ctx.audit.record(trx, { actor, action: 'exchange.pull.delete', targetType: 'exchange_pull', targetId: id, before: auditPull(current) });
    });
  }

  async requestRun(actor: Actor, id: string): Promise<RunAnswer> {
    const current = await this.visiblePull(actor, id);
    if (!may(actor, 'run', current.department_id)) throw forbidden('Only the department may run its pulls.');
    // The audit entry is written in the transaction that claims the pull and creates the run row.
    return this.runs.startRun(id, (trx, run) =>
      this.deps.ctx.audit.record(trx, { actor, action: 'exchange.pull.run', targetType: 'exchange_pull', targetId: id, after: { runId: run.id, kind: run.kind } }),
    );
  }

  async listRuns(actor: Actor, id: string, query: { page?: number; pageSize?: number }) {
    await this.visiblePull(actor, id);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await repo.listRuns(this.db, id, page, pageSize);
    return { items: rows.map(presentRun), total, page, pageSize };
  }
}

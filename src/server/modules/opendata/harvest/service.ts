/**
 * Use cases of harvest sources (the data bureau's 数据汇聚): add, change and delete sources (each change audited
 * in its own transaction), run now, and read runs with their per-dataset errors.
 */
import { randomUUID } from 'node:crypto';
import { hasRole, type Actor } from '../../../platform/actor.js';
import { json } from '../../../platform/db/database.js';
import { conflict, FieldErrors, forbidden, notFound } from '../../../platform/errors.js';
import { CronError, parseCron } from '../../exchange/pull/cron.js';
import type { HarvestRunSummary } from '../index.js';
import type { OpendataParts } from '../parts.js';
import { markSourceDeleted } from './dataset-repository.js';
import { isHttpUrl } from './model.js';
import { auditSource, presentRun, presentRunDetail, presentSource } from './presenter.js';
import * as repo from './repository.js';
import type { SourceRow } from './repository.js';
import { nextRunAfter, type HarvestRunner } from './runner.js';
import type { RunDetailAnswer, SourceAnswer, SourceInput } from './schema.js';

const ERRORS_SHOWN = 1000;

/** Harvesting is the data bureau's: the data admin (and the operator at the CLI). */
export const HARVEST_ROLES = ['data_admin'] as const;

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, ...HARVEST_ROLES)) throw forbidden('Harvest sources are managed by the data admin.');
}

export class HarvestService {
  constructor(private readonly parts: Pick<OpendataParts, 'ctx' | 'search'>, private readonly runner: HarvestRunner) {}

  private get db() {
    return this.parts.ctx.db;
  }

  private async source(id: string): Promise<SourceRow> {
    const row = await repo.getSource(this.db, id);
    if (!row) throw notFound('opendata.harvest_source_not_found', 'No such harvest source.');
    return row;
  }

  private async answer(row: SourceRow): Promise<SourceAnswer> {
    const [last, counts] = await Promise.all([repo.lastRuns(this.db, [row.id]), repo.datasetCounts(this.db)]);
    return presentSource(row, last.get(row.id), counts.get(row.id) ?? 0);
  }

  /** Every problem of a source's settings at once. */
  private check(input: SourceInput): void {
    const errors = new FieldErrors();
    if (!isHttpUrl(input.url.trim())) errors.add('/url', 'opendata.harvest_invalid_url', 'The source URL must be an http:// or https:// URL.');
    if (input.schedule) {
      try {
        parseCron(input.schedule);
      } catch (error) {
        if (!(error instanceof CronError)) throw error;
        errors.add('/schedule', 'opendata.harvest_invalid_schedule', error.message);
      }
    }
    const config = input.config ?? {};
    if (input.type === 'dcat' && (config.fq !== undefined || config.fullEvery !== undefined || config.rows !== undefined || config.overlapSeconds !== undefined)) {
      errors.add('/config', 'opendata.harvest_config_type', 'fq, fullEvery, rows and overlapSeconds are settings of CKAN sources.');
    }
    if (input.type === 'ckan' && config.format !== undefined) errors.add('/config/format', 'opendata.harvest_config_type', 'format is a setting of DCAT sources.');
    errors.throwIfAny();
  }

  async list(actor: Actor): Promise<{ items: SourceAnswer[] }> {
    requireAdmin(actor);
    const rows = await repo.listSources(this.db);
    const [last, counts] = await Promise.all([repo.lastRuns(this.db, rows.map((row) => row.id)), repo.datasetCounts(this.db)]);
    return { items: rows.map((row) => presentSource(row, last.get(row.id), counts.get(row.id) ?? 0)) };
  }

  async get(actor: Actor, id: string): Promise<SourceAnswer> {
    requireAdmin(actor);
    return this.answer(await this.source(id));
  }

  async create(actor: Actor, input: SourceInput): Promise<SourceAnswer> {
    requireAdmin(actor);
    this.check(input);
    const schedule = input.schedule?.trim() || null;
    const enabled = input.enabled ?? true;
    const row = await this.db.transaction().execute(async (trx) => {
      if (await repo.sourceByName(trx, input.name)) throw conflict('opendata.harvest_source_name_taken', `A harvest source named ${input.name} exists.`);
      const created = await repo.insertSource(trx, {
        id: randomUUID(),
        name: input.name,
        title: input.title.trim(),
        type: input.type,
        url: input.url.trim(),
        schedule,
        enabled,
        config: json(input.config ?? {}),
        next_run_at: enabled ? nextRunAfter(schedule, new Date()) : null,
        created_by: actor.kind === 'user' ? actor.userId : null,
      });
      await this.parts.ctx.audit.record(trx, { actor, action: 'opendata.harvest_source.create', targetType: 'opendata_harvest_source', targetId: created.id, after: auditSource(created) });
      return created;
    });
    return this.answer(row);
  }

  async update(actor: Actor, id: string, input: SourceInput): Promise<SourceAnswer> {
    requireAdmin(actor);
    this.check(input);
    const current = await this.source(id);
    const schedule = input.schedule?.trim() || null;
    const enabled = input.enabled ?? current.enabled;
    const row = await this.db.transaction().execute(async (trx) => {
      if (input.name !== current.name && (await repo.sourceByName(trx, input.name))) {
        throw conflict('opendata.harvest_source_name_taken', `A harvest source named ${input.name} exists.`);
      }
      const retimed = schedule !== current.schedule || enabled !== current.enabled;
      const url = input.url.trim();
      const updated = await repo.updateSource(trx, id, {
        name: input.name,
        title: input.title.trim(),
        type: input.type,
        url,
        schedule,
        enabled,
        config: json(input.config ?? {}),
        next_run_at: retimed ? (enabled ? nextRunAfter(schedule, new Date()) : null) : current.next_run_at,
        // Another place or protocol: the incremental position no longer means anything.
        ...(url !== current.url || input.type !== current.type || (input.config?.fq ?? null) !== ((current.config as { fq?: string }).fq ?? null) ? { last_modified_seen: null } : {}),
      });
      await this.parts.ctx.audit.record(trx, {
        actor, action: 'opendata.harvest_source.update', targetType: 'opendata_harvest_source', targetId: id, before: auditSource(current), after: auditSource(updated),
      });
      return updated;
    });
    return this.answer(row);
  }

  /**
   * Deletes a source and everything harvested from it. The datasets are first marked deleted (so every search index
   * drops them as it catches up), then the source row goes with its organisations, datasets, runs and errors.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    requireAdmin(actor);
    const current = await this.source(id);
    const running = await repo.runningRuns(this.db, id);
    if (running.length > 0) throw conflict('opendata.harvest_running', 'The source is being harvested; delete it when the run has finished.');
    const deleted = await this.db.transaction().execute(async (trx) => {
      const count = await markSourceDeleted(trx, id);
      await this.parts.ctx.audit.record(trx, {
        actor, action: 'opendata.harvest_source.delete', targetType: 'opendata_harvest_source', targetId: id, before: auditSource(current), after: { datasetsDeleted: count },
      });
      return count;
    });
    if (deleted > 0) await this.parts.search.refresh().catch((error: unknown) => this.parts.ctx.log.warn({ err: error }, 'search refresh before a source delete failed'));
    await repo.deleteSource(this.db, id);
  }

  /** Run now: 202 with the run as claimed; the run goes on in the background. */
  async runNow(actor: Actor, id: string, options: { full?: boolean }): Promise<{ runId: string; run: HarvestRunSummary }> {
    requireAdmin(actor);
    await this.source(id);
    const run = await this.runner.startRun(id, {
      trigger: 'manual',
      full: options.full,
      onClaim: (trx, claimed) =>
        this.parts.ctx.audit.record(trx, { actor, action: 'opendata.harvest_source.run', targetType: 'opendata_harvest_source', targetId: id, after: { runId: claimed.id, full: options.full ?? false } }),
    });
    return { runId: run.id, run };
  }

  async runs(actor: Actor, id: string, query: { page?: number; pageSize?: number }) {
    requireAdmin(actor);
    await this.source(id);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await repo.listRuns(this.db, id, page, pageSize);
    return { items: rows.map(presentRun), total, page, pageSize };
  }

  async run(actor: Actor, runId: string): Promise<RunDetailAnswer> {
    requireAdmin(actor);
    const row = await repo.getRun(this.db, runId);
    if (!row) throw notFound('opendata.harvest_run_not_found', 'No such harvest run.');
    const source = await this.source(row.source_id);
    const { rows, total } = await repo.listErrors(this.db, runId, ERRORS_SHOWN);
    return presentRunDetail(row, source, rows, total);
  }
}

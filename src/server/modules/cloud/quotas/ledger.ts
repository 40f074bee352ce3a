/**
 * The quota ledger (docs/cloud/quotas.md): per department and dimension a limit, what submitted orders have
 * reserved and what provisioned resources hold (committed). Reserve, commit and release run inside the caller's
 * transaction, with the state change that causes them; a dimension without a row has no limit and is not tracked.
 * Demands are whole units: fractions round away from zero, the same way every time, so a release always matches
 * its reservation.
 */
import { requireItCentre, visibleDepartment } from '../access.js';
import type { Actor } from '../../../platform/actor.js';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { DomainError, forbidden, notFound } from '../../../platform/errors.js';
import { QUOTA_DIMENSIONS, type QuotaDemand, type QuotaDimension, type QuotaLedger, type QuotaShortfall, type QuotaView } from '../index.js';
import type { CloudBase } from '../parts.js';
import * as repo from './repository.js';

/** The demand's dimensions as whole units (0 and unknown dimensions left out). */
export function unitsOf(demand: QuotaDemand): Array<[QuotaDimension, number]> {
  const units: Array<[QuotaDimension, number]> = [];
  for (const dimension of QUOTA_DIMENSIONS) {
    const value = demand[dimension];
    if (typeof value !== 'number' || !Number.isFinite(value) || value === 0) continue;
    units.push([dimension, Math.sign(value) * Math.ceil(Math.abs(value))]);
  }
  return units;
}

const view = (row: repo.QuotaRow): QuotaView => ({
  departmentId: row.department_id,
  departmentName: row.department_name,
  dimension: row.dimension,
  limit: Number(row.quota_limit),
  reserved: Number(row.reserved),
  committed: Number(row.committed),
  available: Math.max(0, Number(row.quota_limit) - Number(row.reserved) - Number(row.committed)),
});

export function quotaExceeded(shortfalls: QuotaShortfall[]): DomainError {
  const list = shortfalls.map((s) => `${s.dimension} (limit ${s.limit}, in use ${s.inUse}, requested ${s.requested})`).join('; ');
  return new DomainError('cloud.quota_exceeded', 409, `The department's quota is not enough: ${list}.`, [], { shortfalls });
}

export class Ledger implements QuotaLedger {
  constructor(private readonly base: Pick<CloudBase, 'ctx'>) {}

  async reserve(trx: Tx, departmentId: string, demand: QuotaDemand): Promise<void> {
    const wanted = unitsOf(demand).filter(([, units]) => units > 0);
    const missed: Array<[QuotaDimension, number]> = [];
    for (const [dimension, units] of wanted) {
      if (!(await repo.reserveIfRoom(trx, departmentId, dimension, units))) missed.push([dimension, units]);
    }
    if (missed.length === 0) return;
    // Nothing is undone here: the error rolls the caller's transaction back, reservations made above included.
    const rows = new Map((await repo.rowsOf(trx, departmentId, missed.map(([dimension]) => dimension))).map((row) => [row.dimension, row]));
    const shortfalls: QuotaShortfall[] = [];
    for (const [dimension, units] of missed) {
      const row = rows.get(dimension);
      if (!row) continue; // no row: no limit
      shortfalls.push({ dimension, limit: Number(row.quota_limit), inUse: Number(row.reserved) + Number(row.committed), requested: units });
    }
    if (shortfalls.length > 0) throw quotaExceeded(shortfalls);
  }

  async commit(trx: Tx, departmentId: string, demand: QuotaDemand): Promise<void> {
    for (const [dimension, units] of unitsOf(demand)) {
      // A positive part was reserved at submission and is now held; a negative part (a smaller resize) gives back.
      if (units > 0) await repo.moveToCommitted(trx, departmentId, dimension, units);
      else await repo.subtract(trx, departmentId, dimension, 'committed', -units);
    }
  }

  async release(trx: Tx, departmentId: string, demand: QuotaDemand, from: 'reserved' | 'committed'): Promise<void> {
    // Negative parts were never reserved (reserve takes the positive ones), so there is nothing to give back for them.
    for (const [dimension, units] of unitsOf(demand)) {
      if (units > 0) await repo.subtract(trx, departmentId, dimension, from, units);
    }
  }

  async shortfalls(db: Executor, departmentId: string, demand: QuotaDemand): Promise<QuotaShortfall[]> {
    const wanted = unitsOf(demand).filter(([, units]) => units > 0);
    const rows = new Map((await repo.rowsOf(db, departmentId, wanted.map(([dimension]) => dimension))).map((row) => [row.dimension, row]));
    const shortfalls: QuotaShortfall[] = [];
    for (const [dimension, units] of wanted) {
      const row = rows.get(dimension);
      if (!row) continue;
      const inUse = Number(row.reserved) + Number(row.committed);
      if (Number(row.quota_limit) - inUse < units) shortfalls.push({ dimension, limit: Number(row.quota_limit), inUse, requested: units });
    }
    return shortfalls;
  }

  async list(actor: Actor, filter: { departmentId?: string }): Promise<QuotaView[]> {
    let departmentId = filter.departmentId;
    const own = visibleDepartment(actor, 'Quotas are shown to the IT centre and to the departments that order.');
    if (own !== null) {
      if (departmentId && departmentId !== own) throw forbidden("Only your own department's quotas are shown to you.");
      departmentId = own;
    }
    return (await repo.list(this.base.ctx.db, departmentId)).map(view);
  }

  async setLimit(actor: Actor, departmentId: string, dimension: QuotaDimension, limit: number): Promise<QuotaView> {
    requireItCentre(actor, 'Quotas are set by the IT centre.');
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new DomainError('validation.failed', 400, 'The limit is a whole number ≥ 0.', [{ pointer: '/limit', code: 'validation.minimum', message: 'a whole number ≥ 0' }]);
    }
    const db = this.base.ctx.db;
    if (!(await repo.departmentExists(db, departmentId))) throw notFound('cloud.department_not_found', 'No such department.');
    return db.transaction().execute(async (trx) => {
      const before = await repo.getOne(trx, departmentId, dimension);
      await repo.setLimit(trx, departmentId, dimension, limit, () => repo.currentUse(trx, departmentId, dimension));
      const after = view((await repo.getOne(trx, departmentId, dimension))!);
      await this.base.ctx.audit.record(trx, {
        actor, action: 'cloud.quota.set', targetType: 'cloud_quota', targetId: `${departmentId}/${dimension}`,
        before: before ? view(before) : undefined, after,
      });
      return after;
    });
  }
}

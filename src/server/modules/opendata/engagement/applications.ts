/**
 * Applications for the data of conditionally open datasets: a portal user applies with a purpose; the providing
 * department (its admins and operators) or the data administrator approves for a number of days, or rejects with
 * a reason. Each decision is audited in its transaction. An approval is access until it expires.
 */
import { sql } from 'kysely';
import type { Actor } from '../../../platform/actor.js';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import type { Applications, PortalUser } from '../index.js';
import {
  accessGranted, applicationNotFound, applicationNotPending, applicationPending, datasetNotFound, harvested, notConditional, notProvider, reasonRequired,
} from './errors.js';
import { actsForDepartment, deciderId, departmentScope, findDataset, iso, UUID } from './repository.js';
import type { ApplicationListQuery, ApplyInput, ConsoleApplication, Listed, MyApplication } from './schema.js';

type Status = 'pending' | 'approved' | 'rejected' | 'withdrawn';

interface ApplicationRow {
  id: string;
  dataset_id: string;
  purpose: string;
  organisation: string | null;
  status: Status;
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  expires_at: Date | null;
}

const isExpired = (row: Pick<ApplicationRow, 'status' | 'expires_at'>, now = Date.now()) =>
  row.status === 'approved' && row.expires_at !== null && row.expires_at.getTime() <= now;

function presentMine(row: ApplicationRow, dataset: { name: string; title: string }): MyApplication {
  return {
    id: row.id,
    dataset: { name: dataset.name, title: dataset.title },
    purpose: row.purpose,
    organisation: row.organisation,
    status: row.status,
    expired: isExpired(row),
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    decidedAt: iso(row.decided_at),
    expiresAt: iso(row.expires_at),
  };
}

export const DEFAULT_VALID_DAYS = 365;

export class ApplicationService implements Applications {
  constructor(private readonly ctx: AppContext) {}

  // ------------------------------------------------------------ for the other parts

  async hasAccess(portalUserId: string, datasetId: string): Promise<boolean> {
    if (!UUID.test(portalUserId) || !UUID.test(datasetId)) return false;
    const row = await this.ctx.db
      .selectFrom('opendata_applications')
      .select('id')
      .where('portal_user_id', '=', portalUserId)
      .where('dataset_id', '=', datasetId)
      .where('status', '=', 'approved')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The latest application's status; an approval that has expired reads as 'none' (apply again). */
  async status(portalUserId: string, datasetId: string): Promise<Status | 'none'> {
    if (!UUID.test(portalUserId) || !UUID.test(datasetId)) return 'none';
    const row = await this.ctx.db
      .selectFrom('opendata_applications')
      .select(['status', 'expires_at'])
      .where('portal_user_id', '=', portalUserId)
      .where('dataset_id', '=', datasetId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row || isExpired(row)) return 'none';
    return row.status;
  }

  // ------------------------------------------------------------ the applicant

  async apply(user: PortalUser, datasetName: string, input: ApplyInput): Promise<MyApplication> {
    return this.ctx.db.transaction().execute(async (trx) => {
      // One user's applications are serialised: two quick clicks make one application, not two.
      await trx.selectFrom('opendata_portal_users').select('id').where('id', '=', user.id).forUpdate().executeTakeFirst();
      const dataset = await findDataset(trx, datasetName);
      if (!dataset) throw datasetNotFound();
      if (dataset.sourceId) throw harvested();
      if (dataset.openType !== 'conditional') throw notConditional();
      const open = await trx
        .selectFrom('opendata_applications')
        .select(['status', 'expires_at'])
        .where('portal_user_id', '=', user.id)
        .where('dataset_id', '=', dataset.id)
        .where('status', 'in', ['pending', 'approved'])
        .execute();
      if (open.some((row) => row.status === 'pending')) throw applicationPending();
      if (open.some((row) => row.status === 'approved' && !isExpired(row))) throw accessGranted();
      const row = await trx
        .insertInto('opendata_applications')
        .values({ dataset_id: dataset.id, portal_user_id: user.id, purpose: input.purpose.trim(), organisation: input.organisation?.trim() || user.organisation })
        .returning(['id', 'dataset_id', 'purpose', 'organisation', 'status', 'reason', 'created_at', 'decided_at', 'expires_at'])
        .executeTakeFirstOrThrow();
      return presentMine(row, dataset);
    });
  }

  async mine(user: PortalUser): Promise<MyApplication[]> {
    const rows = await this.ctx.db
      .selectFrom('opendata_applications as a')
      .innerJoin('opendata_datasets as d', 'd.id', 'a.dataset_id')
      .select(['a.id', 'a.dataset_id', 'a.purpose', 'a.organisation', 'a.status', 'a.reason', 'a.created_at', 'a.decided_at', 'a.expires_at', 'd.name', 'd.title'])
      .where('a.portal_user_id', '=', user.id)
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(500)
      .execute();
    return rows.map((row) => presentMine(row, row));
  }

  async withdraw(user: PortalUser, id: string): Promise<MyApplication> {
    if (!UUID.test(id)) throw applicationNotFound();
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('opendata_applications').select(['status', 'portal_user_id']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row || row.portal_user_id !== user.id) throw applicationNotFound();
      if (row.status !== 'pending') throw applicationNotPending(row.status);
      await trx.updateTable('opendata_applications').set({ status: 'withdrawn', decided_at: new Date() }).where('id', '=', id).execute();
    });
    const mine = await this.mine(user);
    return mine.find((application) => application.id === id)!;
  }

  // ------------------------------------------------------------ the console

  async list(actor: Actor, query: ApplicationListQuery): Promise<Listed<ConsoleApplication>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const scope = departmentScope(actor);
    if (!scope.all && !scope.departmentId) return { items: [], total: 0 };
    let base = this.ctx.db
      .selectFrom('opendata_applications as a')
      .innerJoin('opendata_datasets as d', 'd.id', 'a.dataset_id')
      .innerJoin('opendata_organizations as o', 'o.id', 'd.organization_id');
    if (!scope.all) base = base.where('o.department_id', '=', scope.departmentId);
    if (query.status === 'decided') base = base.where('a.status', 'in', ['approved', 'rejected', 'withdrawn']);
    else if (query.status) base = base.where('a.status', '=', query.status);
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const ids = await base
      .select('a.id')
      // Pending ones oldest first (who has waited longest); decided ones newest first.
      .orderBy(sql`CASE WHEN a.status = 'pending' THEN 0 ELSE 1 END`)
      .orderBy(sql`CASE WHEN a.status = 'pending' THEN a.created_at END`, 'asc')
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { items: await this.presentMany(ids.map((row) => row.id)), total: Number(total) };
  }

  async approve(actor: Actor, id: string, validDays = DEFAULT_VALID_DAYS): Promise<ConsoleApplication> {
    await this.decide(actor, id, async (trx) => {
      const decidedAt = new Date();
      const expiresAt = new Date(decidedAt.getTime() + validDays * 86_400_000);
      await trx
        .updateTable('opendata_applications')
        .set({ status: 'approved', reason: null, decided_by: deciderId(actor), decided_at: decidedAt, expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
      return { after: { status: 'approved', validDays, expiresAt: expiresAt.toISOString() }, action: 'opendata.application.approve' };
    });
    return this.presentOne(id);
  }

  async reject(actor: Actor, id: string, reason: string | null | undefined): Promise<ConsoleApplication> {
    const text = reason?.trim() ?? '';
    await this.decide(actor, id, async (trx) => {
      if (!text) throw reasonRequired();
      await trx
        .updateTable('opendata_applications')
        .set({ status: 'rejected', reason: text, decided_by: deciderId(actor), decided_at: new Date(), expires_at: null })
        .where('id', '=', id)
        .execute();
      return { after: { status: 'rejected', reason: text }, action: 'opendata.application.reject' };
    });
    return this.presentOne(id);
  }

  /** The decision transaction: the application locked, the actor entitled, still pending; then the audit entry. */
  private async decide(
    actor: Actor,
    id: string,
    work: (trx: Tx) => Promise<{ after: Record<string, unknown>; action: string }>,
  ): Promise<void> {
    if (!UUID.test(id)) throw applicationNotFound();
    await this.ctx.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('opendata_applications').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
      if (!locked) throw applicationNotFound();
      const row = await trx
        .selectFrom('opendata_applications as a')
        .innerJoin('opendata_datasets as d', 'd.id', 'a.dataset_id')
        .innerJoin('opendata_organizations as o', 'o.id', 'd.organization_id')
        .select(['a.status', 'a.portal_user_id', 'd.id as dataset_id', 'd.name as dataset_name', 'o.department_id'])
        .where('a.id', '=', id)
        .executeTakeFirstOrThrow();
      if (!actsForDepartment(actor, row.department_id)) throw notProvider();
      if (row.status !== 'pending') throw applicationNotPending(row.status);
      const { after, action } = await work(trx);
      await this.ctx.audit.record(trx, {
        actor,
        action,
        targetType: 'opendata_application',
        targetId: id,
        before: { status: 'pending', dataset: row.dataset_name, portalUserId: row.portal_user_id },
        after,
      });
    });
  }

  private async presentOne(id: string): Promise<ConsoleApplication> {
    const [one] = await this.presentMany([id]);
    if (!one) throw applicationNotFound();
    return one;
  }

  private async presentMany(ids: string[]): Promise<ConsoleApplication[]> {
    if (!ids.length) return [];
    const rows = await this.ctx.db
      .selectFrom('opendata_applications as a')
      .innerJoin('opendata_datasets as d', 'd.id', 'a.dataset_id')
      .innerJoin('opendata_organizations as o', 'o.id', 'd.organization_id')
      .innerJoin('opendata_portal_users as u', 'u.id', 'a.portal_user_id')
      .leftJoin('departments as dep', 'dep.id', 'o.department_id')
      .leftJoin('users as decider', 'decider.id', 'a.decided_by')
      .select([
        'a.id', 'a.purpose', 'a.organisation', 'a.status', 'a.reason', 'a.created_at', 'a.decided_at', 'a.expires_at', 'a.decided_by',
        'd.id as dataset_id', 'd.name as dataset_name', 'd.title as dataset_title',
        'dep.id as department_id', 'dep.name as department_name', 'dep.name_en as department_name_en',
        'u.id as user_id', 'u.display_name as user_name', 'u.email as user_email', 'u.organisation as user_organisation',
        'decider.display_name as decider_name',
      ])
      .where('a.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const now = Date.now();
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [{
        id: row.id,
        dataset: { id: row.dataset_id, name: row.dataset_name, title: row.dataset_title },
        department: row.department_id ? { id: row.department_id, name: row.department_name ?? '', nameEn: row.department_name_en ?? null } : null,
        applicant: { id: row.user_id, displayName: row.user_name, email: row.user_email, organisation: row.user_organisation },
        purpose: row.purpose,
        organisation: row.organisation,
        status: row.status,
        expired: isExpired(row, now),
        reason: row.reason,
        decidedBy: row.decided_by ? { id: row.decided_by, name: row.decider_name ?? '' } : null,
        createdAt: row.created_at.toISOString(),
        decidedAt: iso(row.decided_at),
        expiresAt: iso(row.expires_at),
      }];
    });
  }
}

/**
 * "Request a dataset" (数据需求): anyone asks for data to be opened, optionally naming the department; the
 * department (or the data administrator, for requests without one) answers accepted, opened (naming the
 * dataset) or declined (with a reason); answers are audited. The public sees every request and its answer but
 * never the requester's contact; the console shows it to the department that answers.
 */
import { sql } from 'kysely';
import type { Actor } from '../../../platform/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { validationFailed } from '../../../platform/errors.js';
import type { DirectoryReader } from '../../directory/index.js';
import type { PortalUser } from '../index.js';
import { EMAIL } from './accounts.js';
import {
  answerDatasetNotFound, answerRequired, datasetNameRequired, departmentNotFound, notRequestOwner, rateLimited, requestClosed, requestNotFound,
} from './errors.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { actsForDepartment, deciderId, departmentScope, findDataset, iso, UUID } from './repository.js';
import type { AnswerInput, ConsoleRequest, DataRequestInput, Listed, PublicRequest, RequestListQuery } from './schema.js';

export interface RequestOptions {
  /** Submissions per address and window (default 10 per hour). */
  limit: number;
  windowMs: number;
}

export const DEFAULT_REQUEST_OPTIONS: RequestOptions = { limit: 10, windowMs: 3_600_000 };

export class DataRequestService {
  private readonly limiter: SlidingWindowLimiter;

  constructor(
    private readonly ctx: AppContext,
    private readonly directory: DirectoryReader,
    options: Partial<RequestOptions> = {},
  ) {
    const settings = { ...DEFAULT_REQUEST_OPTIONS, ...options };
    this.limiter = new SlidingWindowLimiter({ limit: settings.limit, windowMs: settings.windowMs });
  }

  async create(input: DataRequestInput, meta: { ip: string; portalUser: PortalUser | null }): Promise<PublicRequest> {
    const title = input.title.trim();
    const description = input.description.trim();
    const requesterName = input.requesterName.trim();
    const requesterEmail = input.requesterEmail?.trim() || null;
    const problems = [];
    if (!title) problems.push({ pointer: '/title', code: 'validation.required', message: 'required' });
    if (!description) problems.push({ pointer: '/description', code: 'validation.required', message: 'required' });
    if (!requesterName) problems.push({ pointer: '/requesterName', code: 'validation.required', message: 'required' });
    if (requesterEmail && !EMAIL.test(requesterEmail)) problems.push({ pointer: '/requesterEmail', code: 'portal.invalid_email', message: 'not a valid e-mail address' });
    if (problems.length) throw validationFailed(problems);
    const departmentId = input.departmentId ?? null;
    if (departmentId) {
      const department = await this.directory.getDepartment(departmentId);
      if (!department || department.status !== 'active') throw departmentNotFound();
    }
    const retryAfter = this.limiter.take(meta.ip);
    if (retryAfter !== null) throw rateLimited(retryAfter);
    const row = await this.ctx.db
      .insertInto('opendata_data_requests')
      .values({
        title, description, department_id: departmentId, requester_name: requesterName,
        // A logged-in user's own address stands in when none was typed: the department can still reply.
        requester_email: requesterEmail ?? meta.portalUser?.email ?? null,
        portal_user_id: meta.portalUser?.id ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return this.publicOne(row.id);
  }

  async listPublic(query: RequestListQuery): Promise<Listed<PublicRequest>> {
    const { items, total } = await this.page(query, null);
    return { items: items.map(toPublic), total };
  }

  async publicOne(id: string): Promise<PublicRequest> {
    return toPublic(await this.one(id));
  }

  async listManaged(actor: Actor, query: RequestListQuery): Promise<Listed<ConsoleRequest>> {
    const scope = departmentScope(actor);
    if (!scope.all && !scope.departmentId) return { items: [], total: 0 };
    return this.page(query, scope.all ? null : scope.departmentId);
  }

  async answer(actor: Actor, id: string, input: AnswerInput): Promise<ConsoleRequest> {
    if (!UUID.test(id)) throw requestNotFound();
    const answer = input.answer?.trim() || null;
    if (input.status === 'declined' && !answer) throw answerRequired();
    const datasetName = input.datasetName?.trim() || null;
    if (input.status === 'opened' && !datasetName) throw datasetNameRequired();
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('opendata_data_requests')
        .select(['status', 'department_id', 'answer'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw requestNotFound();
      if (!actsForDepartment(actor, row.department_id)) throw notRequestOwner();
      if (row.status === 'opened' || row.status === 'declined') throw requestClosed(row.status);
      let dataset: { id: string; name: string } | null = null;
      if (input.status === 'opened') {
        dataset = await findDataset(trx, datasetName!);
        if (!dataset) throw answerDatasetNotFound();
      }
      const answeredAt = new Date();
      await trx
        .updateTable('opendata_data_requests')
        .set({
          status: input.status, answer, dataset_id: dataset?.id ?? null, answered_by: deciderId(actor), answered_at: answeredAt, updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute();
      await this.ctx.audit.record(trx, {
        actor,
        action: 'opendata.request.answer',
        targetType: 'opendata_data_request',
        targetId: id,
        before: { status: row.status, answer: row.answer },
        after: { status: input.status, answer, dataset: dataset?.name ?? null },
      });
    });
    return this.one(id);
  }

  // ------------------------------------------------------------ reading

  private selectRequests() {
    return this.ctx.db
      .selectFrom('opendata_data_requests as r')
      .leftJoin('departments as dep', 'dep.id', 'r.department_id')
      .leftJoin('opendata_datasets as d', 'd.id', 'r.dataset_id')
      .leftJoin('opendata_portal_users as u', 'u.id', 'r.portal_user_id')
      .leftJoin('users as answerer', 'answerer.id', 'r.answered_by')
      .select([
        'r.id', 'r.title', 'r.description', 'r.status', 'r.answer', 'r.created_at', 'r.answered_at', 'r.requester_name', 'r.requester_email',
        'r.portal_user_id', 'r.answered_by',
        'dep.id as department_id', 'dep.name as department_name', 'dep.name_en as department_name_en',
        'd.name as dataset_name', 'd.title as dataset_title',
        'u.email as user_email', 'u.display_name as user_name',
        'answerer.display_name as answerer_name',
      ]);
  }

  private async one(id: string): Promise<ConsoleRequest> {
    if (!UUID.test(id)) throw requestNotFound();
    const row = await this.selectRequests().where('r.id', '=', id).executeTakeFirst();
    if (!row) throw requestNotFound();
    return present(row);
  }

  /** A page of requests, of one department (or all when `departmentId` is null). */
  private async page(query: RequestListQuery, departmentId: string | null): Promise<Listed<ConsoleRequest>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let count = this.ctx.db.selectFrom('opendata_data_requests as r').select((eb) => eb.fn.countAll<number>().as('total'));
    let rows = this.selectRequests();
    if (departmentId) {
      count = count.where('r.department_id', '=', departmentId);
      rows = rows.where('r.department_id', '=', departmentId);
    }
    if (query.status) {
      count = count.where('r.status', '=', query.status);
      rows = rows.where('r.status', '=', query.status);
    }
    const { total } = await count.executeTakeFirstOrThrow();
    const found = await rows
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { items: found.map(present), total: Number(total) };
  }
}

type RequestRow = Awaited<ReturnType<ReturnType<DataRequestService['selectRequests']>['executeTakeFirstOrThrow']>>;

function present(row: RequestRow): ConsoleRequest {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    department: row.department_id ? { id: row.department_id, name: row.department_name ?? '', nameEn: row.department_name_en ?? null } : null,
    status: row.status,
    answer: row.answer,
    dataset: row.dataset_name ? { name: row.dataset_name, title: row.dataset_title ?? row.dataset_name } : null,
    createdAt: row.created_at.toISOString(),
    answeredAt: iso(row.answered_at),
    requesterName: row.requester_name,
    requesterEmail: row.requester_email,
    portalUser: row.portal_user_id && row.user_email ? { id: row.portal_user_id, email: row.user_email, displayName: row.user_name ?? '' } : null,
    answeredBy: row.answered_by ? { id: row.answered_by, name: row.answerer_name ?? '' } : null,
  };
}

/** The public shape: the requester's name and contact stay inside the console. */
function toPublic(request: ConsoleRequest): PublicRequest {
  return {
    id: request.id,
    title: request.title,
    description: request.description,
    department: request.department,
    status: request.status,
    answer: request.answer,
    dataset: request.dataset,
    createdAt: request.createdAt,
    answeredAt: request.answeredAt,
  };
}

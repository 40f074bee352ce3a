/**
 * Access requests (共享申请): a department asks for a published resource on behalf of one of its business
 * systems. Unconditional entries are granted at once; conditional ones wait for the provider (or the data
 * bureau), who must decide within 10 working days (working-days.ts) and may narrow what was asked.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/actor.js';
import { json, type Tx } from '../../../platform/db/database.js';
import { conflict, FieldErrors, forbidden, notFound } from '../../../platform/errors.js';
import type { DataItem } from '../../catalog/index.js';
import type { MaskRule, RowCondition } from '../index.js';
import { calendarLookup, readCalendar } from './calendar.js';
import { actorRef, deciderId, listScope, pageArgs, partiesOf, UUID, type AccessDeps } from './context.js';
import type { GrantChange } from './grant-cache.js';
import { DEFAULT_RATE_LIMIT, reasonRequired, type GrantService } from './grants.js';
import { applyMaskingOverrides, defaultMasking, isProtected } from './masking.js';
import { may, mayAll, mayAtAll } from './policy.js';
import { AUTOMATIC_DECISION, NameBook, presentRequest } from './presenter.js';
import * as repo from './repository.js';
import type { ApproveInput, CreateRequestInput, Paged, RequestListQuery, RequestView } from './schema.js';
import { chinaDay, dueDate } from './working-days.js';

const DAY_MS = 86_400_000;

const requestNotFound = () => notFound('exchange.request_not_found', 'No such access request, or it is not yours to see.');
const notPending = (status: string) => conflict('exchange.request_not_pending', `The request is ${status}; only a pending request can be decided or withdrawn.`);
const notProvider = () => forbidden("Only the providing department's administrator or the data administrator may decide.", 'exchange.not_provider');

function checkResource(resource: repo.ResourceFacts | null, code: string): repo.ResourceFacts {
  if (!resource) throw notFound('exchange.resource_not_found', `No catalog entry ${code}.`);
  if (resource.status !== 'published') throw conflict('exchange.resource_not_published', 'Only a published catalog entry can be requested.');
  if (resource.sharingType === 'not_shared') throw conflict('exchange.resource_not_shared', 'This entry is not shared (不予共享).');
  return resource;
}

/** Fields, clear-text fields and the row scope against the entry's data items; every problem at once. */
function checkRequestFields(items: DataItem[], input: CreateRequestInput): void {
  const names = new Set(items.map((item) => item.name));
  const problems = new FieldErrors();
  const seen = new Set<string>();
  input.fields.forEach((field, i) => {
    if (!names.has(field)) problems.add(`/fields/${i}`, 'exchange.unknown_field', `${field} is not a data item of this entry.`);
    else if (seen.has(field)) problems.add(`/fields/${i}`, 'exchange.duplicate_field', `${field} is listed twice.`);
    seen.add(field);
  });
  (input.cleartextFields ?? []).forEach((field, i) => {
    if (!seen.has(field)) problems.add(`/cleartextFields/${i}`, 'exchange.cleartext_not_requested', `${field} must also be in fields.`);
  });
  (input.rowScope ?? []).forEach((condition, i) => {
    if (!names.has(condition.field)) problems.add(`/rowScope/${i}/field`, 'exchange.unknown_field', `${condition.field} is not a data item of this entry.`);
  });
  problems.throwIfAny();
}

export class RequestService {
  constructor(
    private readonly deps: AccessDeps,
    private readonly grants: GrantService,
  ) {}

  private async present(rows: repo.RequestRow[]): Promise<RequestView[]> {
    const calendar = calendarLookup(await readCalendar(this.deps.ctx.db));
    const today = chinaDay(this.deps.now());
    const names = new NameBook(this.deps.directory);
    await names.load(rows.flatMap((r) => [r.provider_department_id, r.requester_department_id]), rows.map((r) => r.system_id));
    return Promise.all(rows.map((row) => presentRequest(row, names, today, calendar)));
  }

  private async presentOne(id: string): Promise<RequestView> {
    const row = await repo.requestById(this.deps.ctx.db, id);
    if (!row) throw requestNotFound();
    return (await this.present([row]))[0];
  }

  async create(actor: Actor, input: CreateRequestInput): Promise<RequestView> {
    if (!mayAtAll(actor, 'request')) throw forbidden();
    const system = await this.deps.directory.getBusinessSystem(input.systemId);
    if (!system) throw notFound('exchange.system_not_found', 'No such business system.');
    if (!may(actor, 'request', { providerDepartmentId: null, requesterDepartmentId: system.departmentId })) {
      throw forbidden('The business system belongs to another department.', 'exchange.system_not_yours');
    }
    if (system.status !== 'active') throw conflict('exchange.system_disabled', 'The business system is disabled.');
    const resource = checkResource(await repo.findResourceByCode(this.deps.ctx.db, input.resourceCode), input.resourceCode);
    checkRequestFields(resource.dataItems, input);

    const now = this.deps.now();
    const calendar = calendarLookup(await readCalendar(this.deps.ctx.db));
    const id = randomUUID();
    const automatic = resource.sharingType === 'unconditional';
    const cleartext = [...new Set(input.cleartextFields ?? [])];
    const changes = await this.deps.ctx.db.transaction().execute(async (trx) => {
      if (await repo.pendingRequestExists(trx, system.id, resource.id)) {
        throw conflict('exchange.request_pending', 'This business system already has a pending request for this entry.');
      }
      await repo.insertRequest(trx, {
        id,
        resource_id: resource.id,
        provider_department_id: resource.providerDepartmentId,
        requester_department_id: system.departmentId,
        system_id: system.id,
        fields: input.fields,
        cleartext_fields: cleartext,
        purpose: input.purpose,
        legal_basis: input.legalBasis,
        row_scope: input.rowScope?.length ? json(input.rowScope) : null,
        duration_days: input.durationDays,
        rate_limit_per_minute: input.rateLimitPerMinute ?? null,
        status: automatic ? 'approved' : 'pending',
        due_date: dueDate(chinaDay(now), calendar),
        decision_reason: automatic ? AUTOMATIC_DECISION : null,
        decided_at: automatic ? now : null,
        created_by: actorRef(actor),
        created_at: now,
      });
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.request.create', targetType: 'exchange_request', targetId: id,
        after: { resourceCode: resource.code, systemId: system.id, fields: input.fields, cleartextFields: cleartext, purpose: input.purpose, legalBasis: input.legalBasis, rowScope: input.rowScope ?? null, durationDays: input.durationDays },
      });
      if (!automatic) return [];
      const grant = await this.grants.createInTx(trx, actor, {
        resourceId: resource.id,
        resourceCode: resource.code,
        systemId: system.id,
        departmentId: system.departmentId,
        requestId: id,
        fields: input.fields,
        rowScope: input.rowScope?.length ? (input.rowScope as RowCondition[]) : null,
        masking: defaultMasking(resource.dataItems, input.fields, cleartext),
        rateLimitPerMinute: input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT,
        purpose: input.purpose,
        legalBasis: input.legalBasis,
        expiresAt: new Date(now.getTime() + input.durationDays * DAY_MS),
      });
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.request.auto_grant', targetType: 'exchange_request', targetId: id, after: { status: 'approved', grantId: grant.id },
      });
      return grant.changes;
    });
    this.grants.publish(changes);
    return this.presentOne(id);
  }

  async get(actor: Actor, id: string): Promise<RequestView> {
    if (!mayAtAll(actor, 'readRequests')) throw forbidden();
    const row = UUID.test(id) ? await repo.requestById(this.deps.ctx.db, id) : null;
    if (!row || !may(actor, 'readRequests', partiesOf(row))) throw requestNotFound();
    return (await this.present([row]))[0];
  }

  async list(actor: Actor, query: RequestListQuery): Promise<Paged<RequestView>> {
    if (!mayAtAll(actor, 'readRequests')) throw forbidden();
    const box = query.box ?? 'all';
    const scope = listScope(actor, mayAll(actor, 'readRequests'), box === 'incoming' ? 'provider' : box === 'outgoing' ? 'consumer' : 'both');
    if (!scope) throw forbidden('You belong to no department.');
    const paging = pageArgs(query);
    const { rows, total } = await repo.listRequests(this.deps.ctx.db, { scope, status: query.status, ...paging });
    return { data: await this.present(rows), total, ...paging };
  }

  /** Opens the decision transaction: the request locked, the actor entitled, the request still pending. */
  private async decide<T>(actor: Actor, id: string, work: (trx: Tx, row: repo.RequestRow) => Promise<T>): Promise<T> {
    return this.deps.ctx.db.transaction().execute(async (trx) => {
      if (!UUID.test(id) || !(await repo.lockRequest(trx, id))) throw requestNotFound();
      const row = (await repo.requestById(trx, id))!;
      if (!may(actor, 'decide', partiesOf(row))) throw notProvider();
      if (row.status !== 'pending') throw notPending(row.status);
      return work(trx, row);
    });
  }

  async approve(actor: Actor, id: string, input: ApproveInput): Promise<RequestView> {
    const now = this.deps.now();
    // The directory is read outside the transaction (PGlite has one connection: a read beside an open
    // transaction would wait for it forever).
    const asked = UUID.test(id) ? await repo.requestById(this.deps.ctx.db, id) : null;
    const system = asked ? await this.deps.directory.getBusinessSystem(asked.system_id) : null;
    const changes = await this.decide(actor, id, async (trx, row) => {
      const resource = checkResource(await repo.findResourceById(trx, row.resource_id), row.resource_code);
      if (!system || system.status !== 'active') throw conflict('exchange.system_disabled', 'The business system is disabled.');
      const terms = approvedTerms(row, resource.dataItems, input, now);
      const grant = await this.grants.createInTx(trx, actor, {
        resourceId: resource.id,
        resourceCode: resource.code,
        systemId: row.system_id,
        departmentId: row.requester_department_id,
        requestId: row.id,
        fields: terms.fields,
        rowScope: (row.row_scope as RowCondition[] | null) ?? null,
        masking: terms.masking,
        rateLimitPerMinute: terms.rateLimitPerMinute,
        purpose: row.purpose,
        legalBasis: row.legal_basis,
        expiresAt: terms.expiresAt,
      });
      const reason = input.reason?.trim() || null;
      await repo.updateRequest(trx, row.id, { status: 'approved', decided_by: deciderId(actor), decided_at: now, decision_reason: reason });
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.request.approve', targetType: 'exchange_request', targetId: row.id,
        before: { status: 'pending' },
        after: { status: 'approved', reason, grantId: grant.id, fields: terms.fields, masking: terms.masking, rateLimitPerMinute: terms.rateLimitPerMinute, expiresAt: terms.expiresAt },
      });
      return grant.changes;
    });
    this.grants.publish(changes as GrantChange[]);
    return this.presentOne(id);
  }

  async reject(actor: Actor, id: string, reason: string | null | undefined): Promise<RequestView> {
    const text = reason?.trim() ?? '';
    const now = this.deps.now();
    await this.decide(actor, id, async (trx, row) => {
      if (!text) throw reasonRequired();
      await repo.updateRequest(trx, row.id, { status: 'rejected', decided_by: deciderId(actor), decided_at: now, decision_reason: text });
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.request.reject', targetType: 'exchange_request', targetId: row.id, before: { status: 'pending' }, after: { status: 'rejected', reason: text },
      });
    });
    return this.presentOne(id);
  }

  async withdraw(actor: Actor, id: string): Promise<RequestView> {
    const now = this.deps.now();
    await this.deps.ctx.db.transaction().execute(async (trx) => {
      if (!UUID.test(id) || !(await repo.lockRequest(trx, id))) throw requestNotFound();
      const row = (await repo.requestById(trx, id))!;
      if (!may(actor, 'withdraw', partiesOf(row))) {
        throw forbidden('Only the requesting department may withdraw its request.', 'exchange.not_requester');
      }
      if (row.status !== 'pending') throw notPending(row.status);
      await repo.updateRequest(trx, row.id, { status: 'withdrawn', decided_at: now });
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.request.withdraw', targetType: 'exchange_request', targetId: row.id, before: { status: 'pending' }, after: { status: 'withdrawn' },
      });
    });
    return this.presentOne(id);
  }
}

/**
 * What an approval grants: the requested terms, narrowed by the decision body. Nothing may be widened: fields
 * ⊆ requested, a rate limit ≤ requested (or the default), an expiry ≤ decision time + requested duration,
 * and 'clear' only for fields that are not protected or were asked for in clear text.
 */
export function approvedTerms(
  row: Pick<repo.RequestRow, 'fields' | 'cleartext_fields' | 'rate_limit_per_minute' | 'duration_days'>,
  items: DataItem[],
  input: ApproveInput,
  now: Date,
): { fields: string[]; masking: Record<string, MaskRule>; rateLimitPerMinute: number; expiresAt: Date } {
  const problems = new FieldErrors();
  const byName = new Map(items.map((item) => [item.name, item]));
  const requested = new Set(row.fields);
  const fields = input.fields ? [...new Set(input.fields)] : row.fields;
  (input.fields ?? []).forEach((field, i) => {
    if (!requested.has(field)) problems.add(`/fields/${i}`, 'exchange.field_not_requested', `${field} was not requested.`);
  });
  fields.forEach((field) => {
    if (!byName.has(field)) problems.add('/fields', 'exchange.unknown_field', `${field} is no longer a data item of this entry.`);
  });
  const granted = new Set(fields);
  const clearAsked = new Set(row.cleartext_fields);
  for (const [field, rule] of Object.entries(input.masking ?? {})) {
    const pointer = `/masking/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!granted.has(field)) problems.add(pointer, 'exchange.field_not_granted', `${field} is not among the granted fields.`);
    else if (rule === 'clear' && isProtected(byName.get(field) ?? { sensitivity: 'internal' }) && !clearAsked.has(field)) {
      problems.add(pointer, 'exchange.clear_not_requested', `${field} is sensitive and was not requested in clear text.`);
    }
  }
  const ceiling = row.rate_limit_per_minute ?? DEFAULT_RATE_LIMIT;
  const rateLimitPerMinute = input.rateLimitPerMinute ?? ceiling;
  if (rateLimitPerMinute > ceiling) problems.add('/rateLimitPerMinute', 'exchange.rate_limit_too_high', `At most ${ceiling} per minute was requested.`);
  const latest = now.getTime() + row.duration_days * DAY_MS;
  let expiresAt = new Date(latest);
  if (input.expiresAt !== undefined && input.durationDays !== undefined) {
    problems.add('/expiresAt', 'exchange.expiry_ambiguous', 'Give expiresAt or durationDays, not both.');
  } else if (input.durationDays !== undefined) {
    if (input.durationDays > row.duration_days) problems.add('/durationDays', 'exchange.duration_too_long', `At most ${row.duration_days} days were requested.`);
    expiresAt = new Date(now.getTime() + input.durationDays * DAY_MS);
  } else if (input.expiresAt !== undefined) {
    const at = Date.parse(input.expiresAt);
    if (!(at > now.getTime()) || at > latest) problems.add('/expiresAt', 'exchange.expiry_out_of_range', 'The expiry must lie in the future and within the requested duration.');
    expiresAt = new Date(at);
  }
  problems.throwIfAny();
  const masking = applyMaskingOverrides(defaultMasking(items, fields, row.cleartext_fields), input.masking, fields);
  return { fields, masking, rateLimitPerMinute, expiresAt };
}


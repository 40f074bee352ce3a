/**
 * Grants: the hot-path lookup (`activeGrant`, cached), reading, creating (from an approval) and revoking.
 * Every change is written with its audit entry in one transaction, NOTIFYed to other nodes from inside it
 * (delivered on commit), and applied to this node's cache and listeners right after the commit.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/actor.js';
import type { Tx } from '../../../platform/db/database.js';
import { DomainError, forbidden, notFound } from '../../../platform/errors.js';
import type { GrantInfo, MaskRule, RowCondition } from '../index.js';
import { actorRef, listScope, pageArgs, partiesOf, UUID, type AccessDeps } from './context.js';
import { GRANT_CHANNEL, GrantCache, type GrantChange } from './grant-cache.js';
import { may, mayAll, mayAtAll } from './policy.js';
import { grantInfo, NameBook, presentGrant } from './presenter.js';
import * as repo from './repository.js';
import type { GrantListQuery, GrantView, Paged } from './schema.js';

export const DEFAULT_RATE_LIMIT = 600;

export interface NewGrant {
  resourceId: string;
  resourceCode: string;
  systemId: string;
  departmentId: string;
  requestId: string;
  fields: string[];
  rowScope: RowCondition[] | null;
  masking: Record<string, MaskRule>;
  rateLimitPerMinute: number;
  purpose: string;
  legalBasis: string;
  expiresAt: Date;
}

const grantNotFound = () => notFound('exchange.grant_not_found', 'No such grant, or it is not yours to see.');

export class GrantService {
  constructor(private readonly deps: AccessDeps) {}

  async activeGrant(systemId: string, resourceCode: string): Promise<GrantInfo | null> {
    if (!UUID.test(systemId)) return null;
    void this.deps.hub.listen();
    const { cache, now } = this.deps;
    const key = GrantCache.key(systemId, resourceCode);
    const cached = cache.get(key, now().getTime());
    if (cached !== undefined) return cached;
    const generation = cache.snapshot();
    const at = now();
    const row = await repo.findActiveGrant(this.deps.ctx.db, systemId, resourceCode, at);
    const grant = row ? grantInfo(row) : null;
    cache.set(key, grant, generation, at.getTime());
    return grant;
  }

  private visible(actor: Actor, row: repo.GrantRow): boolean {
    if (actor.kind === 'system') return row.system_id === actor.systemId;
    return may(actor, 'readGrants', partiesOf(row));
  }

  private async readable(actor: Actor, grantId: string): Promise<repo.GrantRow> {
    if (actor.kind !== 'system' && !mayAtAll(actor, 'readGrants')) throw forbidden();
    const row = UUID.test(grantId) ? await repo.grantById(this.deps.ctx.db, grantId) : null;
    if (!row || !this.visible(actor, row)) throw grantNotFound();
    return row;
  }

  async getGrant(actor: Actor, grantId: string): Promise<GrantInfo> {
    return grantInfo(await this.readable(actor, grantId));
  }

  async view(actor: Actor, grantId: string): Promise<GrantView> {
    const row = await this.readable(actor, grantId);
    return presentGrant(row, new NameBook(this.deps.directory), this.deps.now());
  }

  /** A grant as the API shows it, without a visibility check (the caller just changed it). */
  async present(grantId: string): Promise<GrantView> {
    const row = await repo.grantById(this.deps.ctx.db, grantId);
    if (!row) throw grantNotFound();
    return presentGrant(row, new NameBook(this.deps.directory), this.deps.now());
  }

  async list(actor: Actor, query: GrantListQuery): Promise<Paged<GrantView>> {
    const side = query.side ?? 'all';
    if (actor.kind === 'system' && side === 'provided') throw forbidden('A business system holds grants; it does not provide them.', 'exchange.side_not_allowed');
    if (actor.kind !== 'system' && !mayAtAll(actor, 'readGrants')) throw forbidden();
    const scope = listScope(actor, mayAll(actor, 'readGrants'), side === 'provided' ? 'provider' : side === 'consumed' ? 'consumer' : 'both');
    if (!scope) throw forbidden('You belong to no department.');
    const now = this.deps.now();
    const paging = pageArgs(query);
    const { rows, total } = await repo.listGrants(this.deps.ctx.db, {
      scope, resourceCode: query.resourceCode, systemId: query.systemId, status: query.status, now, ...paging,
    });
    const names = new NameBook(this.deps.directory);
    await names.load(rows.flatMap((r) => [r.provider_department_id, r.department_id]), rows.map((r) => r.system_id));
    return { data: await Promise.all(rows.map((row) => presentGrant(row, names, now))), total, ...paging };
  }

  async revoke(actor: Actor, grantId: string, reason: string | null | undefined): Promise<GrantView> {
    const text = reason?.trim() ?? '';
    const now = this.deps.now();
    const change = await this.deps.ctx.db.transaction().execute(async (trx) => {
      const row = UUID.test(grantId) ? await repo.grantById(trx, grantId, { lock: true }) : null;
      if (!row) throw grantNotFound();
      if (!may(actor, 'revoke', partiesOf(row))) {
        throw forbidden("Only the providing department's administrator or the data administrator may revoke a grant.", 'exchange.not_provider');
      }
      if (!text) throw reasonRequired();
      if (row.status === 'revoked') throw new DomainError('exchange.grant_revoked', 409, 'The grant is already revoked.');
      await repo.markRevoked(trx, row.id, { at: now, by: actorRef(actor), reason: text });
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.grant.revoke', targetType: 'exchange_grant', targetId: row.id,
        before: { status: row.status }, after: { status: 'revoked', reason: text, systemId: row.system_id, resourceCode: row.resource_code },
      });
      const changed: GrantChange = { grantId: row.id, systemId: row.system_id, resourceCode: row.resource_code };
      await this.announce(trx, [changed]);
      return changed;
    });
    this.publish([change]);
    return this.present(grantId);
  }

  /**
   * Inside the approving transaction: writes the grant, supersedes the system's earlier active grants on the
   * same resource (one grant applies at a time), audits, and NOTIFYs. The caller publishes the returned changes
   * after the commit.
   */
  async createInTx(trx: Tx, actor: Actor, grant: NewGrant): Promise<{ id: string; changes: GrantChange[] }> {
    const id = randomUUID();
    const now = this.deps.now();
    const changes: GrantChange[] = [{ grantId: id, systemId: grant.systemId, resourceCode: grant.resourceCode }];
    for (const previous of await repo.activeGrantIds(trx, grant.systemId, grant.resourceId)) {
      const reason = `superseded by grant ${id}`;
      await repo.markRevoked(trx, previous, { at: now, by: actorRef(actor), reason });
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.grant.supersede', targetType: 'exchange_grant', targetId: previous, before: { status: 'active' }, after: { status: 'revoked', reason },
      });
      changes.push({ grantId: previous, systemId: grant.systemId, resourceCode: grant.resourceCode });
    }
    await repo.insertGrant(trx, {
      id,
      resource_id: grant.resourceId,
      system_id: grant.systemId,
      department_id: grant.departmentId,
      request_id: grant.requestId,
      fields: grant.fields,
      row_scope: grant.rowScope,
      masking: grant.masking,
      rate_limit_per_minute: grant.rateLimitPerMinute,
      purpose: grant.purpose,
      legal_basis: grant.legalBasis,
      expires_at: grant.expiresAt,
      created_by: actorRef(actor),
      created_at: now,
    });
    await this.announce(trx, changes);
    return { id, changes };
  }

  /** NOTIFY other nodes (PostgreSQL; delivered only if the transaction commits). */
  private async announce(trx: Tx, changes: GrantChange[]): Promise<void> {
    if (this.deps.ctx.dbKind !== 'postgres') return;
    for (const change of changes) await repo.notify(trx, GRANT_CHANNEL, this.deps.hub.payload(change));
  }

  /** After the commit: this node's cache and listeners. */
  publish(changes: GrantChange[]): void {
    for (const change of changes) this.deps.hub.changed(change);
  }
}

export const reasonRequired = () =>
  new DomainError('exchange.reason_required', 400, 'Give a reason.', [{ pointer: '/reason', code: 'exchange.reason_required', message: 'A reason is required.' }]);

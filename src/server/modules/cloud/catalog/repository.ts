/** The SQL of the cloud catalog: providers, endpoints, sub-contracts, offerings and rate cards. */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { CloudCategory, CloudDriverKind, NewRow, Row, RowUpdate } from '../../../platform/db/schema.js';

export type ProviderRow = Row<'cloud_providers'>;
export type EndpointRow = Row<'cloud_provider_endpoints'>;
export type SubcontractRow = Row<'cloud_subcontracts'>;
export type OfferingRow = Row<'cloud_offerings'> & { provider_name: string };
export type RateCardRow = Row<'cloud_rate_cards'>;

// ------------------------------------------------------------------ providers and endpoints

export const listProviders = (db: Executor): Promise<ProviderRow[]> => db.selectFrom('cloud_providers').selectAll().orderBy('code').execute();

export const getProvider = (db: Executor, id: string): Promise<ProviderRow | undefined> =>
  db.selectFrom('cloud_providers').selectAll().where('id', '=', id).executeTakeFirst();

export const providerByCode = (db: Executor, code: string): Promise<ProviderRow | undefined> =>
  db.selectFrom('cloud_providers').selectAll().where('code', '=', code).executeTakeFirst();

export const insertProvider = (db: Executor, row: NewRow<'cloud_providers'>): Promise<ProviderRow> =>
  db.insertInto('cloud_providers').values(row).returningAll().executeTakeFirstOrThrow();

export const updateProvider = (db: Executor, id: string, change: RowUpdate<'cloud_providers'>): Promise<ProviderRow> =>
  db.updateTable('cloud_providers').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const listEndpoints = (db: Executor, providerIds: string[]): Promise<EndpointRow[]> =>
  providerIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('cloud_provider_endpoints').selectAll().where('provider_id', 'in', providerIds).orderBy('driver').execute();

export const getEndpoint = (db: Executor, id: string): Promise<EndpointRow | undefined> =>
  db.selectFrom('cloud_provider_endpoints').selectAll().where('id', '=', id).executeTakeFirst();

export const endpointOf = (db: Executor, providerId: string, driver: CloudDriverKind): Promise<EndpointRow | undefined> =>
  db.selectFrom('cloud_provider_endpoints').selectAll().where('provider_id', '=', providerId).where('driver', '=', driver).executeTakeFirst();

/** Creates or replaces a provider's endpoint for a driver (one per provider and driver). */
export const upsertEndpoint = (db: Executor, row: { provider_id: string; driver: CloudDriverKind; settings: string; secrets_sealed: string | null }): Promise<EndpointRow> =>
  db
    .insertInto('cloud_provider_endpoints')
    .values(row)
    .onConflict((oc) => oc.columns(['provider_id', 'driver']).doUpdateSet({ settings: row.settings, secrets_sealed: row.secrets_sealed, updated_at: sql<Date>`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();

// ------------------------------------------------------------------ sub-contracts

export function listSubcontracts(db: Executor, filter: { departmentId?: string; providerId?: string }): Promise<SubcontractRow[]> {
  let query = db.selectFrom('cloud_subcontracts').selectAll();
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.providerId) query = query.where('provider_id', '=', filter.providerId);
  return query.orderBy('valid_from', 'desc').orderBy('contract_no').execute();
}

export const getSubcontract = (db: Executor, id: string): Promise<SubcontractRow | undefined> =>
  db.selectFrom('cloud_subcontracts').selectAll().where('id', '=', id).executeTakeFirst();

export const subcontractByNumber = (db: Executor, providerId: string, contractNo: string): Promise<SubcontractRow | undefined> =>
  db.selectFrom('cloud_subcontracts').selectAll().where('provider_id', '=', providerId).where('contract_no', '=', contractNo).executeTakeFirst();

export const insertSubcontract = (db: Executor, row: NewRow<'cloud_subcontracts'>): Promise<SubcontractRow> =>
  db.insertInto('cloud_subcontracts').values(row).returningAll().executeTakeFirstOrThrow();

export const updateSubcontract = (db: Executor, id: string, change: RowUpdate<'cloud_subcontracts'>): Promise<SubcontractRow> =>
  db.updateTable('cloud_subcontracts').set(change).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** An active sub-contract of the department with the provider valid on `day` (YYYY-MM-DD), if any. */
export const validSubcontract = (db: Executor, departmentId: string, providerId: string, day: string): Promise<SubcontractRow | undefined> =>
  db
    .selectFrom('cloud_subcontracts')
    .selectAll()
    .where('department_id', '=', departmentId)
    .where('provider_id', '=', providerId)
    .where('status', '=', 'active')
    .where('valid_from', '<=', day)
    .where('valid_to', '>=', day)
    .limit(1)
    .executeTakeFirst();

export const departmentExists = async (db: Executor, id: string): Promise<boolean> =>
  (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

// ------------------------------------------------------------------ offerings

const offerings = (db: Executor) =>
  db.selectFrom('cloud_offerings as o').innerJoin('cloud_providers as p', 'p.id', 'o.provider_id').selectAll('o').select('p.name as provider_name');

export function listOfferings(db: Executor, filter: { category?: CloudCategory; providerId?: string; q?: string; includeRetired: boolean }): Promise<OfferingRow[]> {
  let query = offerings(db);
  if (filter.category) query = query.where('o.category', '=', filter.category);
  if (filter.providerId) query = query.where('o.provider_id', '=', filter.providerId);
  if (!filter.includeRetired) query = query.where('o.status', '=', 'active');
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('o.name', 'ilike', like), eb('o.name_en', 'ilike', like), eb('o.code', 'ilike', like), eb('o.description', 'ilike', like), eb('p.name', 'ilike', like)]),
    );
  }
  return query.orderBy('o.category').orderBy('o.name').execute();
}

export const getOffering = (db: Executor, id: string): Promise<OfferingRow | undefined> => offerings(db).where('o.id', '=', id).executeTakeFirst();

export const offeringByCode = (db: Executor, code: string): Promise<{ id: string } | undefined> =>
  db.selectFrom('cloud_offerings').select('id').where('code', '=', code).executeTakeFirst();

/** Locks the offering: new rate card versions are numbered one at a time. */
export const lockOffering = (db: Executor, id: string): Promise<{ id: string } | undefined> =>
  db.selectFrom('cloud_offerings').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const insertOffering = (db: Executor, row: NewRow<'cloud_offerings'>): Promise<{ id: string }> =>
  db.insertInto('cloud_offerings').values(row).returning('id').executeTakeFirstOrThrow();

export async function updateOffering(db: Executor, id: string, change: RowUpdate<'cloud_offerings'>): Promise<void> {
  await db.updateTable('cloud_offerings').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

// ------------------------------------------------------------------ rate cards

export const listRateCards = (db: Executor, offeringId: string): Promise<RateCardRow[]> =>
  db.selectFrom('cloud_rate_cards').selectAll().where('offering_id', '=', offeringId).orderBy('version', 'desc').execute();

export const latestRateCard = (db: Executor, offeringId: string): Promise<RateCardRow | undefined> =>
  db.selectFrom('cloud_rate_cards').selectAll().where('offering_id', '=', offeringId).orderBy('version', 'desc').limit(1).executeTakeFirst();

/** The card in force at `at`: the highest effective_from not after it. */
export const rateCardAt = (db: Executor, offeringId: string, at: Date): Promise<RateCardRow | undefined> =>
  db
    .selectFrom('cloud_rate_cards')
    .selectAll()
    .where('offering_id', '=', offeringId)
    .where('effective_from', '<=', at)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The cards in force at `at` of many offerings at once. */
export async function rateCardsAt(db: Executor, offeringIds: string[], at: Date): Promise<Map<string, RateCardRow>> {
  if (offeringIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('cloud_rate_cards')
    .selectAll()
    .distinctOn('offering_id')
    .where('offering_id', 'in', offeringIds)
    .where('effective_from', '<=', at)
    .orderBy('offering_id')
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.offering_id, row]));
}

/** Cards still relevant to an offering's schema: the one in force now and those scheduled after it. */
export async function currentAndFutureRateCards(db: Executor, offeringId: string, now: Date): Promise<RateCardRow[]> {
  const inForce = await rateCardAt(db, offeringId, now);
  let query = db.selectFrom('cloud_rate_cards').selectAll().where('offering_id', '=', offeringId).where('effective_from', '>', now);
  if (inForce) query = query.where('id', '!=', inForce.id);
  const future = await query.orderBy('version').execute();
  return inForce ? [inForce, ...future] : future;
}

export const insertRateCard = (db: Executor, row: NewRow<'cloud_rate_cards'>): Promise<RateCardRow> =>
  db.insertInto('cloud_rate_cards').values(row).returningAll().executeTakeFirstOrThrow();

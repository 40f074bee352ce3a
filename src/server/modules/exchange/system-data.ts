/**
 * What a business system does in the exchange, for the cloud portal's business system view: the published
 * resources it is the source system of (with their store's size and last load) and the grants it holds.
 */
import type { Db } from '../../platform/db/database.js';

export interface SystemData {
  publishes: Array<{ code: string; name: string; records: number | null; lastLoadAt: string | null }>;
  consumes: Array<{ grantId: string; code: string; name: string; providerDepartmentName: string; validUntil: string | null; status: string }>;
}

export async function readSystemData(db: Db, systemId: string): Promise<SystemData> {
  const [published, grants] = await Promise.all([
    db
      .selectFrom('catalog_resources as r')
      .leftJoin('exchange_stores as s', 's.resource_id', 'r.id')
      .where('r.source_system_id', '=', systemId)
      .where('r.status', '=', 'published')
      .select(['r.code', 'r.name', 's.row_count', 's.last_load_at'])
      .orderBy('r.code')
      .execute(),
    db
      .selectFrom('exchange_grants as g')
      .innerJoin('catalog_resources as r', 'r.id', 'g.resource_id')
      .innerJoin('departments as d', 'd.id', 'r.provider_department_id')
      .where('g.system_id', '=', systemId)
      .select(['g.id', 'r.code', 'r.name', 'd.name as provider', 'g.expires_at', 'g.status'])
      .orderBy('g.created_at', 'desc')
      .execute(),
  ]);
  return {
    publishes: published.map((row) => ({
      code: row.code,
      name: row.name,
      records: row.row_count ?? null,
      lastLoadAt: row.last_load_at ? row.last_load_at.toISOString() : null,
    })),
    consumes: grants.map((row) => ({
      grantId: row.id,
      code: row.code,
      name: row.name,
      providerDepartmentName: row.provider,
      validUntil: row.expires_at.toISOString(),
      // an active grant past its expiry no longer answers queries
      status: row.status === 'active' && row.expires_at.getTime() < Date.now() ? 'expired' : row.status,
    })),
  };
}

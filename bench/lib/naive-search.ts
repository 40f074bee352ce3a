// The baseline: what a simple implementation does — a substring match with ILIKE over name and summary,
// newest first, and a COUNT(*) for the total. No segmentation, no ranking, no facets. It reads every row,
// so it shows what the full-text index buys at this size.
import { sql } from 'kysely';
import type { Db } from '../../src/server/platform/db/database.js';
import type { SearchOutcome, SearchParameters } from './catalog-adapter.js';

export function naiveSearcher(db: Db): (parameters: SearchParameters) => Promise<SearchOutcome> {
  return async (parameters) => {
    const conditions = [sql`status = 'published'`];
    if (parameters.q) {
      const pattern = `%${parameters.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      conditions.push(sql`(name ILIKE ${pattern} OR summary ILIKE ${pattern})`);
    }
    if (parameters.department?.length) conditions.push(sql`provider_department_id IN (${sql.join(parameters.department)})`);
    if (parameters.sharingType?.length) conditions.push(sql`sharing_type IN (${sql.join(parameters.sharingType)})`);
    if (parameters.classification?.length) {
      conditions.push(sql`(${sql.join(parameters.classification.map((code) => sql`classification_code LIKE ${`${code}%`}`), sql` OR `)})`);
    }
    const where = sql.join(conditions, sql` AND `);
    const offset = (parameters.page - 1) * parameters.pageSize;
    const page = await sql<{ id: string }>`
      SELECT id, code, name, summary, provider_department_id, sharing_type, updated_at
        FROM catalog_resources WHERE ${where}
       ORDER BY updated_at DESC LIMIT ${parameters.pageSize} OFFSET ${offset}`.execute(db);
    const count = await sql<{ total: number }>`SELECT count(*)::int AS total FROM catalog_resources WHERE ${where}`.execute(db);
    return { total: count.rows[0]?.total ?? 0, returned: page.rows.length, facetCount: 0 };
  };
}

import type { Executor } from '../../platform/db/database.js';
import { json } from '../../platform/db/database.js';

/** Remembers that the demo district was seeded, so a restart (or a second `seed --demo`) never seeds twice. */
const DEMO_MARKER = 'demo_district_seeded';

export async function demoSeededAt(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', DEMO_MARKER).executeTakeFirst();
  return row ? String((row.value as { at?: string }).at ?? 'yes') : null;
}

export async function markDemoSeeded(db: Executor, summary: Record<string, number>): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: DEMO_MARKER, value: json({ at: new Date().toISOString(), ...summary }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

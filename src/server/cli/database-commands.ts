import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { loadConfig } from '../platform/config.js';
import { seedDemoDistrict } from '../modules/seed/service.js';
import { withPlatform } from './shared.js';

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const result = await migrate(database.db);
    console.log(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'database is up to date');
    console.log(`schema version ${result.current} (${database.kind})`);
    return 0;
  } finally {
    await database.close();
  }
}

export async function seedCommand(): Promise<number> {
  return withPlatform(async (platform) => {
    const report = await seedDemoDistrict(platform, { onProgress: (step) => console.log(`seeding ${step}…`) });
    if (report.skipped) console.log('the demo district is already there; nothing to do');
    else console.log(`seeded ${report.departments} departments and ${report.resources} catalog entries (${report.published} published)`);
    return 0;
  });
}

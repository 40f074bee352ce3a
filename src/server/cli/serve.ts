import { createPlatform } from '../app.js';
import { loadConfig } from '../platform/config.js';
import { DEMO_PASSWORD, seedDemoDistrict } from '../modules/seed/service.js';
import { CALENDAR_2026, seedCalendar } from '../modules/exchange/access/part.js';

/**
 * `zhongshu serve` (and `npm start`): migrate, make sure the first admin exists, seed the demo district into an
 * empty database, listen, and print where to go and how to log in. Returns -1: the process keeps running.
 */
export async function serveCommand(options: { seed: boolean }): Promise<number> {
  const config = loadConfig();
  const platform = await createPlatform(config);
  const log = platform.ctx.log;

  // Listen first: a port already in use fails at once instead of after seeding.
  await platform.http.listen({ port: config.port, host: config.host });
  const admin = await platform.directory.service.ensureFirstAdmin({ username: config.adminUser, password: config.adminPassword });
  // Deadlines of access requests count working days: start with this year's official holidays (editable).
  if (!(await platform.ctx.db.selectFrom('exchange_calendar_days').select('day').limit(1).executeTakeFirst())) {
    await seedCalendar(platform.ctx.db, CALENDAR_2026);
  }
  let seeded: Awaited<ReturnType<typeof seedDemoDistrict>> | undefined;
  if (options.seed && config.seedDemo) {
    seeded = await seedDemoDistrict(platform, { onProgress: (step) => log.info(`seeding the demo district: ${step}`) });
  }
  const address = platform.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = config.publicUrl ?? `http://${shownHost}:${port}`;

  const lines = [
    '',
    `  中枢 Zhongshu is running (${platform.ctx.dbKind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
    `  Console / 控制台:   ${url}/`,
    `  Open data portal / 开放门户: ${url}/portal (CKAN API ${url}/api/3/action, DCAT ${url}/catalog.ttl)`,
    `  API docs / 接口文档: ${url}/docs`,
  ];
  if (admin.generatedPassword) {
    lines.push(`  Admin login / 管理员: ${admin.username} / ${admin.generatedPassword}`);
    lines.push('    (shown only this once; you will be asked to change it at first login)');
  } else if (admin.created) {
    lines.push(`  Admin login / 管理员: ${admin.username} / the password in ZHONGSHU_ADMIN_PASSWORD`);
  } else {
    lines.push(`  Admin login / 管理员: ${admin.username} (password as set before; reset with: npx zhongshu user reset-password ${admin.username})`);
  }
  if (seeded && !seeded.skipped) {
    lines.push(`  Demo district seeded: ${seeded.departments} departments, ${seeded.resources} catalog entries (${seeded.published} published)`);
    if (seeded.cloud) lines.push(`  Cloud services / 云服务: ${seeded.cloud.offerings} offerings, ${seeded.cloud.resources} resources of ${seeded.cloud.orders} orders, bills since August`);
  }
  if (seeded) {
    lines.push(`  Demo accounts / 演示账号 (password ${DEMO_PASSWORD}): dataadmin (data admin), secadmin (security admin),`);
    lines.push('    auditor (audit admin), gaj_admin / gaj_op (public security), scj_admin (market supervision), mzj_admin (civil affairs),');
    lines.push('    scj_op (orders cloud services for market supervision; dataadmin approves as the IT centre)');
  }
  lines.push('');
  console.log(lines.join('\n'));

  const shutdown = async (signal: string) => {
    log.info(`${signal}: shutting down`);
    await platform.close().catch((error) => log.error({ err: error }, 'shutdown failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return -1;
}

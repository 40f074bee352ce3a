import { createPlatform, type Platform } from '../app.js';
import { loadConfig, type Config } from '../platform/config.js';

/** Opens the platform for a one-shot command: no HTTP listener, no background worker, quiet logs. */
export async function withPlatform<T>(run: (platform: Platform, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const platform = await createPlatform({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel }, { worker: false });
  try {
    return await run(platform, config);
  } finally {
    await platform.close();
  }
}

/** Accepts a department by id or by unified social credit code. */
export async function resolveDepartmentId(platform: Platform, reference: string | undefined): Promise<string | null> {
  if (!reference) return null;
  const departments = await platform.directory.service.listDepartments();
  const found = departments.find((d) => d.id === reference || d.creditCode === reference.toUpperCase());
  if (!found) throw new Error(`no department with id or credit code "${reference}"`);
  return found.id;
}

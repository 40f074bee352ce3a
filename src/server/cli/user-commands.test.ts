import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { userAddCommand, userResetPasswordCommand } from './user-commands.js';
import { withPlatform } from './shared.js';

// The CLI reads its configuration from the environment, like an operator's shell: an embedded database in a
// temporary DATA_DIR stands in for the server's.
describe('zhongshu user commands', () => {
  const saved = { ...process.env };
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-cli-'));
    process.env.DATA_DIR = dataDir;
    process.env.LOG_LEVEL = 'silent';
    delete process.env.DATABASE_URL;
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterAll(() => {
    process.env = saved;
    vi.restoreAllMocks();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const userExists = (username: string) => withPlatform(async (platform) => (await platform.directory.service.findUserByUsername(username)) !== null);

  it('refuses a role set that breaks the rules without creating the user', async () => {
    expect(await userAddCommand({ username: 'zhangsan', displayName: '张三', roles: ['dept_operator'] })).toBe(2);
    expect(await userAddCommand({ username: 'zhangsan', displayName: '张三', roles: ['system_admin', 'audit_admin'] })).toBe(2);
    expect(await userExists('zhangsan')).toBe(false);
  });

  it('creates a user with a role and resets the password', async () => {
    expect(await userAddCommand({ username: 'sec2', displayName: '安全员', roles: ['security_admin'], password: 'Sec-Admin-2026' })).toBe(0);
    expect(await userExists('sec2')).toBe(true);
    expect(await userResetPasswordCommand('sec2')).toBe(0);
    expect(await userResetPasswordCommand('nobody')).toBe(1);
  });
});

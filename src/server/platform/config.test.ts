import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.adminUser).toBe('admin');
    expect(config.adminPassword).toBeUndefined();
    expect(config.crypto).toBe('standard');
    expect(config.sessionIdleMinutes).toBe(30);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '9000', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h/db', DATA_DIR: '/tmp/zs', ZHONGSHU_ADMIN_USER: 'root_admin',
      ZHONGSHU_ADMIN_PASSWORD: 'Secret-123', LOG_LEVEL: 'debug', ZHONGSHU_CRYPTO: 'sm', ZHONGSHU_SESSION_IDLE_MINUTES: '15',
    });
    expect(config).toMatchObject({
      port: 9000, host: '0.0.0.0', databaseUrl: 'postgres://u@h/db', dataDir: '/tmp/zs', adminUser: 'root_admin',
      adminPassword: 'Secret-123', logLevel: 'debug', crypto: 'sm', sessionIdleMinutes: 15,
    });
  });

  it.each([
    ['PORT', 'eighty', /PORT: must be a whole number/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: must be a postgres/],
    ['ZHONGSHU_CRYPTO', 'rsa', /ZHONGSHU_CRYPTO: must be one of standard, sm/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of/],
    ['ZHONGSHU_ADMIN_USER', 'a b', /ZHONGSHU_ADMIN_USER/],
  ])('fails fast naming %s when it is %s', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });
});

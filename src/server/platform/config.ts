import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * The one place that reads the environment. Every setting is validated up front so a bad value stops the
 * process at start-up with a message naming the variable, instead of failing later in a request.
 */
export type CryptoMode = 'standard' | 'sm';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; undefined means the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminUser: string;
  /** When unset, a password is generated, printed once and must be changed at first login. */
  adminPassword: string | undefined;
  logLevel: LogLevel;
  crypto: CryptoMode;
  /** Default idle timeout for sessions; the security admin's policy overrides it at run time. */
  sessionIdleMinutes: number;
  /** Cap for uploaded files (catalog XLSX import). */
  uploadMaxBytes: number;
  /** Marks the session cookie Secure; set when the console is served over HTTPS. */
  cookieSecure: boolean;
  /** Whether `serve` seeds the demo district into an empty database. */
  seedDemo: boolean;
  /** Public base URL printed at start-up (defaults to http://host:port). */
  publicUrl: string | undefined;
  /**
   * 32-byte key (64 hex characters) that encrypts stored secrets: source database passwords, webhook secrets.
   * Unset: a key is generated once into <dataDir>/secret.key (platform/secret-box.ts).
   */
  secretKey: string | undefined;
  /** NATS server (nats://host:port); when set, exchange changes are also published to JetStream. */
  natsUrl: string | undefined;
  /** Cap for data files uploaded into the shared store (CSV/XLSX), streamed to disk first. */
  loadUploadMaxBytes: number;
  /**
   * Mail server for e-mail copies of console notifications (smtp://user:pass@host:587 or smtps://…:465);
   * unset: notifications stay in the console only.
   */
  smtpUrl: string | undefined;
  /** The From address of notification mail. */
  smtpFrom: string;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase() as T;
  if (!allowed.includes(value)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return value;
}

function boolSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw.trim())) return true;
  if (/^(0|false|no|off)$/i.test(raw.trim())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)');
  }
  const adminUser = env.ZHONGSHU_ADMIN_USER?.trim() || 'admin';
  if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(adminUser)) {
    throw new ConfigError('ZHONGSHU_ADMIN_USER', 'use 2–64 letters, digits or . _ - @');
  }
  const adminPassword = env.ZHONGSHU_ADMIN_PASSWORD || undefined;
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = intSetting(env, 'PORT', 8080, 0, 65535);
  const publicUrl = env.ZHONGSHU_PUBLIC_URL?.trim() || undefined;
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) throw new ConfigError('ZHONGSHU_PUBLIC_URL', 'must start with http:// or https://');
  const secretKey = env.ZHONGSHU_SECRET_KEY?.trim() || undefined;
  if (secretKey && !/^[0-9a-fA-F]{64}$/.test(secretKey)) throw new ConfigError('ZHONGSHU_SECRET_KEY', 'must be 64 hexadecimal characters (32 bytes)');
  const natsUrl = env.ZHONGSHU_NATS_URL?.trim() || undefined;
  const smtpUrl = env.ZHONGSHU_SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) throw new ConfigError('ZHONGSHU_SMTP_URL', 'must be smtp://host:port or smtps://host:port (user:password@ optional)');
  const smtpFrom = env.ZHONGSHU_SMTP_FROM?.trim() || 'zhongshu@localhost';
  if (!/^[^@\s]+@[^@\s]+$/.test(smtpFrom)) throw new ConfigError('ZHONGSHU_SMTP_FROM', 'must be an e-mail address');
  if (natsUrl && !/^(nats|tls):\/\//.test(natsUrl)) throw new ConfigError('ZHONGSHU_NATS_URL', 'must start with nats:// or tls://');
  return {
    port,
    host,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
    adminUser,
    adminPassword,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    crypto: oneOf(env, 'ZHONGSHU_CRYPTO', ['standard', 'sm'] as const, 'standard'),
    sessionIdleMinutes: intSetting(env, 'ZHONGSHU_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    uploadMaxBytes: intSetting(env, 'ZHONGSHU_UPLOAD_MAX_MB', 20, 1, 2048) * 1024 * 1024,
    cookieSecure: boolSetting(env, 'ZHONGSHU_COOKIE_SECURE', false),
    seedDemo: boolSetting(env, 'ZHONGSHU_SEED_DEMO', true),
    publicUrl,
    secretKey: secretKey?.toLowerCase(),
    natsUrl,
    loadUploadMaxBytes: intSetting(env, 'ZHONGSHU_LOAD_UPLOAD_MAX_MB', 4096, 1, 65536) * 1024 * 1024,
    smtpUrl,
    smtpFrom,
  };
}

/** For tests: a config with overrides and nothing read from the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // A fresh secret key per test config, so no test writes a key file into the working directory.
  return { ...loadConfig({ LOG_LEVEL: 'silent' }), seedDemo: false, secretKey: randomBytes(32).toString('hex'), ...overrides };
}

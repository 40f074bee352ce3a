import type { AuditLog } from './audit.js';
import type { Config } from './config.js';
import type { CryptoService } from './crypto.js';
import type { Db } from './db/database.js';
import type { Logger } from './logger.js';
import type { SecretBox } from './secret-box.js';

/** What every service may be built from. Services take only the parts they use. */
export interface AppContext {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  log: Logger;
  crypto: CryptoService;
  audit: AuditLog;
  /** Seals secrets kept in the database (platform/secret-box.ts). */
  secrets: SecretBox;
}

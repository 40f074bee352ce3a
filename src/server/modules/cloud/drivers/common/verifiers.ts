/**
 * Password verifiers computed here, so the cleartext password of a new account never travels to the server and
 * cannot land in a server's statement log, slow log or MONITOR stream: each server stores a verifier anyway and
 * accepts one in place of the password.
 */
import { createHash, createHmac, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const SCRAM_ITERATIONS = 4096;

/**
 * PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677), as `CREATE ROLE … PASSWORD` accepts it:
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>. Generated passwords are ASCII letters and digits,
 * which SASLprep leaves unchanged.
 */
export async function scramSha256Verifier(password: string): Promise<string> {
  const salt = randomBytes(16);
  const salted = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, SCRAM_ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** MariaDB's mysql_native_password hash, as `IDENTIFIED BY PASSWORD '…'` accepts it: '*' + HEX(SHA1(SHA1(pw))). */
export function mysqlNativePasswordHash(password: string): string {
  const once = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(once).digest('hex').toUpperCase()}`;
}

/** Redis ACL's hashed password form: `#` + hex SHA-256 (ACL SETUSER … #<hash>). */
export function redisPasswordHash(password: string): string {
  return `#${createHash('sha256').update(password, 'utf8').digest('hex')}`;
}

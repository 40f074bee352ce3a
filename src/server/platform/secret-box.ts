import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CryptoMode } from './config.js';

/**
 * Encrypts secrets kept in the database (source database passwords, webhook secrets).
 * standard: AES-256-GCM. sm (national crypto): SM4-CTR with HMAC-SM3 over iv + ciphertext (encrypt-then-MAC;
 * Node's OpenSSL has no SM4-GCM). The sealed form names its algorithm, so a platform switched between modes
 * still opens what it sealed before: "v1.aes-gcm.<iv>.<tag>.<ciphertext>" / "v1.sm4-ctr.<iv>.<mac>.<ciphertext>"
 * (base64url parts).
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export class SecretBoxError extends Error {}

/** The 32-byte master key: from configuration, or generated once into <dataDir>/secret.key (mode 0600). */
export function loadSecretKey(config: { secretKey: string | undefined; dataDir: string }): Buffer {
  if (config.secretKey) return Buffer.from(config.secretKey, 'hex');
  const file = path.join(config.dataDir, 'secret.key');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/i.test(existing)) return Buffer.from(existing, 'hex');
    throw new SecretBoxError(`${file} does not hold a 64-hex-character key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

function subKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `zhongshu ${purpose}`, 32));
}

export function createSecretBox(masterKey: Buffer, mode: CryptoMode): SecretBox {
  if (masterKey.length !== 32) throw new SecretBoxError('the secret key must be 32 bytes');
  const aesKey = subKey(masterKey, 'aes-256-gcm');
  const sm4Key = subKey(masterKey, 'sm4-ctr').subarray(0, 16);
  const macKey = subKey(masterKey, 'hmac-sm3');
  const b64 = (buffer: Buffer) => buffer.toString('base64url');

  return {
    seal(plaintext) {
      const data = Buffer.from(plaintext, 'utf8');
      if (mode === 'sm') {
        const iv = crypto.randomBytes(16);
        const cipher = crypto.createCipheriv('sm4-ctr', sm4Key, iv);
        const body = Buffer.concat([cipher.update(data), cipher.final()]);
        const mac = crypto.createHmac('sm3', macKey).update(iv).update(body).digest();
        return `v1.sm4-ctr.${b64(iv)}.${b64(mac)}.${b64(body)}`;
      }
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', aesKey, iv);
      const body = Buffer.concat([cipher.update(data), cipher.final()]);
      return `v1.aes-gcm.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(body)}`;
    },
    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1') throw new SecretBoxError('not a sealed secret');
      const [, algorithm, ivText, tagText, bodyText] = parts;
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      try {
        if (algorithm === 'sm4-ctr') {
          const expected = crypto.createHmac('sm3', macKey).update(iv).update(body).digest();
          if (expected.length !== tag.length || !crypto.timingSafeEqual(expected, tag)) throw new SecretBoxError('secret was altered');
          const decipher = crypto.createDecipheriv('sm4-ctr', sm4Key, iv);
          return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        }
        if (algorithm === 'aes-gcm') {
          const decipher = crypto.createDecipheriv('aes-256-gcm', aesKey, iv);
          decipher.setAuthTag(tag);
          return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        }
      } catch (error) {
        if (error instanceof SecretBoxError) throw error;
        throw new SecretBoxError('secret cannot be opened with this key');
      }
      throw new SecretBoxError(`unknown algorithm ${algorithm}`);
    },
  };
}

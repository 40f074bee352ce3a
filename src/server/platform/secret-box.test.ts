import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretKey, SecretBoxError } from './secret-box.js';

const key = crypto.randomBytes(32);

describe('secret box', () => {
  it('SM4 in node:crypto matches the national standard known answer', () => {
    const k = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const cipher = crypto.createCipheriv('sm4-ecb', k, null).setAutoPadding(false);
    expect(Buffer.concat([cipher.update(k), cipher.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  for (const mode of ['standard', 'sm'] as const) {
    it(`round-trips a secret and names its algorithm (${mode})`, () => {
      const box = createSecretBox(key, mode);
      const sealed = box.seal('口令 p@ss');
      expect(sealed).toMatch(mode === 'sm' ? /^v1\.sm4-ctr\./ : /^v1\.aes-gcm\./);
      expect(sealed).not.toContain('p@ss');
      expect(box.open(sealed)).toBe('口令 p@ss');
    });

    it(`refuses a tampered secret (${mode})`, () => {
      const box = createSecretBox(key, mode);
      const parts = box.seal('secret').split('.');
      parts[4] = Buffer.from('xxxxxx').toString('base64url');
      expect(() => box.open(parts.join('.'))).toThrow(SecretBoxError);
    });
  }

  it('opens secrets sealed in the other mode with the same key', () => {
    const sealed = createSecretBox(key, 'sm').seal('shared');
    expect(createSecretBox(key, 'standard').open(sealed)).toBe('shared');
  });

  it('refuses to open with a different key', () => {
    const sealed = createSecretBox(key, 'standard').seal('x');
    expect(() => createSecretBox(crypto.randomBytes(32), 'standard').open(sealed)).toThrow(SecretBoxError);
  });

  it('generates a key file once and reads the same key afterwards', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-key-'));
    const first = loadSecretKey({ secretKey: undefined, dataDir: dir });
    const second = loadSecretKey({ secretKey: undefined, dataDir: dir });
    expect(first.equals(second)).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ secretKey: 'ab'.repeat(32), dataDir: dir }).toString('hex')).toBe('ab'.repeat(32));
  });
});

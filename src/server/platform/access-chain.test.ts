import { describe, expect, it } from 'vitest';
import { canonicalAccessEntry, type AccessHashInput } from './access-chain.js';
import { canonicalJson } from './audit.js';

const entry = (overrides: Partial<AccessHashInput> = {}): AccessHashInput => ({
  at: '2026-11-21T08:00:00.123Z', actorType: 'credential', actorId: 'c1', systemId: 's1', departmentId: 'd1', grantId: 'g1',
  resourceCode: '101001-000001', operation: 'query', purpose: '低保"核查"\n', filter: { z: ['b', 'a'], a: { y: 1, x: null } },
  fields: ['id_number', 'full_name'], recordCount: 3, result: 'success', statusCode: 200, requestId: 'r1', ...overrides,
});

describe('data-access chain', () => {
  it('writes an entry exactly as the generic canonical JSON does, so either can verify the chain', () => {
    for (const input of [
      entry(),
      entry({ actorId: null, systemId: null, departmentId: null, grantId: null, purpose: null, fields: null, filter: null, requestId: null }),
      entry({ filter: 'text', recordCount: 0, statusCode: 403, result: 'denied' }),
      entry({ fields: [], filter: [], purpose: '\u2028 emoji 🙂' }),
    ]) {
      expect(canonicalAccessEntry(input)).toBe(canonicalJson(input));
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../platform/actor.js';
import { appendAccessRow, tamper } from '../platform/audit-test-support.js';
import { createTestPlatform, type TestPlatform } from '../testing/harness.js';
import { auditCheckpointCommand, auditVerifyCommand, runAuditCommand } from './audit-commands.js';

/** `zhongshu audit verify` exits 0 on intact chains and 1 on any finding, printing each; `audit checkpoint` signs. */
let t: TestPlatform;
const captured = () => {
  const lines: string[] = [];
  return { lines, output: { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) } };
};

beforeAll(async () => {
  t = await createTestPlatform();
  for (let i = 0; i < 3; i++) await t.platform.ctx.audit.record(t.platform.ctx.db, { actor: cliActor('test'), action: `test.${i}` });
  await appendAccessRow(t.platform.ctx.db, t.platform.ctx.crypto);
});
afterAll(() => t.close());

describe('zhongshu audit', () => {
  it('checkpoint signs each grown chain; verify then exits 0 with a summary', async () => {
    const signing = captured();
    expect(await auditCheckpointCommand(t.platform, signing.output)).toBe(0);
    expect(signing.lines.join('\n')).toMatch(/signed audit chain up to #\d+ \(4 rows\) with ed25519[\s\S]*signed access chain up to #1 \(1 rows\)/);

    const run = captured();
    expect(await auditVerifyCommand(t.platform, { chain: 'all', json: false }, run.output)).toBe(0);
    expect(run.lines.at(-1)).toBe('OK: both chains verify');
    expect(run.lines.join('\n')).toContain('data-access log (exchange_access_log): 1 rows (ids 1–1), 1 checkpoints');
  });

  it('verify exits 1 and prints every finding (also as JSON) when a row was edited', async () => {
    const victim = await t.platform.ctx.db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await tamper(t.platform.ctx.db, 'audit_log', (trx) => trx.updateTable('audit_log').set({ action: 'test.rewritten' }).where('id', '=', victim.id).execute());
    try {
      const text = captured();
      expect(await auditVerifyCommand(t.platform, { chain: 'audit', json: false }, text.output)).toBe(1);
      expect(text.lines.some((line) => line.includes(`altered`) && line.includes(`audit#${victim.id}`))).toBe(true);
      expect(text.lines.at(-1)).toBe('FAILED: 1 finding');

      const json = captured();
      expect(await auditVerifyCommand(t.platform, { chain: 'audit', json: true }, json.output)).toBe(1);
      expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ ok: false, findings: [{ chain: 'audit', id: victim.id, kind: 'altered' }] });
      // The access chain alone is still fine.
      expect(await auditVerifyCommand(t.platform, { chain: 'access', json: false }, captured().output)).toBe(0);
    } finally {
      await tamper(t.platform.ctx.db, 'audit_log', (trx) => trx.updateTable('audit_log').set({ action: victim.action }).where('id', '=', victim.id).execute());
    }
  });

  it('refuses an unknown --chain or subcommand with the usage exit code', async () => {
    const usage = () => 2;
    expect(await runAuditCommand(['verify', '--chain', 'everything'], usage)).toBe(2);
    expect(await runAuditCommand(['shred'], usage)).toBe(2);
  });
});

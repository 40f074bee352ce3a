/**
 * `zhongshu audit verify [--chain audit|access|all] [--json]` and `zhongshu audit checkpoint`: the integrity of
 * the audit log and the data-access log, checked (or signed) from the server's shell. verify exits 0 when
 * everything holds, 1 when anything is wrong — usable from cron or a monitoring check.
 */
import { parseArgs } from 'node:util';
import type { Platform } from '../app.js';
import { createAuditCheckpointer } from '../platform/audit-checkpoints.js';
import { verifyChains, type VerifyReport } from '../platform/audit-verify.js';
import { withPlatform } from './shared.js';

export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

const consoleOutput: CommandOutput = { log: (line) => console.log(line), error: (line) => console.error(line) };

const CHAIN_NAMES = { audit: 'audit log (audit_log)', access: 'data-access log (exchange_access_log)' } as const;

const secretsOf = (platform: Platform) => platform.ctx.secrets;

export function formatReport(report: VerifyReport): string[] {
  const lines: string[] = [];
  const key = report.signingKey ? `${report.signingKey.algorithm} key ${report.signingKey.fingerprint}` : 'no signing key yet';
  lines.push(`crypto: ${report.crypto === 'sm' ? 'national (SM3 / SM2)' : 'standard (SHA-256 / Ed25519)'}; ${key}`);
  for (const chain of report.chains) {
    const range = chain.rows ? `ids ${chain.firstId}–${chain.lastId}` : 'empty';
    lines.push(
      `${CHAIN_NAMES[chain.chain]}: ${chain.rows} rows (${range}), ${chain.checkpoints} checkpoints` +
        `${chain.lastCheckpointId !== null ? ` (last intact: #${chain.lastCheckpointId})` : ''}, ${chain.findings ? `${chain.findings} findings` : 'intact'}` +
        `${chain.truncated ? ' — stopped early, tail not checked' : ''}`,
    );
  }
  for (const finding of report.findings) lines.push(`  ${finding.kind.padEnd(24)} ${finding.chain}#${finding.id}  ${finding.detail}`);
  if (report.findingCount > report.findings.length) lines.push(`  … and ${report.findingCount - report.findings.length} more findings`);
  lines.push(report.ok ? 'OK: both chains verify' : `FAILED: ${report.findingCount} finding${report.findingCount === 1 ? '' : 's'}`);
  return lines;
}

/** Exit code 0 when every row and checkpoint verifies, 1 otherwise. */
export async function auditVerifyCommand(platform: Platform, options: { chain: 'audit' | 'access' | 'all'; json: boolean }, output: CommandOutput = consoleOutput): Promise<number> {
  // The CLI has the whole run to itself: no row cap, and every finding printed.
  const report = await verifyChains(platform.ctx, { chain: options.chain, secrets: secretsOf(platform), maxFindings: Number.MAX_SAFE_INTEGER });
  if (options.json) output.log(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report)) output.log(line);
  return report.ok ? 0 : 1;
}

export async function auditCheckpointCommand(platform: Platform, output: CommandOutput = consoleOutput): Promise<number> {
  const signed = await createAuditCheckpointer(platform.ctx, secretsOf(platform)).checkpoint();
  if (signed.length === 0) output.log('nothing to sign: no chain grew since its last checkpoint (or another node is signing right now)');
  for (const checkpoint of signed) {
    output.log(`signed ${checkpoint.chain} chain up to #${checkpoint.uptoId} (${checkpoint.entryCount} rows) with ${checkpoint.algorithm}: checkpoint #${checkpoint.id}`);
  }
  return 0;
}

export async function runAuditCommand(args: string[], usage: (problem: string) => number): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'verify') {
    const { values } = parseArgs({ args: rest, options: { chain: { type: 'string' }, json: { type: 'boolean' } } });
    const chain = values.chain ?? 'all';
    if (chain !== 'audit' && chain !== 'access' && chain !== 'all') return usage('--chain is audit, access or all');
    return withPlatform((platform) => auditVerifyCommand(platform, { chain, json: values.json ?? false }));
  }
  if (sub === 'checkpoint') {
    parseArgs({ args: rest, options: {} });
    return withPlatform((platform) => auditCheckpointCommand(platform));
  }
  return usage(`unknown audit command "${sub ?? ''}"`);
}

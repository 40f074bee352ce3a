#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { serveCommand } from './cli/serve.js';
import { migrateCommand, seedCommand } from './cli/database-commands.js';
import { userAddCommand, userResetPasswordCommand } from './cli/user-commands.js';
import { runCatalogCommand } from './cli/catalog-cli.js';
import { runAuditCommand } from './cli/audit-commands.js';
import { ConfigError } from './platform/config.js';
import { DomainError } from './platform/errors.js';

/** `zhongshu <command>`: the operator's entry point. Each command loads the validated configuration first. */
const USAGE = `Usage: zhongshu <command> [options]

Commands:
  serve [--no-seed]                      run the platform (migrates; seeds the demo district into an empty database)
  migrate                                apply database migrations and exit
  seed --demo                            load the demo district (once; skipped if already there)
  user add USERNAME --name NAME [--department CREDIT_CODE|ID] [--role ROLE ...] [--password PW]
                                         create a user (prints a generated initial password once)
  user reset-password USERNAME [--password PW]
                                         set a new password (generated ones must be changed at next login)
  catalog import FILE.xlsx [--department CREDIT_CODE|ID] [--publish]
                                         import catalog entries from the XLSX template (all or nothing)
  catalog export [--format xlsx|json] [--out FILE]
                                         export the catalog (default: XLSX to ./catalog-YYYYMMDD.xlsx)
  audit verify [--chain audit|access|all] [--json]
                                         re-walk the audit and data-access hash chains and check the signed
                                         checkpoints; exit 0 when intact, 1 when anything is wrong
  audit checkpoint                       sign a checkpoint of each chain that grew, now

Configuration comes from environment variables (see README.md): PORT, HOST, DATABASE_URL, DATA_DIR,
ZHONGSHU_ADMIN_USER, ZHONGSHU_ADMIN_PASSWORD, LOG_LEVEL, ZHONGSHU_CRYPTO, …`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'no-seed': { type: 'boolean' } } });
      return serveCommand({ seed: !values['no-seed'] });
    }
    case 'migrate':
      return migrateCommand();
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' } } });
      if (!values.demo) return usage('seed needs --demo');
      return seedCommand();
    }
    case 'user': {
      const [sub, ...args] = rest;
      if (sub === 'add') {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { name: { type: 'string' }, department: { type: 'string' }, role: { type: 'string', multiple: true }, password: { type: 'string' } },
        });
        if (positionals.length !== 1) return usage('user add needs exactly one USERNAME');
        return userAddCommand({ username: positionals[0], displayName: values.name ?? positionals[0], department: values.department, roles: values.role ?? [], password: values.password });
      }
      if (sub === 'reset-password') {
        const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { password: { type: 'string' } } });
        if (positionals.length !== 1) return usage('user reset-password needs exactly one USERNAME');
        return userResetPasswordCommand(positionals[0], values.password);
      }
      return usage(`unknown user command "${sub ?? ''}"`);
    }
    case 'catalog':
      return runCatalogCommand(rest, usage);
    case 'audit':
      return runAuditCommand(rest, usage);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      return usage(`unknown command "${command}"`);
  }
}

function usage(problem: string): number {
  console.error(`zhongshu: ${problem}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    // serve keeps running; every other command ends here.
    if (code !== -1) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`zhongshu: configuration error — ${error.message}`);
    } else if (error instanceof DomainError) {
      console.error(`zhongshu: ${error.code}: ${error.message}`);
      for (const field of error.fieldErrors) console.error(`  ${field.pointer}: ${field.message}`);
    } else if (error instanceof Error && error.name === 'TypeError' && /parseArgs|ERR_PARSE_ARGS/.test(String((error as { code?: string }).code))) {
      console.error(`zhongshu: ${error.message}`);
    } else {
      console.error('zhongshu: failed:', error instanceof Error ? error.message : error);
    }
    process.exit(1);
  },
);

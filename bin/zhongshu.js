#!/usr/bin/env node
// The installed `zhongshu` command: runs the compiled CLI, or the TypeScript sources in a checkout that
// has not been built yet.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const compiled = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (existsSync(compiled)) {
  await import(compiled);
} else {
  const source = fileURLToPath(new URL('../src/server/cli.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', source, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

// `npm run bench`: runs every benchmark in bench/ (each bench/*.ts but this file), one after another, each in
// its own process so one's memory and open handles cannot skew the next. Settings pass through the
// environment (BENCH_ENTRIES, BENCH_ROUNDS, BENCH_DATABASE_URL, …; see bench/README.md).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));
const benches = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== self)
  .sort();

const failed: string[] = [];
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) failed.push(file);
  console.log(`=== bench/${file}: ${result.status === 0 ? 'done' : `failed (exit ${result.status ?? result.signal})`} in ${seconds} s ===`);
}

console.log(`\n${benches.length - failed.length} of ${benches.length} benchmarks ran${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);

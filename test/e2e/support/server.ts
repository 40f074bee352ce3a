// Starts the real, built server (`node dist/server/cli.js serve`, run from a copy of dist/: see SNAPSHOT_DIR)
// as a child process on a free loopback port with its own data directory, the way an operator would run it,
// and stops it again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const BUILD_DIR = path.join(REPO_ROOT, 'dist');
/**
 * The suite runs a copy of dist/ taken when it starts, so a `npm run build` during the run (a developer's,
 * or another engineer's in a shared tree) cannot pull the console or the server out from under it. The copy
 * lives inside the repository, so the server still resolves node_modules and its own dist/web as usual.
 */
const SNAPSHOT_DIR = path.join(RESULTS_DIR, 'e2e-app', 'dist');
const SERVER_ENTRY = path.join(SNAPSHOT_DIR, 'server/cli.js');

/** Seeding the demo district happens before the server listens; on a busy 2-core machine that takes a while. */
const READY_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 20_000;

export interface ServerOptions {
  /** Names the log file under test-results/logs/. */
  name: string;
  /** Reuse a data directory (restart tests); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Extra environment; a value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of pattern in the output, waiting for it if need be. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

const isComplete = (dist: string) => existsSync(path.join(dist, 'server/cli.js')) && existsSync(path.join(dist, 'web/index.html'));

/** Builds server and console when dist/ lacks them (CI builds first; a developer may not have). */
export function ensureBuilt(): void {
  if (isComplete(BUILD_DIR)) return;
  console.log('[e2e] dist/ is incomplete: running npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}

/** Copies dist/ for this run (see SNAPSHOT_DIR); waits out a build that is rewriting dist/ right now. */
export async function snapshotBuild(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
    if (isComplete(BUILD_DIR)) {
      cpSync(BUILD_DIR, SNAPSHOT_DIR, { recursive: true });
      if (isComplete(SNAPSHOT_DIR)) return;
    }
    if (Date.now() > deadline) throw new Error('dist/ stayed incomplete for 2 minutes (is a build failing?)');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

export function makeTempDataDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `zhongshu-e2e-${label}-`));
}

/** Asks the kernel for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dataDir = options.dataDir ?? makeTempDataDir(options.name);
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const logDir = path.join(RESULTS_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.name}.log`);
  writeFileSync(logFile, `# node ${path.relative(REPO_ROOT, SERVER_ENTRY)} serve  (PORT=${port} DATA_DIR=${dataDir})\n`, { flag: 'a' });

  const env: NodeJS.ProcessEnv = { ...process.env };
  // The journeys run on the embedded database in a fresh directory, whatever the developer's shell says.
  delete env.DATABASE_URL;
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ZHONGSHU_SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const child = spawn(process.execPath, [SERVER_ENTRY, 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    appendFileSync(logFile, text);
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
    for (const listener of listeners) listener();
  });

  const server: RunningServer = {
    url,
    port,
    dataDir,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) return finish(() => resolve(match));
          if (exitCode !== undefined) return finish(() => reject(new Error(`server exited (${exitCode}) before printing ${pattern}\n${tail(output)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`server did not print ${pattern} within ${timeoutMs} ms\n${tail(output)}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    stop: () => stopChild(child, exited, () => exitCode !== undefined),
  };

  try {
    await waitForReady(url, () => exitCode, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForReady(url: string, exitCode: () => number | null | undefined, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode() !== undefined) throw new Error(`server exited (${exitCode()}) before it was ready\n${tail(output())}`);
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) return;
      lastProblem = `/ready answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`server at ${url} not ready within ${READY_TIMEOUT_MS / 1000} s (${lastProblem})\n${tail(output())}`);
}

/** SIGTERM lets the server close the embedded database cleanly (a restart test depends on that). */
async function stopChild(child: ChildProcess, exited: Promise<number | null>, hasExited: () => boolean): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
  ]);
  // A pending timer would keep the test runner's process alive after the suite.
  clearTimeout(timer);
  if (timedOut && !hasExited()) {
    child.kill('SIGKILL');
    await exited;
  }
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

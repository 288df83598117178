/**
 * Start-up time of the built service on the embedded database: from spawning the process to the first
 * answered GraphQL request (`{ __typename }` polled every 50 ms), in three cases:
 *   fresh     a new DATA_DIR in a temporary folder at every run (first start on a fresh clone)
 *   restart   the same DATA_DIR again (already migrated and seeded)
 *   npm start the same DATA_DIR through `npm start` (its prestart build check included)
 * Builds once first when the sources changed (scripts/build-if-changed.mjs). Prints min / median / max per case
 * and, for each case's last run, when each start-up step finished (from the service's own log lines). Timings
 * are printed, never asserted: they depend on the machine and its load.
 *
 *   npm run bench:startup -- [--runs N]     (default 3 runs a case)
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
const POLL_MS = 50;
const GIVE_UP_MS = 180_000;

/** Log messages that mark the end of a start-up step, in the order they come. */
const STEPS: Array<[RegExp, string]> = [
  [/^Starting Nest application/, 'modules loaded'],
  [/^embedded PostgreSQL started/, 'database open'],
  [/^migrations applied/, 'migrations'],
  [/^Nest application successfully started/, 'Nest init + schema'],
  [/^demo data seeded/, 'demo seed'],
  [/^listening on/, 'listening'],
];

interface Run {
  ms: number;
  /** CPU time (user + system, all threads) the service process used until the answer; null where unknown. */
  cpuMs: number | null;
  steps: Array<[string, number]>;
}

/**
 * The CPU time a process used so far, from /proc (Linux): on a loaded machine the wall-clock figures grow with
 * the load, this one much less.
 */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function answered(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One start: spawn, poll until answered, stop (the data directory is released when the process exits). */
async function startOnce(command: string[], dataDir: string): Promise<Run> {
  const port = await freePort();
  // The embedded database: whatever DATABASE_URL the caller's shell has is left out.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd: root,
    // detached: `npm start` runs the service as a grandchild; the whole group is stopped together.
    detached: command[0] === 'npm',
    env: { ...inherited, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const steps: Array<[string, number]> = [];
  let output = '';
  const read = (chunk: Buffer) => {
    const at = performance.now() - started;
    for (const line of chunk.toString().split('\n')) {
      output += `${line}\n`;
      try {
        const msg = String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
        const step = STEPS.find(([pattern]) => pattern.test(msg));
        if (step) steps.push([step[1], at]);
      } catch {
        // not a log line (npm's own output)
      }
    }
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${output.slice(-2000)}`);
      if (await answered(port)) break;
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`no answer within ${GIVE_UP_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const ms = performance.now() - started;
    return { ms, cpuMs: command[0] === 'npm' ? null : cpuMsOf(child.pid), steps };
  } finally {
    if (command[0] === 'npm' && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    } else {
      await stop(child);
    }
  }
}

function summary(name: string, runs: Run[]) {
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const cpu = runs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
  const cpuMedian = cpu.length ? ` | CPU median ${f(cpu.sort((a, b) => a - b)[Math.floor(cpu.length / 2)])}` : '';
  console.log(
    `${name.padEnd(10)} min ${f(sorted[0])}  median ${f(median)}  max ${f(sorted[sorted.length - 1])}  (${runs.length} runs)${cpuMedian}`,
  );
  const last = runs[runs.length - 1];
  let previous = 0;
  const parts = last.steps.map(([step, at]) => {
    const part = `${step} ${f(at - previous)}`;
    previous = at;
    return part;
  });
  parts.push(`first answer ${f(last.ms - previous)}`);
  console.log(`${''.padEnd(10)} last run: ${parts.join(' | ')}`);
}

function readFileSafe(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

async function main() {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-if-changed.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const service = [process.execPath, join(root, 'dist/apps/api/src/main.js')];
  const scratch = mkdtempSync(join(tmpdir(), 'startup-bench-'));
  try {
    const fresh: Run[] = [];
    for (let i = 0; i < RUNS; i++) fresh.push(await startOnce(service, join(scratch, `fresh-${i}`)));
    const reused = join(scratch, 'fresh-0');
    const restart: Run[] = [];
    for (let i = 0; i < RUNS; i++) restart.push(await startOnce(service, reused));
    const npmStart: Run[] = [];
    for (let i = 0; i < RUNS; i++) npmStart.push(await startOnce(['npm', 'start', '--silent'], reused));

    const load = readFileSafe('/proc/loadavg')?.split(' ').slice(0, 3).join(' ') ?? 'unknown';
    console.log(`\nstart-up to first answered request (embedded database, node ${process.version}, load ${load})`);
    summary('fresh', fresh);
    summary('restart', restart);
    summary('npm start', npmStart);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

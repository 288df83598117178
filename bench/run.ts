/**
 * `npm run bench`: throughput and latency of the main operations against the built service on a real
 * PostgreSQL, beside a raw baseline (bench/raw-server.ts) that runs the same SQL and returns the same JSON,
 * at several data sizes. See bench/README.md for what it does and BENCHMARKS.md for the figures.
 *
 * For each size: a throw-away database is created, migrated and filled by `npm run seed:scale`; the built
 * service (`dist/apps/api/src/main.js`) is started on it and warmed; the SQL it runs for each read operation
 * is captured (bench/sql-capture.cjs) and handed to the raw server; then autocannon drives each operation
 * for the given time at the given connections, the service and the raw server alternately. Timings are
 * printed, never asserted; the run fails (exit code 1, after printing the table) only when an answer is
 * wrong: a GraphQL error, a refused mutation, a non-2xx status, a connection error or timeout, or a
 * verification that does not find the chain valid.
 *
 * Options (or environment):
 *   --sizes 10000,1000000   BENCH_SIZES        requests in the data set, one run each (default 10000,1000000)
 *   --duration 20           BENCH_DURATION     seconds per measured run (default 20; quick 5)
 *   --warmup 5              BENCH_WARMUP       seconds of warm-up per read operation (default 5; quick 2)
 *   --connections 16        BENCH_CONNECTIONS  concurrent connections (default 16)
 *   --rounds 2              BENCH_ROUNDS       service/raw alternations per read operation (default 2; quick 1)
 *   --mutations 3000        BENCH_MUTATIONS    most targets per mutation run (default 3000; quick 400)
 *   --verify-runs 3         BENCH_VERIFY_RUNS  verifyAuditChain calls, one at a time (default 3; quick 1)
 *   --quick                                    10,000 requests only, short runs
 *   --write                                    put the results into BENCHMARKS.md (between its markers)
 *   --keep                                     keep the databases (their names are printed)
 *   --database NAME         BENCH_DATABASE     measure an existing database filled by seed:scale --org bench
 *                                              (one size; kept; earlier runs' mutations used some targets);
 *   --database 1000000=NAME                    or per size (SIZE=NAME,...): the other sizes are seeded as usual
 *   BENCH_DATABASE_URL   server and role allowed to CREATE DATABASE (default postgres://postgres@127.0.0.1:5432/test);
 *                        the database it names is only used to create and drop the throw-away ones
 *   BENCH_LOG_LEVEL      the service's LOG_LEVEL (default info, as in production; written to bench/results/<database>.service.log)
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { bodyIsFailure, QUERIES, readOperations, USER_KEYS, UserKey } from './operations';
import type { CapturedStatement, RawPlan } from './raw-server';

const ROOT = join(__dirname, '..');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ORG = 'bench';
const PASSWORD = `bench-${randomBytes(12).toString('hex')}`;
const POOL_SIZE = 10; // the service's default on PostgreSQL (DB_POOL_SIZE), given to the raw server too

interface Options {
  sizes: number[];
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  mutations: number;
  verifyRuns: number;
  quick: boolean;
  write: boolean;
  keep: boolean;
  /** Existing databases (filled by seed:scale --org bench) to measure instead of seeding, by size. */
  databases: Map<number, string>;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      mutations: { type: 'string' },
      'verify-runs': { type: 'string' },
      quick: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      database: { type: 'string' },
    },
  });
  const quick = values.quick;
  const num = (name: string, given: string | undefined, env: string | undefined, dflt: number, min = 1) => {
    const raw = given ?? env;
    const n = raw === undefined ? dflt : Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${raw}`);
    return n;
  };
  const sizesRaw = values.sizes ?? process.env.BENCH_SIZES ?? (quick ? '10000' : '10000,1000000');
  const sizes = sizesRaw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000))
    throw new Error(`--sizes: integers >= 1000, got ${sizesRaw}`);
  const databases = new Map<number, string>();
  const databaseRaw = values.database ?? process.env.BENCH_DATABASE;
  for (const entry of databaseRaw ? databaseRaw.split(',') : []) {
    const [size, name] = entry.includes('=') ? entry.split('=') : [String(sizes[0]), entry];
    if (!entry.includes('=') && sizes.length !== 1)
      throw new Error('--database NAME measures one size: give --sizes N, or map sizes to databases (SIZE=NAME,...)');
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--database: not a plain database name: ${name}`);
    if (!sizes.includes(Number(size))) throw new Error(`--database: ${size} is not one of --sizes ${sizesRaw}`);
    databases.set(Number(size), name);
  }
  return {
    sizes,
    duration: num('duration', values.duration, process.env.BENCH_DURATION, quick ? 5 : 20),
    warmup: num('warmup', values.warmup, process.env.BENCH_WARMUP, quick ? 2 : 5, 0),
    connections: num('connections', values.connections, process.env.BENCH_CONNECTIONS, 16),
    rounds: num('rounds', values.rounds, process.env.BENCH_ROUNDS, quick ? 1 : 2),
    mutations: num('mutations', values.mutations, process.env.BENCH_MUTATIONS, quick ? 400 : 3000, 16),
    verifyRuns: num('verify-runs', values['verify-runs'], process.env.BENCH_VERIFY_RUNS, quick ? 1 : 3),
    quick,
    write: values.write,
    keep: values.keep,
    databases,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Results

interface Measured {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  /** errors + timeouts + non-2xx + answers with GraphQL errors or an error result */
  failures: number;
  note?: string;
}

interface Row {
  operation: string;
  size: number;
  kind: 'list' | 'detail' | 'mutation' | 'verify';
  service: Measured;
  raw?: Measured;
}

class Failures {
  readonly list: string[] = [];
  add(what: string): void {
    this.list.push(what);
    console.error(`  WRONG: ${what}`);
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const log = (line: string) => console.error(line);

// ---------------------------------------------------------------------------------------------------------
// Processes

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; its stdout is returned, its stderr shown. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r.stdout.toString();
}

function tail(child: ChildProcess): () => string {
  let buf = '';
  child.stderr?.on('data', (d: Buffer) => {
    buf = (buf + d.toString()).slice(-4000);
  });
  return () => buf;
}

async function waitFor(
  what: string,
  child: ChildProcess,
  check: () => Promise<boolean>,
  timeoutMs: number,
  err: () => string,
) {
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${err()}`);
    if (await check().catch(() => false)) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what} not ready after ${timeoutMs} ms:\n${err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Service {
  child: ChildProcess;
  /** The end of what the service wrote to stderr (a crash's stack). */
  stderr: () => string;
  url: string;
  sqlLog: string;
  startSeconds: number;
}

async function startService(databaseUrl: string, sqlLog: string): Promise<Service> {
  const port = await freePort();
  const { privateKey } = generateKeyPairSync('ed25519');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_SIGNING_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    SEED_DEMO: 'false',
    // verifyAuditChain over millions of events takes minutes in one request: the longest bound allowed
    // (the reads are measured at their own latency, far below either bound).
    REQUEST_TIMEOUT_MS: '600000',
    BENCH_SQL_LOG: sqlLog,
  };
  writeFileSync(sqlLog, '\n');
  const t0 = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'bench/sql-capture.cjs'), join(ROOT, 'dist/apps/api/src/main.js')],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', openSync(`${sqlLog.replace(/\.sql\.jsonl$/, '')}.service.log`, 'w'), 'pipe', 'ipc'],
    },
  );
  const err = tail(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the service', child, async () => (await fetch(`${url}/ready`)).ok, 120_000, err);
  return { child, stderr: err, url, sqlLog, startSeconds: seconds(t0) };
}

async function startRaw(plan: RawPlan, file: string): Promise<{ child: ChildProcess; url: string; report: unknown }> {
  writeFileSync(file, JSON.stringify(plan));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench/raw-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, BENCH_RAW_PLAN: file },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const err = tail(child);
  let report: unknown = null;
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
    if (line) report = JSON.parse(line);
  });
  await waitFor('the raw server', child, () => Promise.resolve(report !== null), 60_000, err);
  return { child, url: `http://127.0.0.1:${plan.port}`, report };
}

// ---------------------------------------------------------------------------------------------------------
// GraphQL

async function graphql(url: string, token: string | null, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: Record<string, unknown>; errors?: Array<{ message: string }> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 500)}`);
  }
  return { status: res.status, text, body };
}

/**
 * `graphql` for a call that may take longer than fetch's five minutes without an answer's headers (the
 * verification of millions of events): node:http, no client-side timeout.
 */
function longGraphql(url: string, token: string, query: string): ReturnType<typeof graphql> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({
              status: res.statusCode ?? 0,
              text,
              body: JSON.parse(text) as Awaited<ReturnType<typeof graphql>>['body'],
            });
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 500)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

async function login(url: string, email: string): Promise<string> {
  const r = await graphql(
    url,
    null,
    `
      mutation ($e: String!, $p: String!) {
        login(email: $e, password: $p) {
          accessToken
        }
      }
    `,
    {
      e: email,
      p: PASSWORD,
    },
  );
  const token = (r.body.data?.login as { accessToken?: string } | undefined)?.accessToken;
  if (!token) throw new Error(`login of ${email} failed: ${r.text.slice(0, 500)}`);
  return token;
}

// ---------------------------------------------------------------------------------------------------------
// Load

interface LoadSpec {
  url: string;
  /** Fixed request, or a generator giving each request its own body and token (mutations). */
  request:
    { path: string; body: string; token: string } | { path: string; next: () => { body: string; token: string } };
  seconds?: number;
  amount?: number;
  connections: number;
}

async function load(spec: LoadSpec): Promise<Measured & { sample: string | null }> {
  let sample: string | null = null;
  const verifyBody = (raw: string | Buffer | undefined) => {
    const body = String(raw ?? '');
    const ok = !bodyIsFailure(body);
    if (!ok && sample === null) sample = body.slice(0, 600);
    return ok;
  };
  const r = spec.request;
  const requests =
    'next' in r
      ? [
          {
            method: 'POST' as const,
            path: r.path,
            setupRequest: (req: autocannon.Request) => {
              const n = r.next();
              return { ...req, body: n.body, headers: { ...req.headers, authorization: `Bearer ${n.token}` } };
            },
          },
        ]
      : undefined;
  const result = await autocannon({
    url: `${spec.url}${r.path}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...('next' in r ? {} : { authorization: `Bearer ${r.token}` }),
    },
    body: 'next' in r ? undefined : r.body,
    requests,
    connections: spec.connections,
    pipelining: 1,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 10 }),
    verifyBody,
    timeout: 30,
  });
  const elapsed = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000;
  const ok = result['2xx'];
  return {
    // Answers per second over the whole run (mutations stop when their targets run out).
    reqPerSec: spec.amount ? ok / elapsed : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx + result.mismatches,
    sample,
  };
}

function mean(ms: Measured[]): Measured {
  const avg = (f: (m: Measured) => number) => ms.reduce((s, m) => s + f(m), 0) / ms.length;
  return {
    reqPerSec: avg((m) => m.reqPerSec),
    p50: avg((m) => m.p50),
    p99: avg((m) => m.p99),
    requests: ms.reduce((s, m) => s + m.requests, 0),
    failures: ms.reduce((s, m) => s + m.failures, 0),
  };
}

// ---------------------------------------------------------------------------------------------------------
// SQL capture

async function toggleCapture(service: Service, on: boolean): Promise<void> {
  const marker = `\n${JSON.stringify({ recording: on })}\n`;
  const from = readFileSync(service.sqlLog, 'utf8').length - 1;
  service.child.send({ benchSqlCapture: on });
  const t0 = Date.now();
  // Queries still running when recording stops are written after the marker.
  while (!readFileSync(service.sqlLog, 'utf8').includes(marker, Math.max(from, 0))) {
    if (Date.now() - t0 > 60_000) throw new Error(`the service did not ${on ? 'start' : 'stop'} recording SQL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the service answers a probe quickly three times in a row: what a warm-up left queued is done. */
async function idle(service: Service): Promise<void> {
  const t0 = Date.now();
  for (let quick = 0; quick < 3;) {
    const t = process.hrtime.bigint();
    await fetch(`${service.url}/health`);
    quick = seconds(t) < 0.05 ? quick + 1 : 0;
    if (Date.now() - t0 > 120_000) throw new Error('the service is still busy two minutes after the warm-up');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The statements the service ran while answering one request (nothing else runs meanwhile). */
async function captureSql(
  service: Service,
  send: () => Promise<string>,
): Promise<{ statements: CapturedStatement[]; text: string }> {
  await idle(service);
  const before = readFileSync(service.sqlLog, 'utf8').length;
  await toggleCapture(service, true);
  const text = await send();
  await new Promise((r) => setTimeout(r, 50)); // the answer can leave before a release statement is logged
  await toggleCapture(service, false);
  const lines = readFileSync(service.sqlLog, 'utf8').slice(before).split('\n').filter(Boolean);
  const statements = lines
    .map((l) => JSON.parse(l) as CapturedStatement & { recording?: boolean })
    .filter((s) => s.recording === undefined);
  return { statements, text };
}

// ---------------------------------------------------------------------------------------------------------
// One data size

interface SizeReport {
  size: number;
  /** Null when the run measured a database filled earlier (--database). */
  seedSeconds: number | null;
  serviceStartSeconds: number;
  dataset: Record<string, unknown>;
  rows: Row[];
  raw: unknown;
  sql: Record<string, number>;
}

async function benchSize(size: number, o: Options, failures: Failures): Promise<SizeReport> {
  const existing = o.databases.get(size) ?? null;
  const dbName = existing ?? `bench_api_${size}_${Date.now()}`;
  const keep = o.keep || existing !== null;
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const databaseUrl = dbUrl.toString();
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  let service: Service | null = null;
  let raw: { child: ChildProcess; url: string; report: unknown } | null = null;
  let db: Client | null = null;
  const onSignal = () => {
    void Promise.all([stop(service?.child ?? null), stop(raw?.child ?? null)]).finally(async () => {
      await db?.end().catch(() => undefined);
      if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    log(`\n== ${fmt(size)} requests: database ${dbName}`);
    let dataset: Record<string, unknown>;
    let seedSeconds = 0;
    if (existing) {
      db = new Client({ connectionString: databaseUrl });
      await db.connect();
      dataset = await reuse(db);
    } else {
      await admin.query(`CREATE DATABASE ${dbName}`);
      // Migrate and fill.
      const t0 = process.hrtime.bigint();
      const seedOut = run(
        'npm',
        ['run', '--silent', 'seed:scale', '--', '--requests', String(size), '--org', ORG, '--password', PASSWORD],
        { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      );
      seedSeconds = seconds(t0);
      // The result is printed last, as indented JSON: from a line "{" to the next line "}".
      const lines = seedOut.split('\n');
      const first = lines.lastIndexOf('{');
      const last = lines.indexOf('}', first);
      if (first < 0 || last < 0) throw new Error(`seed:scale printed no result:\n${seedOut.slice(-2000)}`);
      dataset = JSON.parse(lines.slice(first, last + 1).join('\n')) as Record<string, unknown>;
      db = new Client({ connectionString: databaseUrl });
      await db.connect();
    }
    await db.query('VACUUM ANALYZE');
    log(
      `   ${existing ? `filled earlier (${dbName})` : `seeded in ${seedSeconds.toFixed(1)} s`}: ${JSON.stringify(dataset.byStatus)}, ${fmt(Number(dataset.auditEvents))} audit events`,
    );

    // Start and sign in.
    service = await startService(databaseUrl, join(RESULTS_DIR, `${dbName}.sql.jsonl`));
    log(`   service answered /ready ${service.startSeconds.toFixed(1)} s after starting`);
    const tokens = {} as Record<UserKey, string>;
    for (const k of USER_KEYS) tokens[k] = await login(service.url, `${k}@${ORG}.scale.example`);
    const org = (await db.query<{ id: string }>(`SELECT id FROM organisation WHERE slug = $1`, [ORG])).rows[0].id;
    const users = (
      await db.query<{ id: string; email: string }>(`SELECT id, email FROM app_user WHERE organisation_id = $1`, [org])
    ).rows;
    const tokenOf = new Map(users.map((u) => [u.id, tokens[u.email.split('@')[0] as UserKey]]));

    // A request with votes and history for the detail screen: the newest decided one.
    const detail = (
      await db.query<{ id: string }>(
        `SELECT r.id FROM adoption_request r WHERE r.organisation_id = $1 AND r.status = 'APPROVED'
          AND EXISTS (SELECT 1 FROM decision_vote v WHERE v.request_id = r.id) ORDER BY r.created_at DESC, r.id LIMIT 1`,
        [org],
      )
    ).rows[0]?.id;
    if (!detail) throw new Error('the data set has no APPROVED request with votes for the detail screen');
    const reads = readOperations(detail);
    const rows: Row[] = [];

    // Check every read answer once, warm up, capture the SQL.
    const plan: RawPlan = { databaseUrl, poolSize: POOL_SIZE, port: await freePort(), operations: {} };
    const sqlCounts: Record<string, number> = {};
    for (const op of reads) {
      const body = JSON.stringify({ query: op.document, variables: op.variables });
      const first = await graphql(service.url, tokens[op.user], op.document, op.variables);
      const why = first.body.errors ? JSON.stringify(first.body.errors).slice(0, 500) : op.check(first.body.data ?? {});
      if (why) throw new Error(`${op.name}: wrong answer: ${why}`);
      if (o.warmup > 0) {
        await load({
          url: service.url,
          request: { path: '/graphql', body, token: tokens[op.user] },
          seconds: o.warmup,
          connections: o.connections,
        });
      }
      const captured = await captureSql(
        service,
        async () => (await graphql(service!.url, tokens[op.user], op.document, op.variables)).text,
      );
      plan.operations[op.name] = { statements: captured.statements, response: JSON.parse(captured.text) };
      sqlCounts[op.name] = captured.statements.length;
    }
    raw = await startRaw(plan, join(RESULTS_DIR, `${dbName}.raw-plan.json`));
    log(`   SQL statements per request: ${JSON.stringify(sqlCounts)}`);

    // Reads: service and raw alternately.
    for (const op of reads) {
      const body = JSON.stringify({ query: op.document, variables: op.variables });
      const svc: Measured[] = [];
      const base: Measured[] = [];
      for (let round = 0; round < o.rounds; round++) {
        await idle(service); // what the previous run left queued is not counted against this one
        const s = await load({
          url: service.url,
          request: { path: '/graphql', body, token: tokens[op.user] },
          seconds: o.duration,
          connections: o.connections,
        });
        if (s.failures)
          failures.add(`${op.name} at ${size}: ${s.failures} failed answers on the service, e.g. ${s.sample}`);
        // Not a wrong answer, but no measurement: the run is too short for the machine's load.
        if (s.requests === 0)
          log(`   ${op.name}: the service answered nothing within ${o.duration} s (a longer --duration?)`);
        svc.push(s);
        const r = await load({
          url: raw.url,
          request: { path: `/${op.name}`, body, token: tokens[op.user] },
          seconds: o.duration,
          connections: o.connections,
        });
        if (r.failures)
          failures.add(`${op.name} at ${size}: ${r.failures} failed answers on the raw server, e.g. ${r.sample}`);
        if (r.requests === 0) log(`   ${op.name}: the raw server answered nothing within ${o.duration} s`);
        base.push(r);
      }
      const row: Row = {
        operation: op.label,
        size,
        kind: op.name === 'requestDetail' ? 'detail' : 'list',
        service: mean(svc),
        raw: mean(base),
      };
      rows.push(row);
      log(
        `   ${op.label}: service ${fmt(row.service.reqPerSec)}/s p50 ${row.service.p50} ms p99 ${row.service.p99} ms; raw ${fmt(row.raw!.reqPerSec)}/s`,
      );
    }

    // Mutations, each request on a target of its own.
    rows.push(await benchSubmit(service, db, org, tokenOf, size, o, failures));
    rows.push(await benchCastDecision(service, db, org, tokenOf, size, o, failures));

    // Verification of the whole chain, after the mutations appended to it.
    rows.push(await benchVerify(service, tokens.auditor, size, o, failures));

    return {
      size,
      seedSeconds: existing ? null : seedSeconds,
      serviceStartSeconds: service.startSeconds,
      dataset,
      rows,
      raw: raw.report,
      sql: sqlCounts,
    };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await stop(raw?.child ?? null);
    await stop(service?.child ?? null);
    await db?.end().catch(() => undefined);
    if (keep) log(`   kept database ${dbName}`);
    else
      await admin
        .query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
        .catch((e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
    await admin.end();
  }
}

/**
 * An existing database filled by seed:scale (--database): the bench users get this run's password, and the
 * data set is described from the tables. The mutations of earlier runs have used some of its targets.
 */
async function reuse(db: Client): Promise<Record<string, unknown>> {
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const updated = await db.query(
    `UPDATE app_user SET password_hash = $1 WHERE organisation_id = (SELECT id FROM organisation WHERE slug = $2)`,
    [hash, ORG],
  );
  if (!updated.rowCount)
    throw new Error(`the database has no organisation "${ORG}" with users (fill it with seed:scale --org ${ORG})`);
  const byStatus = Object.fromEntries(
    (
      await db.query<{ status: string; n: string }>(
        `SELECT status, count(*) AS n FROM adoption_request GROUP BY status ORDER BY status`,
      )
    ).rows.map((r) => [r.status, Number(r.n)]),
  );
  const events = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_event`)).rows[0].n;
  return { byStatus, auditEvents: Number(events), reused: true };
}

function targetsLoad(targets: Array<{ body: string; token: string }>, service: Service, o: Options): LoadSpec {
  let i = 0;
  return {
    url: service.url,
    request: { path: '/graphql', next: () => targets[i++ % targets.length] },
    amount: targets.length,
    connections: o.connections,
  };
}

async function benchSubmit(
  service: Service,
  db: Client,
  org: string,
  tokenOf: Map<string, string>,
  size: number,
  o: Options,
  failures: Failures,
): Promise<Row> {
  // The seed's drafts are complete, but some ask for what their model cannot do (a large model on a laptop,
  // a vendor API offline), which submission rightly refuses. To measure a successful submission, the drafts
  // measured get hardware that fits and a connection and residency a vendor API meets (a throw-away database).
  await db.query(
    `UPDATE adoption_request SET hardware = CASE WHEN deployment_mode = 'VENDOR_API' THEN hardware ELSE 'DATACENTER_GPUS' END,
       connectivity = 'ONLINE', data_residency = CASE WHEN deployment_mode = 'VENDOR_API' THEN '{ANY}' ELSE data_residency END
     WHERE id IN (SELECT id FROM adoption_request WHERE organisation_id = $1 AND status = 'DRAFT' ORDER BY id LIMIT $2)`,
    [org, o.mutations],
  );
  const drafts = (
    await db.query<{ id: string; requester_id: string }>(
      `SELECT id, requester_id FROM adoption_request WHERE organisation_id = $1 AND status = 'DRAFT' ORDER BY id LIMIT $2`,
      [org, o.mutations],
    )
  ).rows.filter((d) => tokenOf.has(d.requester_id));
  if (drafts.length < o.connections) throw new Error(`only ${drafts.length} drafts to submit`);
  const targets = drafts.map((d) => ({
    body: JSON.stringify({ query: QUERIES.submit, variables: { id: d.id } }),
    token: tokenOf.get(d.requester_id)!,
  }));
  const m = await load(targetsLoad(targets, service, o));
  if (m.failures) failures.add(`submitAdoptionRequest at ${size}: ${m.failures} failed or refused, e.g. ${m.sample}`);
  const submitted = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM adoption_request WHERE id = ANY($1) AND status = 'SUBMITTED'`,
      [drafts.map((d) => d.id)],
    )
  ).rows[0].n;
  if (Number(submitted) !== drafts.length)
    failures.add(`submitAdoptionRequest at ${size}: ${submitted} of ${drafts.length} drafts are SUBMITTED`);
  log(`   submitAdoptionRequest: ${fmt(m.reqPerSec)}/s p50 ${m.p50} ms p99 ${m.p99} ms (${drafts.length} drafts)`);
  return {
    operation: 'submitAdoptionRequest',
    size,
    kind: 'mutation',
    service: { ...m, note: `${drafts.length} drafts` },
  };
}

async function benchCastDecision(
  service: Service,
  db: Client,
  org: string,
  tokenOf: Map<string, string>,
  size: number,
  o: Options,
  failures: Failures,
): Promise<Row> {
  // One vote per request awaiting decision, by an approver who may cast it: not the requester, not an
  // assessor of the revision, no vote yet on the revision.
  const pending = (
    await db.query<{ id: string; approver_id: string }>(
      `SELECT r.id, (
         SELECT u.id FROM app_user u
          WHERE u.organisation_id = r.organisation_id AND 'APPROVER' = ANY(u.roles) AND u.active AND u.id <> r.requester_id
            AND NOT EXISTS (SELECT 1 FROM risk_assessment a WHERE a.request_id = r.id AND a.revision = r.revision AND u.id = ANY(a.assessor_ids))
            AND NOT EXISTS (SELECT 1 FROM decision_vote v WHERE v.request_id = r.id AND v.revision = r.revision AND v.approver_id = u.id)
          ORDER BY u.email LIMIT 1) AS approver_id
         FROM adoption_request r WHERE r.organisation_id = $1 AND r.status = 'AWAITING_DECISION' ORDER BY r.id LIMIT $2`,
      [org, o.mutations],
    )
  ).rows.filter((p) => p.approver_id && tokenOf.has(p.approver_id));
  if (pending.length < o.connections) throw new Error(`only ${pending.length} requests awaiting a decision`);
  const since = (await db.query<{ now: Date }>(`SELECT now() AS now`)).rows[0].now;
  const input = {
    vote: 'APPROVE',
    rationale: 'Benchmark vote: the assessment and the conditions are acceptable.',
    conditions: [],
  };
  const targets = pending.map((p) => ({
    body: JSON.stringify({ query: QUERIES.castDecision, variables: { id: p.id, input } }),
    token: tokenOf.get(p.approver_id)!,
  }));
  const m = await load(targetsLoad(targets, service, o));
  if (m.failures) failures.add(`castDecision at ${size}: ${m.failures} failed or refused, e.g. ${m.sample}`);
  const votes = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM decision_vote WHERE request_id = ANY($1) AND rationale LIKE 'Benchmark vote%' AND created_at >= $2`,
      [pending.map((p) => p.id), since],
    )
  ).rows[0].n;
  if (Number(votes) !== pending.length)
    failures.add(`castDecision at ${size}: ${votes} of ${pending.length} votes recorded`);
  log(`   castDecision: ${fmt(m.reqPerSec)}/s p50 ${m.p50} ms p99 ${m.p99} ms (${pending.length} requests)`);
  return {
    operation: 'castDecision (APPROVE)',
    size,
    kind: 'mutation',
    service: { ...m, note: `${pending.length} requests` },
  };
}

async function benchVerify(
  service: Service,
  token: string,
  size: number,
  o: Options,
  failures: Failures,
): Promise<Row> {
  const times: number[] = [];
  let checked = 0;
  for (let i = 0; i < o.verifyRuns; i++) {
    const t0 = process.hrtime.bigint();
    let r: Awaited<ReturnType<typeof graphql>>;
    try {
      r = await longGraphql(service.url, token, QUERIES.verifyAuditChain);
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const exit = service.child.exitCode ?? service.child.signalCode;
      failures.add(`verifyAuditChain at ${size}: ${String(error)}; service exit ${exit}; stderr: ${service.stderr()}`);
      break;
    }
    times.push(seconds(t0) * 1000);
    const v = r.body.data?.verifyAuditChain as { valid?: boolean; checked?: number } | undefined;
    if (!v?.valid) failures.add(`verifyAuditChain at ${size}: not valid: ${r.text.slice(0, 500)}`);
    checked = v?.checked ?? 0;
  }
  if (times.length === 0) {
    const failed = { reqPerSec: 0, p50: 0, p99: 0, requests: 0, failures: 1, note: '0 events (the call failed)' };
    return { operation: 'verifyAuditChain (1 connection)', size, kind: 'verify', service: failed };
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor((times.length - 1) / 2)];
  log(`   verifyAuditChain: ${fmt(checked)} events in ${fmt(p50)} ms (${fmt(checked / (p50 / 1000))} events/s)`);
  return {
    operation: 'verifyAuditChain (1 connection)',
    size,
    kind: 'verify',
    service: {
      reqPerSec: 1000 / p50,
      p50,
      p99: times[times.length - 1],
      requests: times.length,
      failures: 0,
      note: `${fmt(checked)} events, ${fmt(checked / (p50 / 1000))} events/s`,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Table and targets

function table(reports: SizeReport[], o: Options): string {
  const head =
    '| operation | size | service req/s | p50 ms | p99 ms | raw req/s | raw p50 | raw p99 | service/raw | note |';
  const sep = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |';
  const lines = [head, sep];
  for (const rep of reports) {
    for (const r of rep.rows) {
      const s = r.service;
      const raw = r.raw;
      lines.push(
        `| ${r.operation} | ${fmt(r.size)} | ${fmt(s.reqPerSec, r.kind === 'verify' ? 2 : 0)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ` +
          `${raw ? fmt(raw.reqPerSec) : '—'} | ${raw ? fmt(raw.p50) : '—'} | ${raw ? fmt(raw.p99) : '—'} | ` +
          `${raw ? `${fmt((100 * s.reqPerSec) / raw.reqPerSec)}%` : '—'} | ${s.note ?? ''} |`,
      );
    }
  }
  const targets: string[] = [];
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  for (const rep of reports) {
    for (const r of rep.rows.filter((x) => x.raw)) {
      const ratio = r.service.reqPerSec / r.raw!.reqPerSec;
      targets.push(
        `| ≥ 50% of raw throughput | ${r.operation} | ${fmt(r.size)} | ${fmt(100 * ratio)}% | ${mark(ratio >= 0.5)} |`,
      );
    }
  }
  const big = reports.find((r) => r.size === 1_000_000);
  const small = reports.find((r) => r.size === 10_000);
  if (big) {
    for (const r of big.rows.filter((x) => x.raw)) {
      targets.push(
        `| p99 < 50 ms at ${o.connections} connections, 1M | ${r.operation} | 1,000,000 | ${fmt(r.service.p99)} ms | ${mark(r.service.p99 < 50)} |`,
      );
    }
    if (small) {
      for (const r of big.rows.filter((x) => x.raw)) {
        const at10k = small.rows.find((x) => x.operation === r.operation)!;
        const f = r.service.p50 / Math.max(at10k.service.p50, 1);
        targets.push(
          `| p50 at 1M ≤ 1.5 × p50 at 10k | ${r.operation} | 1M vs 10k | ${fmt(r.service.p50)} vs ${fmt(at10k.service.p50)} ms (${fmt(f, 2)}x) | ${mark(f <= 1.5)} |`,
        );
      }
    }
    const v = big.rows.find((x) => x.kind === 'verify');
    if (v) {
      const checked = Number(String(v.service.note).split(' ')[0].replace(/,/g, ''));
      const rate = checked / (v.service.p50 / 1000);
      targets.push(
        `| audit verification ≥ 200,000 events/s | verifyAuditChain | ${fmt(checked)} events | ${fmt(rate)}/s | ${mark(rate >= 200_000)} |`,
      );
    }
  } else {
    targets.push('| p99 < 50 ms and p50 growth at 1M | (not measured: no 1,000,000 run) | | | |');
  }
  return [
    lines.join('\n'),
    '',
    '| target | operation | size | measured | |',
    '| --- | --- | ---: | ---: | --- |',
    ...targets,
  ].join('\n');
}

function machine(): string {
  const pg = spawnSync('psql', [SERVER_URL, '-Atc', 'SHOW server_version'], { encoding: 'utf8' });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const v = (n: string) => `${n} ${pkg.dependencies[n] ?? pkg.devDependencies[n]}`;
  return [
    `- CPU: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; RAM ${fmt(totalmem() / 1024 ** 3, 1)} GiB`,
    `- Node ${process.version}; PostgreSQL ${pg.stdout.trim() || '(psql not found)'}`,
    `- ${['@nestjs/core', '@apollo/server', 'graphql', 'typeorm', 'pg', 'dataloader', 'autocannon'].map(v).join(', ')}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const t0 = process.hrtime.bigint();
  log(`building the service if its sources changed`);
  run(process.execPath, [join(ROOT, 'scripts/build-if-changed.mjs')], process.env);
  if (!existsSync(join(ROOT, 'dist/apps/api/src/main.js')))
    throw new Error('dist/apps/api/src/main.js is missing after the build');
  const failures = new Failures();
  const reports: SizeReport[] = [];
  for (const size of o.sizes) reports.push(await benchSize(size, o, failures));
  const total = seconds(t0);
  const started = new Date().toISOString();
  const settings =
    `${o.connections} connections, ${o.duration} s per run, ${o.warmup} s warm-up, ${o.rounds} round(s) service/raw alternated, ` +
    `at most ${o.mutations} targets per mutation run, ${o.verifyRuns} verification(s)`;
  const details = reports
    .map(
      (r) =>
        `- ${fmt(r.size)} requests: ${r.seedSeconds === null ? 'filled earlier' : `seeded in ${r.seedSeconds.toFixed(0)} s`} (${JSON.stringify(r.dataset.byStatus)}, ` +
        `${fmt(Number(r.dataset.auditEvents))} audit events); service ready ${r.serviceStartSeconds.toFixed(1)} s after start; ` +
        `SQL statements per request ${JSON.stringify(r.sql)}`,
    )
    .join('\n');
  const md = [
    `Run of ${started} (${o.quick ? 'quick mode' : 'full'}; ${settings}; took ${fmt(total / 60, 1)} min)`,
    '',
    machine(),
    '',
    table(reports, o),
    '',
    details,
  ].join('\n');
  console.log(`\n${md}\n`);
  const stamp = started.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS_DIR, `${stamp}.md`), md + '\n');
  writeFileSync(join(RESULTS_DIR, `${stamp}.json`), JSON.stringify({ started, options: o, reports }, null, 2));
  log(`results: bench/results/${stamp}.md and .json`);
  if (o.write) {
    const file = join(ROOT, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const re = /<!-- bench:results -->[\s\S]*<!-- \/bench:results -->/;
    if (!re.test(text))
      throw new Error('BENCHMARKS.md has no <!-- bench:results --> ... <!-- /bench:results --> block');
    writeFileSync(file, text.replace(re, `<!-- bench:results -->\n${md}\n<!-- /bench:results -->`));
    log('BENCHMARKS.md updated');
  }
  if (failures.list.length) {
    appendFileSync(join(RESULTS_DIR, `${stamp}.md`), `\nWRONG ANSWERS:\n${failures.list.join('\n')}\n`);
    throw new Error(`${failures.list.length} wrong result(s):\n${failures.list.join('\n')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * Benchmark of audit-chain verification (`AuditVerificationService.verify`) on a large chain.
 *
 * It measures, on a real PostgreSQL:
 *  - how long it takes to load N valid, hash-chained events (bulk multi-row INSERTs, reported apart);
 *  - how long verifying the whole chain takes (seconds and events/second), and the peak RSS and heap
 *    sampled every 100 ms while it runs: the service reads keyset batches of 2000 ahead while worker
 *    threads hash the earlier ones, a few batches in flight at most, so memory should stay flat however
 *    long the chain is;
 *  - that the last events deleted behind the triggers, the stored head left as it was, are detected as
 *    TRUNCATED, and how long that takes (the deleted rows are put back afterwards);
 *  - that a payload tampered in the middle of the chain (trigger disabled as superuser) is detected
 *    as HASH_MISMATCH at that seq, and how long detection takes.
 *
 * It creates a throw-away database `bench_<timestamp>` and drops it at the end, also on failure or
 * Ctrl-C. Timings are printed, never asserted; only correctness (valid / checked / tamper) is.
 *
 * Run:  npm run bench:audit
 * Env:  BENCH_DATABASE_URL  server to use, as a role allowed to CREATE DATABASE and ALTER TABLE
 *                           (default postgres://postgres@127.0.0.1:5432/test)
 *       BENCH_EVENTS        number of events (default 1000000)
 *       BENCH_WORKERS       hashing threads (default: the service's, the cores up to 4)
 *       BENCH_RUNS          intact verifications to time (default 3)
 *       NODE_OPTIONS=--expose-gc  lets the benchmark collect garbage before measuring memory
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RequestContext } from '@app/core';
import { createDataSource, Db } from '@app/persistence';
import {
  AuditChainHeadEntity,
  AuditEventEntity,
  AuditHashWorkers,
  AuditVerificationExtensions,
  AuditVerificationService,
  ChainVerification,
  ChainedEvent,
  GENESIS_HASH,
  hashEvent,
} from '@app/audit';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROWS_PER_INSERT = 1000; // 17 parameters a row: 17,000 per statement, under PostgreSQL's 65,535
const ROWS_PER_TRANSACTION = 100_000;
const COLUMNS = (
  'id organisation_id seq occurred_at actor_id actor_label actor_roles action subject_type subject_id ' +
  'from_state to_state payload request_id correlation_id previous_hash hash'
).split(' ');
const INSERT_SQL = `INSERT INTO audit_event (${COLUMNS.join(', ')}) VALUES `;
const TRANSITIONS = [
  ['adoption.created', null, 'DRAFT'],
  ['adoption.submitted', 'DRAFT', 'SUBMITTED'],
  ['adoption.assessed', 'SUBMITTED', 'IN_REVIEW'],
  ['adoption.approved', 'IN_REVIEW', 'APPROVED'],
] as const;

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const mem = (m: { start: NodeJS.MemoryUsage; peak: { rss: number; heap: number } }) =>
  `${mb(m.start.rss)} -> ${mb(m.peak.rss)} MB RSS / ${mb(m.start.heapUsed)} -> ${mb(m.peak.heap)} MB heap`;
const gcExposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** A plausible event: a handful of actors, request subjects reused by several events, small payloads. */
function makeEvent(
  orgId: string,
  seq: number,
  previousHash: string,
  actors: string[],
  subjects: string[],
): ChainedEvent {
  const [action, fromState, toState] = TRANSITIONS[seq % TRANSITIONS.length];
  const actor = seq % 10 === 0 ? null : actors[seq % actors.length];
  return {
    organisationId: orgId,
    seq,
    occurredAt: new Date(Date.UTC(2025, 0, 1) + seq * 1000),
    actorId: actor,
    actorLabel: actor ? `user${seq % actors.length}@bench.example` : 'system',
    actorRoles: actor ? ['APPROVER', 'REQUESTER'] : [],
    action,
    subjectType: 'AdoptionRequest',
    subjectId: subjects[seq % subjects.length],
    fromState,
    toState,
    payload: { n: seq, title: `Request ${seq % subjects.length}`, tags: ['bench', action] },
    requestId: randomUUID(),
    correlationId: `req-${seq}`,
    previousHash,
  };
}

/** Builds one multi-row INSERT; returns its text, parameters and the last hash. */
function buildBatch(orgId: string, from: number, to: number, prev: string, actors: string[], subjects: string[]) {
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (let seq = from; seq <= to; seq++) {
    const e = makeEvent(orgId, seq, prev, actors, subjects);
    const hash = hashEvent(e);
    const base = params.length;
    tuples.push(`(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(',')})`);
    // makeEvent lists the fields in COLUMNS order (between id and hash); pg serialises Date, array, object.
    params.push(randomUUID(), ...Object.values(e), hash);
    prev = hash;
  }
  return { sql: INSERT_SQL + tuples.join(','), params, last: prev };
}

/** Inserts the organisation and its N-event chain; hashing the next batch overlaps the current INSERT. */
async function seed(client: Client, n: number): Promise<{ orgId: string; headHash: string }> {
  const [org] = (await client.query(`INSERT INTO organisation (slug, name) VALUES ('bench', 'Bench') RETURNING id`))
    .rows as Array<{ id: string }>;
  const actors = Array.from({ length: 20 }, () => randomUUID());
  const subjects = Array.from({ length: Math.max(1, Math.ceil(n / 20)) }, () => randomUUID());
  let prev = GENESIS_HASH;
  let pending: Promise<unknown> = Promise.resolve();
  for (let from = 1; from <= n; from += ROWS_PER_INSERT) {
    const to = Math.min(n, from + ROWS_PER_INSERT - 1);
    if ((from - 1) % ROWS_PER_TRANSACTION === 0) {
      await pending;
      if (from > 1) await client.query('COMMIT');
      await client.query('BEGIN');
    }
    const batch = buildBatch(org.id, from, to, prev, actors, subjects);
    prev = batch.last;
    await pending;
    pending = client.query(batch.sql, batch.params);
  }
  await pending;
  await client.query(`INSERT INTO audit_chain_head (organisation_id, seq, hash) VALUES ($1, $2, $3)`, [
    org.id,
    n,
    prev,
  ]);
  await client.query('COMMIT');
  return { orgId: org.id, headHash: prev };
}

/** Runs one verification, timing it and sampling memory every 100 ms. */
async function measure(service: AuditVerificationService, ctx: RequestContext) {
  gc();
  const start = process.memoryUsage();
  const peak = { rss: start.rss, heap: start.heapUsed };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  };
  const timer = setInterval(sample, 100);
  const t0 = process.hrtime.bigint();
  try {
    const result = await service.verify(ctx);
    const elapsed = seconds(t0);
    sample();
    return { result, elapsed, peak, start };
  } finally {
    clearInterval(timer);
  }
}

function assert(condition: boolean, message: string, result: ChainVerification): void {
  if (!condition) throw new Error(`${message}: ${JSON.stringify(result)}`);
}

async function main(): Promise<void> {
  if (!Number.isInteger(EVENTS) || EVENTS < 2) throw new Error(`BENCH_EVENTS must be an integer >= 2`);
  const dbName = `bench_${Date.now()}`;
  const benchUrl = new URL(SERVER_URL);
  benchUrl.pathname = `/${dbName}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  let dataSource: DataSource | null = null;
  let client: Client | null = null;
  const workers = new AuditHashWorkers(WORKERS);
  let created = false;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await client?.end().catch(() => undefined);
    await workers.close();
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    try {
      if (created) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    } catch (error) {
      console.error(`could not drop ${dbName}; drop it by hand`, error);
    } finally {
      await admin.end();
    }
  };
  const onSignal = () => {
    console.error(`\ninterrupted; dropping ${dbName}`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
    created = true;
    const setupStart = process.hrtime.bigint();
    dataSource = createDataSource(benchUrl.toString(), [AuditEventEntity, AuditChainHeadEntity], 4);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const migrateSeconds = seconds(setupStart);

    client = new Client({ connectionString: benchUrl.toString() });
    await client.connect();
    const insertStart = process.hrtime.bigint();
    const { orgId, headHash } = await seed(client, EVENTS);
    const insertSeconds = seconds(insertStart);
    const vacuumStart = process.hrtime.bigint();
    await client.query('VACUUM ANALYZE audit_event');
    const vacuumSeconds = seconds(vacuumStart);

    const service = new AuditVerificationService(new Db(dataSource), new AuditVerificationExtensions(), workers);
    const ctx = RequestContext.system('bench', dataSource.manager, orgId);

    // The first run includes starting the worker threads (from source, each compiles its code with ts-node).
    const intact = [];
    for (let run = 0; run < Math.max(1, RUNS); run++) {
      const m = await measure(service, ctx);
      const r = m.result;
      assert(r.valid && r.checked === EVENTS && r.headSeq === EVENTS && r.headHash === headHash, 'intact chain', r);
      intact.push(m);
    }
    const ok = intact.reduce((best, m) => (m.elapsed < best.elapsed ? m : best));
    const r = ok.result;

    const cut = Math.min(10, EVENTS - 1);
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete');
    const removed = await client.query(`DELETE FROM audit_event WHERE organisation_id = $1 AND seq > $2 RETURNING *`, [
      orgId,
      EVENTS - cut,
    ]);
    await client.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete');
    await client.query('COMMIT');
    const cutShort = await measure(service, ctx);
    const c = cutShort.result;
    assert(!c.valid && c.reason === 'TRUNCATED' && c.firstInvalidSeq === EVENTS - cut + 1, 'truncated chain', c);
    await client.query(`INSERT INTO audit_event SELECT * FROM json_populate_recordset(null::audit_event, $1::json)`, [
      JSON.stringify(removed.rows),
    ]);

    const tamperSeq = Math.ceil(EVENTS / 2);
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete');
    const updated = await client.query(
      `UPDATE audit_event SET payload = payload || '{"tampered": true}' WHERE organisation_id = $1 AND seq = $2`,
      [orgId, tamperSeq],
    );
    await client.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete');
    await client.query('COMMIT');
    if (updated.rowCount !== 1) throw new Error(`tamper updated ${updated.rowCount} rows`);

    const bad = await measure(service, ctx);
    const t = bad.result;
    assert(!t.valid && t.firstInvalidSeq === tamperSeq && t.reason === 'HASH_MISMATCH', 'tampered chain', t);
    assert(t.checked === tamperSeq - 1, 'tampered chain checked count', t);

    const rate = (s: number, n: number) => Math.round(n / s).toLocaleString('en-US');
    console.log(
      [
        `audit chain verification benchmark (${dbName}, node ${process.version}, gc ${gcExposed ? 'forced before each run' : 'not exposed'})`,
        `  events              ${EVENTS.toLocaleString('en-US')}`,
        `  migrate             ${migrateSeconds.toFixed(2)} s`,
        `  insert              ${insertSeconds.toFixed(2)} s (${rate(insertSeconds, EVENTS)} events/s, ${ROWS_PER_INSERT} rows/INSERT)`,
        `  vacuum analyze      ${vacuumSeconds.toFixed(2)} s`,
        `  hash workers        ${workers.size} threads (${process.env.BENCH_WORKERS ? 'BENCH_WORKERS' : 'the cores, at most 4'})`,
        ...intact.map(
          (m, i) =>
            `  verify (intact) #${i + 1}  ${m.elapsed.toFixed(2)} s (${rate(m.elapsed, EVENTS)} events/s)${i === 0 ? ' (starts the workers)' : ''}`,
        ),
        `  verify (best)       ${ok.elapsed.toFixed(2)} s (${rate(ok.elapsed, EVENTS)} events/s) -> valid=${r.valid} checked=${r.checked}`,
        `  peak RSS / heap     ${mem(ok)} (at start -> peak, sampled every 100 ms)`,
        `  verify (truncated)  ${cutShort.elapsed.toFixed(2)} s -> valid=${c.valid} reason=${c.reason} firstInvalidSeq=${c.firstInvalidSeq} (last ${cut} events deleted, head kept)`,
        `  verify (tampered)   ${bad.elapsed.toFixed(2)} s (${rate(bad.elapsed, t.checked + 1)} events/s) -> valid=${t.valid} firstInvalidSeq=${t.firstInvalidSeq} reason=${t.reason} checked=${t.checked}`,
        `  peak RSS / heap     ${mem(bad)}`,
        `  tamper detection    ${t.firstInvalidSeq === tamperSeq ? 'OK' : 'FAILED'} (payload of seq ${tamperSeq} changed)`,
      ].join('\n'),
    );
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { AdoptionStatus, formatReference } from '@app/adoption';
import { ChainedEvent, hashEvent, SYSTEM_ACTOR } from '@app/audit';
import { APP_CONFIG, AppConfig, BadUserInputError, RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { Actor, DAY, Pending, PlannedEvent, planRequest, random, Timeline } from './scale-seed-plan';
import {
  BATCH_ROWS,
  connection,
  CopyPiece,
  COPY_ROWS,
  copyInto,
  copyRow,
  insertSql,
  jsonRow,
  Row,
  STATEMENT_ROWS,
  Table,
  TABLE_ORDER,
} from './scale-seed-rows';
import { actorOf, buildTemplates, ensureOrganisation, SCALE_USERS, scaleUserEmail } from './scale-seed-setup';

/**
 * The final states of generated requests, in percent (they add up to 100). An APPROVED request whose
 * approval would already have lapsed is written as EXPIRED instead (and EXPIRED falls back to APPROVED when
 * the approval is still valid), so the exact split depends on the time span; the result reports it.
 * Requests that pass review go through one round of CHANGES_REQUESTED and a resubmission (revision 2)
 * one time in five.
 */
export const SCALE_STATUS_MIX: ReadonlyArray<[AdoptionStatus, number]> = [
  [AdoptionStatus.DRAFT, 10],
  [AdoptionStatus.SUBMITTED, 8],
  [AdoptionStatus.IN_REVIEW, 8],
  [AdoptionStatus.CHANGES_REQUESTED, 6],
  [AdoptionStatus.AWAITING_DECISION, 10],
  [AdoptionStatus.APPROVED, 35],
  [AdoptionStatus.REJECTED, 8],
  [AdoptionStatus.WITHDRAWN, 7],
  [AdoptionStatus.EXPIRED, 5],
  [AdoptionStatus.REVOKED, 3],
];

export interface ScaleSeedOptions {
  /** How many adoption requests to add. */
  requests: number;
  /** The organisation's slug; created (with its catalog and baseline policy) when missing. */
  org: string;
  /** The users' password (the CLI passes DEMO_PASSWORD or --password). */
  password: string;
  /** Add to an organisation that already has requests (otherwise that is refused). */
  append?: boolean;
  /** Requests are created over this many days before `now` (default 365). */
  days?: number;
  now?: Date;
  /**
   * On PostgreSQL, drop the written tables' secondary indexes and build them again after the load (true), keep
   * them (false), or decide by size (default: when the database holds fewer requests than the load adds).
   */
  rebuildIndexes?: boolean;
  /** Seed of the pseudo-random generator, so a run can be repeated (default 1). */
  seed?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface ScaleSeedResult {
  organisation: { id: string; slug: string };
  users: Array<{ email: string; roles: string[]; expertise: string[] }>;
  requests: number;
  byStatus: Record<string, number>;
  auditEvents: number;
  riskAssessments: number;
  votes: number;
  decisionRecords: number;
  /** Secondary indexes dropped before the load and built again after it (0 when they were maintained). */
  indexesRebuilt: number;
  seconds: number;
}

export { scaleUserEmail };

/**
 * Fills an organisation with `requests` adoption requests in realistic states (see SCALE_STATUS_MIX), with
 * their risk assessments, votes, frozen decision records and the audit events each step writes, hashed into
 * the organisation's chain exactly as AuditService.append does (hashEvent over the canonical event, each
 * linking the previous hash) and the chain head moved to the last one. Everything is written in one
 * transaction that holds the chain head's row lock, so nothing else appends meanwhile and a failure leaves
 * nothing behind.
 *
 * For benchmarks and tests only: it writes other libraries' tables directly, in batched multi-row inserts
 * (one jsonb array per statement, unpacked with jsonb_to_recordset), which works the same on PostgreSQL and on
 * the embedded database. The organisation, its users, catalog and baseline policy are created through the
 * services. Refuses an organisation that already has requests unless `append` is set.
 */
export async function seedScale(app: INestApplicationContext, o: ScaleSeedOptions): Promise<ScaleSeedResult> {
  if (!Number.isSafeInteger(o.requests) || o.requests < 1) {
    throw new BadUserInputError('requests must be a positive whole number', 'requests');
  }
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const db = app.get(Db);
  const now = (o.now ?? new Date()).getTime();
  const days = o.days ?? 365;
  const rnd = random(o.seed ?? 1);

  // 1. The organisation and its people, through the services (idempotent).
  const { orgId, users } = await ensureOrganisation(app, o);
  const base = () => RequestContext.system(`scale-seed-${randomUUID()}`, db.context('x', null, null).em, orgId);

  // 2. What each scenario and model is assessed and judged as, by the service's own engine and policies.
  const templates = await buildTemplates(app, base(), users.get('requester1')!.id);
  if (templates.length === 0) throw new BadUserInputError(`organisation ${o.org} has no usable catalog models`, 'org');
  log(
    `organisation, users and ${templates.length} scenario/model templates ready after ${(Date.now() - started) / 1000} s`,
  );

  const requesters = [1, 2, 3, 4].map((n) => actorOf(users.get(`requester${n}`)!));
  const reviewers = [1, 2].map((n) => actorOf(users.get(`reviewer${n}`)!));
  const approvers = [1, 2, 3, 4].map((n) => actorOf(users.get(`approver${n}`)!));
  const system: Actor = { id: null, label: SYSTEM_ACTOR, roles: [], expertise: [] };

  // PostgreSQL takes the rows through COPY; the embedded database (whose socket does not carry COPY FROM STDIN)
  // through batched inserts.
  const copy = !app.get<AppConfig>(APP_CONFIG).embedded;
  const rowsPerFlush = copy ? COPY_ROWS : BATCH_ROWS * 4;
  const counts = { auditEvents: 0, riskAssessments: 0, votes: 0, decisionRecords: 0 };
  const byStatus: Record<string, number> = {};
  let indexesRebuilt = 0;

  await db.transaction(base(), async (ctx) => {
    const q = (sql: string, params?: unknown[]) => ctx.em.query(sql, params) as Promise<Array<Record<string, unknown>>>;
    await q(`INSERT INTO audit_chain_head (organisation_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`, [
      orgId,
      '0'.repeat(64),
    ]);
    const [head] = await q(`SELECT seq, hash FROM audit_chain_head WHERE organisation_id = $1 FOR UPDATE`, [orgId]);
    const [{ n: existing }] = await q(`SELECT count(*)::int AS n FROM adoption_request WHERE organisation_id = $1`, [
      orgId,
    ]);
    if (Number(existing) > 0 && !o.append) {
      throw new BadUserInputError(
        `organisation ${o.org} already has ${existing} requests: pass --append to add more`,
        'org',
      );
    }
    if (copy) {
      // lz4 compresses the large documents (assessment items, decision snapshots) several times faster than
      // the default pglz; it is only a storage choice, reads are unchanged. Servers built without lz4 keep pglz.
      const [lz4] = await q(
        `SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`,
      );
      if (lz4?.ok) await q(`SET LOCAL default_toast_compression = 'lz4'`);
    }
    // When the load at least doubles the data (a new database), the secondary indexes are built once after it,
    // by sorting, rather than maintained row by row: several times faster. In the same transaction, so a
    // failure leaves them as they were; indexes that back constraints (keys, uniqueness) stay and are checked
    // on every row.
    const rebuild =
      copy && o.rebuildIndexes !== false ? await dropSecondaryIndexes(q, o.rebuildIndexes ?? o.requests) : [];
    indexesRebuilt = rebuild.length;
    if (rebuild.length) log(`${rebuild.length} secondary indexes will be built after the load`);
    let seq = Number(head.seq);
    let previousHash = String(head.hash);
    // References: AR-<year of creation>-<n>, continuing each year's counter.
    const counters = new Map<number, number>();
    for (const row of await q(
      `SELECT year, last FROM adoption_reference_counter WHERE organisation_id = $1 FOR UPDATE`,
      [orgId],
    )) {
      counters.set(Number(row.year), Number(row.last));
    }

    // Per table: COPY pieces on PostgreSQL, one JSON object per row on the embedded database.
    const buffers: Record<Table, CopyPiece[]> = {
      adoption_request: [],
      audit_event: [],
      risk_assessment: [],
      decision_vote: [],
      decision_record: [],
    };
    let buffered = 0;
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const batch = TABLE_ORDER.map((t) => [t, buffers[t].splice(0)] as const);
      buffered = 0;
      await writing; // one batch at a time on the transaction's connection; the next is built meanwhile
      writing = (async () => {
        const client = copy ? await connection(ctx) : null;
        for (const [table, rows] of batch) {
          if (client) {
            if (rows.length) await copyInto(client, table, rows);
            continue;
          }
          const n = STATEMENT_ROWS[table] ?? BATCH_ROWS;
          for (let i = 0; i < rows.length; i += n) await q(insertSql(table), [`[${rows.slice(i, i + n).join(',')}]`]);
        }
      })();
      writing.catch(() => undefined); // awaited below; this only avoids an unhandled rejection meanwhile
    };
    const add = (table: Table, row: Row) => {
      if (copy) copyRow(table, row, buffers[table]);
      else buffers[table].push(jsonRow(table, row));
      buffered++;
    };
    const flushIfFull = () => (buffered >= rowsPerFlush ? flush() : undefined);

    const timeline = new Timeline();
    let order = 0;
    // A planned event becomes due with its rows; a decision brings its frozen-record event right after it.
    const pending = (p: PlannedEvent): Pending => ({
      ...p,
      order: order++,
      emit: (event) => {
        for (const [table, row] of p.rows?.(event) ?? []) {
          if (table === 'risk_assessment') counts.riskAssessments++;
          if (table === 'decision_vote') counts.votes++;
          if (table === 'decision_record') counts.decisionRecords++;
          add(table, row);
        }
        const next = p.follow?.(event);
        return next ? pending(next) : undefined;
      },
    });
    const write = (p: Pending) => {
      for (let next: Pending | void = p; next;) {
        seq++;
        const event: ChainedEvent = {
          organisationId: orgId,
          seq,
          occurredAt: new Date(next.at),
          actorId: next.actor.id,
          actorLabel: next.actor.label,
          actorRoles: [...next.actor.roles].sort(),
          action: next.action,
          subjectType: next.subjectType,
          subjectId: next.subjectId,
          fromState: next.fromState,
          toState: next.toState,
          payload: next.payload,
          requestId: next.requestId,
          correlationId: next.correlationId,
          previousHash,
        };
        const hash = hashEvent(event);
        const id = randomUUID();
        previousHash = hash;
        counts.auditEvents++;
        add('audit_event', {
          id,
          organisation_id: orgId,
          seq,
          occurred_at: event.occurredAt.toISOString(),
          actor_id: event.actorId,
          actor_label: event.actorLabel,
          actor_roles: event.actorRoles,
          action: event.action,
          subject_type: event.subjectType,
          subject_id: event.subjectId,
          from_state: event.fromState,
          to_state: event.toState,
          payload: event.payload,
          request_id: event.requestId,
          correlation_id: event.correlationId,
          previous_hash: event.previousHash,
          hash,
        });
        next = next.emit?.({ ...event, id, hash });
      }
    };
    const drainUntil = async (t: number) => {
      while (timeline.size && timeline.peek()!.at <= t) {
        write(timeline.pop()!);
        await flushIfFull();
      }
    };

    const mix = SCALE_STATUS_MIX;
    const startAt = now - days * DAY;
    const step = (days * DAY) / o.requests;
    for (let i = 0; i < o.requests; i++) {
      const createdAt = Math.floor(startAt + i * step + rnd.next() * step * 0.5);
      await drainUntil(createdAt);
      const template = rnd.pick(templates);
      const requester = rnd.pick(requesters);
      let target = mix[mix.length - 1][0];
      for (let r = rnd.next() * 100, k = 0; k < mix.length; k++) {
        r -= mix[k][1];
        if (r < 0) {
          target = mix[k][0];
          break;
        }
      }
      const year = new Date(createdAt).getUTCFullYear();
      const number = (counters.get(year) ?? 0) + 1;
      counters.set(year, number);
      const plan = planRequest({
        orgId,
        reference: formatReference(year, number),
        template,
        requester,
        reviewer: rnd.pick(reviewers),
        approvers,
        system,
        target,
        createdAt,
        now,
        rnd,
      });
      byStatus[plan.status] = (byStatus[plan.status] ?? 0) + 1;
      add('adoption_request', plan.row);
      for (const p of plan.events) timeline.push(pending(p));
      await flushIfFull();
      // Let the connection send what is queued while the next requests are generated.
      if ((i + 1) % 500 === 0) await new Promise(setImmediate);
      if ((i + 1) % 50_000 === 0) log(`${i + 1} requests, ${seq} events after ${(Date.now() - started) / 1000} s`);
    }
    log(`${o.requests} requests generated after ${(Date.now() - started) / 1000} s`);
    await drainUntil(Number.POSITIVE_INFINITY);
    await flush();
    await writing;
    for (const [year, last] of counters) {
      await q(
        `INSERT INTO adoption_reference_counter AS c (organisation_id, year, last) VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id, year) DO UPDATE SET last = greatest(c.last, EXCLUDED.last)`,
        [orgId, year, last],
      );
    }
    await q(`UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE organisation_id = $1`, [orgId, seq, previousHash]);
    if (rebuild.length) {
      log(`${seq} events written after ${(Date.now() - started) / 1000} s; building indexes`);
      await q(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const definition of rebuild) await q(definition);
    }
    log(`${seq} events written after ${(Date.now() - started) / 1000} s; committing`);
  });

  return {
    organisation: { id: orgId, slug: o.org },
    users: SCALE_USERS.map((u) => ({ email: scaleUserEmail(o.org, u.key), roles: u.roles, expertise: u.expertise })),
    requests: o.requests,
    byStatus,
    ...counts,
    indexesRebuilt,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/**
 * Drops the indexes of the tables the seed writes that back no constraint and returns their definitions (to
 * run again after the load): always (`true`), or when the database holds fewer adoption requests (of any
 * organisation) than the load adds (a number); otherwise drops nothing.
 */
async function dropSecondaryIndexes(
  q: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>,
  when: true | number,
): Promise<string[]> {
  if (when !== true) {
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM (SELECT 1 FROM adoption_request LIMIT $1) AS existing`, [
      when,
    ]);
    if (Number(n) >= when) return [];
  }
  const indexes = await q(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [TABLE_ORDER],
  );
  for (const index of indexes) await q(`DROP INDEX ${String(index.name)}`);
  return indexes.map((index) => String(index.definition));
}

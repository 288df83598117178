import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { INestApplicationContext } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  AdoptionRequestEntity,
  AdoptionStatus,
  approvalNeeds,
  DECISION_RECORD_FROZEN,
  DECISION_RECORD_SUBJECT,
  DEMO_REQUESTS,
  formatReference,
  PolicyEvaluation,
  PolicyHook,
  PreAssessmentHook,
} from '@app/adoption';
import { ChainedEvent, hashEvent, SYSTEM_ACTOR } from '@app/audit';
import { AiModelEntity, AiModelQueryService } from '@app/catalog';
import { APP_CONFIG, AppConfig, BadUserInputError, Expertise, RequestContext, Role } from '@app/core';
import { OrganisationService, UserEntity, UserService } from '@app/identity';
import { Db } from '@app/persistence';
import { approvalExpiry, AssessmentItem, quorumFor, RiskTier, summarise } from '@app/risk';

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
  seconds: number;
}

interface ScaleUser {
  key: string;
  displayName: string;
  roles: Role[];
  expertise: Expertise[];
}

/** The organisation's people: several of each role, the approvers between them holding every expertise. */
const SCALE_USERS: ScaleUser[] = [
  { key: 'admin', displayName: 'Scale Admin', roles: [Role.ORG_ADMIN], expertise: [] },
  { key: 'policy', displayName: 'Scale Policy', roles: [Role.POLICY_ADMIN], expertise: [] },
  ...[1, 2, 3, 4].map((n) => ({
    key: `requester${n}`,
    displayName: `Requester ${n}`,
    roles: [Role.REQUESTER],
    expertise: [],
  })),
  ...[1, 2].map((n) => ({ key: `reviewer${n}`, displayName: `Reviewer ${n}`, roles: [Role.REVIEWER], expertise: [] })),
  { key: 'approver1', displayName: 'Approver 1', roles: [Role.APPROVER], expertise: [Expertise.SECURITY] },
  {
    key: 'approver2',
    displayName: 'Approver 2',
    roles: [Role.APPROVER],
    expertise: [Expertise.LEGAL, Expertise.DATA_PROTECTION],
  },
  {
    key: 'approver3',
    displayName: 'Approver 3',
    roles: [Role.APPROVER],
    expertise: [Expertise.ETHICS, Expertise.TECHNICAL],
  },
  {
    key: 'approver4',
    displayName: 'Approver 4',
    roles: [Role.APPROVER],
    expertise: [Expertise.SECURITY, Expertise.TECHNICAL],
  },
  { key: 'auditor', displayName: 'Scale Auditor', roles: [Role.AUDITOR], expertise: [] },
];

export const scaleUserEmail = (slug: string, key: string) => `${key}@${slug}.scale.example`;

const DAY = 86_400_000;
/** Rows per statement: fewer for the tables with large documents (a decision record's snapshot is ~20 kB). */
const BATCH_ROWS = 2_000;
/** Rows generated between two COPY rounds (each round one COPY per table, sent while the next is generated). */
const COPY_ROWS = 20_000;
const STATEMENT_ROWS: Record<string, number> = { decision_record: 200, risk_assessment: 500 };

/** A small deterministic generator (mulberry32): the same seed gives the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

/** Column lists with their SQL types: rows go in as one jsonb array per statement (PostgreSQL and PGlite alike). */
const TABLES = {
  adoption_request: `id uuid, organisation_id uuid, reference varchar, title varchar, requester_id uuid, model_id uuid,
    use_case text, sector varchar, deployment_mode varchar, data_sensitivity varchar, intended_adaptation varchar,
    languages text[], affected_population text, expected_users bigint, justification text, alternatives jsonb,
    status varchar, revision integer, version integer, tier varchar, required_expertise text[],
    required_conditions text[], conditions text[], status_reason text, submitted_at timestamptz,
    decided_at timestamptz, expires_at timestamptz, created_at timestamptz, updated_at timestamptz,
    connectivity varchar, data_residency text[], hardware varchar, public_facing boolean`,
  audit_event: `id uuid, organisation_id uuid, seq bigint, occurred_at timestamptz, actor_id uuid, actor_label varchar,
    actor_roles text[], action varchar, subject_type varchar, subject_id varchar, from_state varchar,
    to_state varchar, payload jsonb, request_id uuid, correlation_id varchar, previous_hash char(64), hash char(64)`,
  risk_assessment: `id uuid, organisation_id uuid, request_id uuid, revision integer, assessor_ids uuid[], items jsonb,
    auto_items jsonb, eu_ai_act_class varchar, eu_ai_act_screen jsonb, marginal_risk jsonb, inherent_score integer,
    residual_score integer, tier varchar, version integer, created_at timestamptz, updated_at timestamptz`,
  decision_vote: `id uuid, organisation_id uuid, request_id uuid, revision integer, approver_id uuid, expertise text[],
    vote varchar, rationale text, conditions text[], created_at timestamptz`,
  decision_record: `id uuid, organisation_id uuid, request_id uuid, revision integer, outcome varchar, snapshot jsonb,
    audit_event_id uuid, audit_seq bigint, created_at timestamptz`,
} as const;
type Table = keyof typeof TABLES;
const TABLE_ORDER: Table[] = ['adoption_request', 'audit_event', 'risk_assessment', 'decision_vote', 'decision_record'];

/** Each table's columns with their SQL types, in the order of TABLES. */
const COLUMNS = Object.fromEntries(
  Object.entries(TABLES).map(([table, spec]) => [
    table,
    spec.split(',').map((c) => {
      const [name, ...type] = c.trim().split(/\s+/);
      return { name, type: type.join(' ') };
    }),
  ]),
) as Record<Table, Array<{ name: string; type: string }>>;
const columnList = (table: Table) => COLUMNS[table].map((c) => c.name).join(', ');

function insertSql(table: Table): string {
  const columns = columnList(table);
  return `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS x(${TABLES[table]})`;
}

/** A value already serialised as JSON (canonical where it is hashed), written as it is. */
class Json {
  constructor(readonly text: string) {}
}
type Row = Record<string, unknown>;

/** One row as a JSON object, for the batched inserts. */
function jsonRow(table: Table, row: Row): string {
  return `{${COLUMNS[table]
    .map((c) => {
      const v = row[c.name];
      return `"${c.name}":${v instanceof Json ? v.text : JSON.stringify(v ?? null)}`;
    })
    .join(',')}}`;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyText = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : s);
const arrayElement = (v: unknown) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`);

/** One row in COPY's text format: tab-separated, \N for NULL, arrays as PostgreSQL array literals. */
function copyRow(table: Table, row: Row): string {
  return `${COLUMNS[table]
    .map((c) => {
      const v = row[c.name];
      if (v === null || v === undefined) return '\\N';
      if (v instanceof Json) return copyText(v.text);
      if (c.type === 'jsonb') return copyText(JSON.stringify(v));
      if (c.type.endsWith('[]')) return copyText(`{${(v as unknown[]).map(arrayElement).join(',')}}`);
      if (typeof v === 'boolean') return v ? 't' : 'f';
      return copyText(String(v));
    })
    .join('\t')}\n`;
}

/** Streams COPY text lines into `table` on the transaction's connection. */
async function copyInto(client: PoolClient, table: Table, lines: string[]): Promise<void> {
  const chunks = function* () {
    for (let i = 0; i < lines.length; i += 500) yield lines.slice(i, i + 500).join('');
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columnList(table)}) FROM STDIN`)));
}

function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

/** What one (scenario, model) pair is assessed and judged as: computed once by the service's own hooks. */
interface Template {
  scenario: (typeof DEMO_REQUESTS)[number];
  model: AiModelEntity;
  deploymentMode: string;
  autoItems: AssessmentItem[];
  euAiActClass: string | null;
  euAiActScreen: unknown;
  /** JSON (also RFC 8785 canonical) of the items and of the screen, spliced into every row that repeats them. */
  itemsJson: string;
  screenJson: string;
  tier: RiskTier;
  needs: { tier: RiskTier; requiredExpertise: string[]; requiredConditions: string[] };
  policy: PolicyEvaluation;
  policyCanonical: string;
  modelCanonical: string;
}

interface Actor {
  id: string | null;
  label: string;
  roles: string[];
  expertise: string[];
}

/** One event of the timeline; `emit` writes the rows that appear with it, once its seq is known. */
interface Pending {
  at: number;
  order: number;
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  requestId: string;
  correlationId: string;
  /** Rows written with this event; a decision returns the frozen-record event that must follow it at once. */
  emit?: (event: ChainedEvent & { id: string; hash: string }) => Pending | void;
}

/** Min-heap by time: events of overlapping requests come out in time order, so seq follows occurred_at. */
class Timeline {
  private heap: Pending[] = [];
  get size() {
    return this.heap.length;
  }
  push(p: Pending) {
    const h = this.heap;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!Timeline.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }
  peek(): Pending | undefined {
    return this.heap[0];
  }
  pop(): Pending | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && Timeline.less(h[l], h[m])) m = l;
        if (r < h.length && Timeline.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
  private static less(a: Pending, b: Pending) {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }
}

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

    const buffers: Record<Table, string[]> = {
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
      buffers[table].push(copy ? copyRow(table, row) : jsonRow(table, row));
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
    log(`${seq} events written after ${(Date.now() - started) / 1000} s; committing`);
  });

  return {
    organisation: { id: orgId, slug: o.org },
    users: SCALE_USERS.map((u) => ({ email: scaleUserEmail(o.org, u.key), roles: u.roles, expertise: u.expertise })),
    requests: o.requests,
    byStatus,
    ...counts,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

function actorOf(u: UserEntity): Actor {
  return { id: u.id, label: u.email, roles: u.roles, expertise: u.expertise };
}

async function ensureOrganisation(app: INestApplicationContext, o: ScaleSeedOptions) {
  const db = app.get(Db);
  const organisations = app.get(OrganisationService);
  const userService = app.get(UserService);
  const base = db.context(`scale-seed-${randomUUID()}`, null, null);
  return db.transaction(base, async (ctx) => {
    let org = await organisations.findBySlug(ctx, o.org);
    let orgCtx: RequestContext;
    if (org) orgCtx = RequestContext.system(ctx.requestId, ctx.em, org.id);
    else ({ organisation: org, ctx: orgCtx } = await organisations.create(ctx, o.org, `Scale test ${o.org}`));
    const users = new Map<string, UserEntity>();
    for (const u of SCALE_USERS) {
      const email = scaleUserEmail(o.org, u.key);
      let user = await userService.findByEmail(orgCtx, email);
      if (user && user.organisationId !== org.id) {
        throw new BadUserInputError(`${email} belongs to another organisation`, 'org');
      }
      user ??= await userService.createInOrganisation(orgCtx, org.id, {
        email,
        displayName: u.displayName,
        roles: u.roles,
        expertise: u.expertise,
        password: o.password,
      });
      users.set(u.key, user);
    }
    return { orgId: org.id, users };
  });
}

async function buildTemplates(app: INestApplicationContext, ctx: RequestContext, requesterId: string) {
  // Up to 12 models spread over the catalog (by name): enough variety, and a few hundred queries at most.
  const all = (await app.get(AiModelQueryService).list(ctx, {}, 100)).edges.map((e) => e.node);
  const models = all.filter((_, i) => i % Math.max(1, Math.ceil(all.length / 12)) === 0);
  const preAssessor = app.get(PreAssessmentHook);
  const policies = app.get(PolicyHook);
  const templates: Template[] = [];
  for (const model of models) {
    const { motRecord: _record, ...profile } = model;
    const modelCanonical = canonical(JSON.parse(JSON.stringify(profile)));
    for (const scenario of DEMO_REQUESTS) {
      const deploymentMode = model.hostingOptions.includes(scenario.deploymentMode)
        ? scenario.deploymentMode
        : (model.hostingOptions[0] ?? scenario.deploymentMode);
      const request = {
        ...scenario,
        id: randomUUID(),
        organisationId: ctx.orgId,
        requesterId,
        modelId: model.id,
        deploymentMode,
        languages: [...scenario.languages],
        dataResidency: [...scenario.dataResidency],
        alternatives: [],
        revision: 1,
        tier: null,
        requiredExpertise: [],
        requiredConditions: [],
        conditions: [],
      } as unknown as AdoptionRequestEntity;
      const pre = await preAssessor.preAssess(ctx, request, model);
      const policy = await policies.evaluate(ctx, request, model);
      if (policy.findings.some((f) => f.effect === 'BLOCK' || f.effect === 'ERROR')) continue; // could not be submitted
      const tier = summarise(pre.items).tier ?? RiskTier.LOW;
      templates.push({
        scenario,
        model,
        deploymentMode,
        autoItems: pre.items,
        euAiActClass: pre.euAiActClass ?? null,
        euAiActScreen: pre.euAiActScreen ?? null,
        itemsJson: canonical(JSON.parse(JSON.stringify(pre.items))),
        screenJson: canonical(JSON.parse(JSON.stringify(pre.euAiActScreen ?? null))),
        tier,
        needs: approvalNeeds({ tier, requiredExpertise: [], requiredConditions: [] }, policy),
        policy,
        policyCanonical: canonical(JSON.parse(JSON.stringify(policy))),
        modelCanonical,
      });
    }
  }
  return templates;
}

type Rows = Array<[Table, Row]>;
interface PlannedEvent extends Omit<Pending, 'order' | 'emit'> {
  rows?: (event: ChainedEvent & { id: string; hash: string }) => Rows;
  follow?: (event: ChainedEvent & { id: string; hash: string }) => PlannedEvent | undefined;
}

const TITLE_PLACES = ['Nairobi', 'Dakar', 'Lima', 'Manila', 'Dhaka', 'Quito', 'Accra', 'Hanoi', 'Tunis', 'Cusco'];

/**
 * One request's life up to its target state: the request row as it ends, and the events (with the rows each
 * writes) at their times. The steps and payloads are those of the workflow table and its services.
 */
function planRequest(a: {
  orgId: string;
  reference: string;
  template: Template;
  requester: Actor;
  reviewer: Actor;
  approvers: Actor[];
  system: Actor;
  target: AdoptionStatus;
  createdAt: number;
  now: number;
  rnd: ReturnType<typeof random>;
}): { row: Row; status: AdoptionStatus; events: PlannedEvent[] } {
  const S = AdoptionStatus;
  const { template: t, requester, reviewer, rnd } = a;
  const id = randomUUID();
  const span = Math.max(60_000, Math.min(30 * DAY, (a.now - a.createdAt) * 0.9));
  let clock = a.createdAt;
  const later = () => (clock += Math.max(1_000, Math.floor((rnd.next() * span) / 8)));
  const events: PlannedEvent[] = [];
  const r = {
    id,
    organisation_id: a.orgId,
    reference: a.reference,
    title: `${t.scenario.title} (${rnd.pick(TITLE_PLACES)})`,
    requester_id: requester.id!,
    model_id: t.model.id,
    use_case: t.scenario.useCase,
    sector: t.scenario.sector as string,
    deployment_mode: t.deploymentMode,
    data_sensitivity: t.scenario.dataSensitivity as string,
    intended_adaptation: t.scenario.intendedAdaptation as string,
    languages: [...t.scenario.languages] as string[],
    affected_population: t.scenario.affectedPopulation,
    expected_users: t.scenario.expectedUsers,
    justification: t.scenario.justification as string,
    alternatives: [] as unknown[],
    status: S.DRAFT as AdoptionStatus,
    revision: 1,
    version: 1,
    tier: null as string | null,
    required_expertise: [] as string[],
    required_conditions: [] as string[],
    conditions: [] as string[],
    status_reason: null as string | null,
    submitted_at: null as string | null,
    decided_at: null as string | null,
    expires_at: null as string | null,
    created_at: new Date(a.createdAt).toISOString(),
    updated_at: new Date(a.createdAt).toISOString(),
    connectivity: t.scenario.connectivity as string,
    data_residency: [...t.scenario.dataResidency] as string[],
    hardware: t.scenario.hardware as string,
    public_facing: t.scenario.publicFacing as boolean,
  };
  const event = (
    at: number,
    actor: Actor,
    action: string,
    states: [string | null, string | null],
    payload: Record<string, unknown>,
    extra: Partial<PlannedEvent> = {},
  ) => {
    events.push({
      at,
      actor,
      action,
      subjectType: 'AdoptionRequest',
      subjectId: id,
      fromState: states[0],
      toState: states[1],
      payload: { reference: a.reference, ...payload },
      requestId: id,
      correlationId: randomUUID(),
      ...extra,
    });
    r.version++;
    r.updated_at = new Date(at).toISOString();
  };
  const move = (to: AdoptionStatus, actor: Actor, action: string, payload: Record<string, unknown> = {}) => {
    const from = r.status;
    r.status = to;
    event(later(), actor, action, [from, to], { revision: r.revision, ...payload });
  };

  // Created (the version starts at 1: the creation does not count as a change).
  events.push({
    at: a.createdAt,
    actor: requester,
    action: 'adoption_request.created',
    subjectType: 'AdoptionRequest',
    subjectId: id,
    fromState: null,
    toState: S.DRAFT,
    payload: { reference: a.reference, title: r.title, modelId: r.model_id },
    requestId: id,
    correlationId: randomUUID(),
  });
  if (rnd.next() < 0.3) {
    const to = `${r.justification} (updated)`;
    event(later(), requester, 'adoption_request.updated', [null, null], {
      changes: { justification: { from: r.justification, to } },
    });
    r.justification = to;
  }
  const final = (status: AdoptionStatus) => ({ row: r, status, events });
  const withdraw = () => {
    const reason = 'No longer needed: the project was cancelled';
    r.status_reason = reason;
    move(S.WITHDRAWN, requester, 'adoption_request.withdrawn', { reason });
    return final(S.WITHDRAWN);
  };
  const target = a.target;
  if (target === S.DRAFT) return final(S.DRAFT);
  if (target === S.WITHDRAWN && rnd.next() < 0.4) return withdraw();

  const submit = (action: string) => {
    const from = r.status;
    r.status = S.SUBMITTED;
    if (action === 'adoption_request.resubmitted') r.revision++;
    event(later(), requester, action, [from, S.SUBMITTED], {
      revision: r.revision,
      findings: t.policy.findings.length,
    });
    r.submitted_at = r.updated_at;
  };
  // A review: started (the assessment row appears), saved, then completed or sent back.
  const review = (outcome: 'complete' | 'changes' | 'open') => {
    move(S.IN_REVIEW, reviewer, 'adoption_request.review_started');
    const assessmentId = randomUUID();
    const revision = r.revision;
    const startedAt = clock;
    const saved = outcome !== 'open' || rnd.next() < 0.5;
    const assessors = saved ? [reviewer.id!] : [];
    const summary = summarise(t.autoItems);
    const assessment = {
      id: assessmentId,
      organisationId: a.orgId,
      requestId: id,
      revision,
      assessorIds: assessors,
      items: t.autoItems,
      autoItems: t.autoItems,
      euAiActClass: t.euAiActClass,
      euAiActScreen: t.euAiActScreen,
      marginalRisk: null,
      inherentScore: summary.inherentScore,
      residualScore: summary.residualScore,
      tier: summary.tier,
      version: saved ? 2 : 1,
      createdAt: new Date(startedAt).toISOString(),
      updatedAt: new Date(startedAt).toISOString(),
    };
    events[events.length - 1].rows = () => [
      [
        'risk_assessment',
        {
          id: assessmentId,
          organisation_id: a.orgId,
          request_id: id,
          revision,
          assessor_ids: assessment.assessorIds,
          items: new Json(t.itemsJson),
          auto_items: new Json(t.itemsJson),
          eu_ai_act_class: assessment.euAiActClass,
          eu_ai_act_screen: new Json(t.screenJson),
          marginal_risk: null,
          inherent_score: assessment.inherentScore,
          residual_score: assessment.residualScore,
          tier: assessment.tier,
          version: assessment.version,
          created_at: assessment.createdAt,
          updated_at: assessment.updatedAt,
        },
      ],
    ];
    if (saved) {
      event(
        later(),
        reviewer,
        'risk_assessment.saved',
        [null, null],
        {
          revision,
          categories: t.autoItems.map((i) => i.category),
          tier: summary.tier,
          residualScore: summary.residualScore,
        },
        { subjectType: 'RiskAssessment', subjectId: assessmentId },
      );
      assessment.updatedAt = r.updated_at;
    }
    if (outcome === 'complete') {
      r.tier = t.needs.tier;
      r.required_expertise = [...t.needs.requiredExpertise];
      r.required_conditions = [...t.needs.requiredConditions];
      move(S.AWAITING_DECISION, reviewer, 'adoption_request.review_completed', {
        ...t.needs,
        assessedTier: summary.tier,
      });
    } else if (outcome === 'changes') {
      const rationale = 'Describe how answers are checked before they reach people';
      r.status_reason = rationale;
      move(S.CHANGES_REQUESTED, reviewer, 'adoption_request.changes_requested', { rationale });
    }
    return assessment;
  };

  submit('adoption_request.submitted');
  if (target === S.SUBMITTED) return final(S.SUBMITTED);
  if (target === S.WITHDRAWN && rnd.next() < 0.5) return withdraw();
  if (target === S.CHANGES_REQUESTED) {
    review('changes');
    return final(S.CHANGES_REQUESTED);
  }
  if (target === S.IN_REVIEW) {
    review('open');
    return final(S.IN_REVIEW);
  }
  if (rnd.next() < 0.2) {
    review('changes');
    submit('adoption_request.resubmitted');
  }
  if (target === S.WITHDRAWN) {
    review('open');
    return withdraw();
  }
  const assessment = review('complete');

  // Votes: approvers who cover the required expertise, up to the quorum (none of them assessed the revision).
  const quorum = quorumFor(t.needs.tier);
  const chosen: Actor[] = [];
  for (const expertise of t.needs.requiredExpertise) {
    if (!chosen.some((c) => c.expertise.includes(expertise))) {
      const approver = a.approvers.find((p) => p.expertise.includes(expertise) && !chosen.includes(p));
      if (approver) chosen.push(approver);
    }
  }
  for (const p of a.approvers) if (chosen.length < quorum && !chosen.includes(p)) chosen.push(p);
  const votes: Array<Record<string, unknown>> = [];
  const cast = (approver: Actor, vote: string, rationale: string, conditions: string[]) => {
    const v = {
      id: randomUUID(),
      organisationId: a.orgId,
      requestId: id,
      revision: r.revision,
      approverId: approver.id!,
      expertise: approver.expertise,
      vote,
      rationale,
      conditions,
      createdAt: '',
    };
    votes.push(v);
    event(later(), approver, 'adoption_request.vote_cast', [null, null], {
      revision: r.revision,
      vote,
      rationale,
      conditions,
      expertise: approver.expertise,
    });
    v.createdAt = r.updated_at;
    events[events.length - 1].rows = () => [
      [
        'decision_vote',
        {
          id: v.id,
          organisation_id: a.orgId,
          request_id: id,
          revision: v.revision,
          approver_id: v.approverId,
          expertise: v.expertise,
          vote,
          rationale,
          conditions,
          created_at: v.createdAt,
        },
      ],
    ];
  };
  // A decision: the vote's follow-up event, then the frozen record bound into the chain right after it.
  const decide = (to: AdoptionStatus, action: string, payload: Record<string, unknown>, actor: Actor) => {
    const from = r.status;
    r.status = to;
    const at = clock;
    const decision = {
      at,
      actor,
      action,
      subjectType: 'AdoptionRequest',
      subjectId: id,
      fromState: from,
      toState: to,
      payload: { reference: a.reference, revision: r.revision, ...payload },
      requestId: id,
      correlationId: randomUUID(),
    };
    r.version++;
    r.updated_at = new Date(at).toISOString();
    const request = snapshotRequest(r);
    const recordVotes = votes.filter((v) => v.revision === r.revision);
    const assessmentCanonical = splice(
      t,
      { ...assessment, items: ITEMS, autoItems: ITEMS, euAiActScreen: SCREEN },
      true,
    );
    const conditions = [...r.conditions];
    const revision = r.revision;
    events.push({
      ...decision,
      follow: (e) => {
        const recordId = randomUUID();
        const decidedAt = e.occurredAt.toISOString();
        // RFC 8785 of the snapshot, assembled from its canonical parts (keys in code-point order).
        const snapshot =
          `{"assessment":${assessmentCanonical},"conditions":${canonical(conditions)},` +
          `"decidedAt":${canonical(decidedAt)},"model":${t.modelCanonical},"outcome":${canonical(to)},` +
          `"policy":${t.policyCanonical},"request":${canonical(request)},"votes":${canonical(recordVotes)}}`;
        const snapshotHash = createHash('sha256').update(snapshot, 'utf8').digest('hex');
        const record: Row = {
          id: recordId,
          organisation_id: a.orgId,
          request_id: id,
          revision,
          outcome: to,
          snapshot: new Json(snapshot),
          audit_event_id: e.id,
          audit_seq: e.seq,
          created_at: decidedAt,
        };
        return {
          at: e.occurredAt.getTime(),
          actor,
          action: DECISION_RECORD_FROZEN,
          subjectType: DECISION_RECORD_SUBJECT,
          subjectId: recordId,
          fromState: null,
          toState: null,
          payload: { reference: a.reference, revision, outcome: to, decisionSeq: e.seq, snapshotHash },
          requestId: id,
          correlationId: e.correlationId!,
          rows: () => [['decision_record', record]],
        };
      },
    });
  };

  if (target === S.AWAITING_DECISION) {
    const some = rnd.int(quorum);
    for (const p of chosen.slice(0, some)) cast(p, 'APPROVE', 'Acceptable with the mitigations listed', []);
    return final(S.AWAITING_DECISION);
  }
  if (target === S.REJECTED) {
    const rationale = 'The residual risk is too high for this population';
    cast(chosen[0], 'REJECT', rationale, []);
    r.decided_at = r.updated_at;
    r.status_reason = rationale;
    decide(
      S.REJECTED,
      'adoption_request.rejected',
      { outcome: 'REJECTED', reason: rationale, approvals: 0, quorum },
      chosen[0],
    );
    return final(S.REJECTED);
  }
  // APPROVED, EXPIRED or REVOKED: the quorum approves.
  for (const p of chosen) cast(p, 'APPROVE', 'Acceptable with the mitigations listed', [...t.needs.requiredConditions]);
  const decidedAt = new Date(clock);
  const expiresAt = approvalExpiry(decidedAt, t.needs.tier);
  r.conditions = [...t.needs.requiredConditions];
  r.decided_at = decidedAt.toISOString();
  r.expires_at = expiresAt.toISOString();
  r.status_reason = null;
  const last = chosen[chosen.length - 1];
  decide(
    S.APPROVED,
    'adoption_request.approved',
    { outcome: 'APPROVED', reason: null, approvals: chosen.length, quorum },
    last,
  );
  const expired = expiresAt.getTime() < a.now;
  if (expired) {
    // The expiry job's event, at the moment the approval lapsed.
    const from = r.status;
    r.status = S.EXPIRED;
    clock = expiresAt.getTime() + 60_000;
    event(clock, a.system, 'adoption_request.expired', [from, S.EXPIRED], {
      revision: r.revision,
      expiresAt: expiresAt.toISOString(),
    });
    return final(S.EXPIRED);
  }
  if (target === S.REVOKED) {
    const rationale = 'The vendor changed the model’s licence terms';
    r.status_reason = rationale;
    later();
    decide(S.REVOKED, 'adoption_request.revoked', { rationale }, a.approvers.find((p) => p !== last) ?? last);
    return final(S.REVOKED);
  }
  return final(S.APPROVED);
}

const ITEMS = '\u0001items\u0001';
const SCREEN = '\u0001screen\u0001';
const ITEMS_JSON = JSON.stringify(ITEMS);
const SCREEN_JSON = JSON.stringify(SCREEN);

/**
 * JSON of `value` (canonical when asked) with the template's assessment items and EU AI Act screen spliced in
 * where the ITEMS and SCREEN markers stand: those documents are the same for every request of a template, so
 * they are serialised once (canonical JSON is valid JSON, and a canonical object's members are canonical).
 */
function splice(t: Template, value: Record<string, unknown>, canonicalForm = false): string {
  const text = canonicalForm ? canonical(value) : JSON.stringify(value);
  return text.split(ITEMS_JSON).join(t.itemsJson).split(SCREEN_JSON).join(t.screenJson);
}

/** The request as the decision record freezes it: the entity's JSON (camelCase, dates as ISO strings). */
function snapshotRequest(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** The transaction's own pg client (COPY needs it directly). */
async function connection(ctx: RequestContext): Promise<PoolClient> {
  const runner = ctx.em.queryRunner as unknown as { connect(): Promise<PoolClient> } | undefined;
  if (!runner) throw new Error('the scale seed must run inside a transaction');
  return runner.connect();
}

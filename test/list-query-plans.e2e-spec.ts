import { Client } from 'pg';
import { AdoptionRequestQueryService, AdoptionStatus } from '@app/adoption';
import { AuditQueryService } from '@app/audit';
import { AbilityFactory } from '@app/authz';
import { RequestContext } from '@app/core';
import { UserService } from '@app/identity';
import { Db, StallSafeClient } from '@app/persistence';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { scaleUserEmail, seedScale } from '@app/testing/scale-seed';

const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres) {
  console.info('list-query-plans.e2e-spec: not run: query plans are checked on PostgreSQL (DATABASE_URL)');
}
const describeOnPostgres = onPostgres ? describe : describe.skip;

/**
 * Requests generated (about 7 audit events each): enough that reading a whole table costs more than an index
 * range once the tables are vacuumed and analysed (5,000 tell the plans with and without the list indexes
 * apart); PLAN_TEST_REQUESTS raises it.
 */
const REQUESTS = Number(process.env.PLAN_TEST_REQUESTS ?? 5_000);
const ORG = 'plans';
/** Tables a list must never read whole. */
const GUARDED = ['adoption_request', 'audit_event'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The statements the services send, captured at the pg client while `capturing` is set. */
const captured: Array<{ text: string; values: unknown[] }> = [];
let capturing = false;
const query = StallSafeClient.prototype.query as (...args: unknown[]) => unknown;
StallSafeClient.prototype.query = function (this: Client, ...args: unknown[]) {
  if (capturing) {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    const text = typeof first === 'string' ? first : first.text;
    const values = (typeof first === 'string' ? second : first.values) ?? [];
    if (/^\s*SELECT/i.test(text)) captured.push({ text, values });
  }
  return query.apply(this, args);
} as typeof StallSafeClient.prototype.query;

/**
 * The list queries read index ranges, not whole tables: on a generated organisation large enough that the
 * planner prefers an index where one serves, EXPLAIN of every statement the services run for the main lists
 * (requests with each filter, the work queue, audit events with each filter, a request's detail and history)
 * shows no sequential scan of adoption_request or audit_event. The statements are captured as the services
 * send them, not copied here.
 */
describeOnPostgres('list query plans on a large organisation (e2e)', () => {
  let env: TestEnvironment;
  let explain: Client;
  let contexts: Record<'auditor' | 'requester' | 'reviewer' | 'approver', RequestContext>;
  let sample: { requestId: string; modelId: string; requesterId: string; actorId: string; reference: string };

  beforeAll(async () => {
    env = await createTestEnvironment({ DB_STATEMENT_TIMEOUT_MS: '600000', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0' });
    await seedScale(env.app, { requests: REQUESTS, org: ORG, password: 'plans-test-password' });
    const db = env.app.get(Db);
    const base = db.context('plans', null, null);
    const [{ url }] = (await base.em.query(`SELECT current_database() AS url`)) as Array<{ url: string }>;
    const server = new URL(process.env.DATABASE_URL!);
    server.pathname = `/${url}`;
    explain = new Client({ connectionString: server.toString() });
    await explain.connect();
    // As autovacuum leaves a table: statistics, and the visibility map that makes index-only scans worthwhile.
    await explain.query('VACUUM ANALYZE');
    const [org] = (await base.em.query(`SELECT id FROM organisation WHERE slug = $1`, [ORG])) as Array<{ id: string }>;
    const system = RequestContext.system('plans', base.em, org.id);
    const abilities = env.app.get(AbilityFactory);
    const users = env.app.get(UserService);
    const contextOf = async (key: string) => {
      const u = (await users.findByEmail(system, scaleUserEmail(ORG, key)))!;
      const actor = { userId: u.id, organisationId: org.id, email: u.email, roles: u.roles, expertise: u.expertise };
      return new RequestContext('plans', actor, abilities.forActor(actor), base.em);
    };
    contexts = {
      auditor: await contextOf('auditor'),
      requester: await contextOf('requester1'),
      reviewer: await contextOf('reviewer1'),
      approver: await contextOf('approver1'),
    };
    const [row] = (await base.em.query(
      `SELECT id, model_id, requester_id, reference FROM adoption_request WHERE organisation_id = $1 AND status = 'APPROVED' LIMIT 1`,
      [org.id],
    )) as Array<{ id: string; model_id: string; requester_id: string; reference: string }>;
    sample = {
      requestId: row.id,
      modelId: row.model_id,
      requesterId: row.requester_id,
      actorId: row.requester_id,
      reference: row.reference,
    };
  }, 600_000);
  afterAll(async () => {
    await explain?.end();
    await env?.close();
  });

  /** Runs `run` while capturing its SELECTs, and returns the guarded tables each one reads whole. */
  async function sequentialScans(run: () => Promise<unknown>) {
    captured.length = 0;
    capturing = true;
    try {
      await run();
    } finally {
      capturing = false;
    }
    expect(captured.length).toBeGreaterThan(0);
    const scans: string[] = [];
    for (const { text, values } of captured) {
      const { rows } = await explain.query(`EXPLAIN (FORMAT JSON) ${text}`, values);
      const walk = (node: PlanNode) => {
        if (node['Node Type'] === 'Seq Scan' && GUARDED.includes(node['Relation Name'] ?? '')) {
          scans.push(`${node['Relation Name']} in: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
        }
        node.Plans?.forEach(walk);
      };
      walk((rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan);
    }
    return scans;
  }

  const requests = () => env.app.get(AdoptionRequestQueryService);
  const audit = () => env.app.get(AuditQueryService);

  it.each([
    ['no filter', () => ({})],
    ['status', () => ({ status: [AdoptionStatus.AWAITING_DECISION] })],
    ['several statuses', () => ({ status: [AdoptionStatus.SUBMITTED, AdoptionStatus.IN_REVIEW] })],
    ['requester', () => ({ requesterId: sample.requesterId })],
    ['model', () => ({ modelId: sample.modelId })],
    ['sector', () => ({ sector: 'HEALTH' })],
    ['tier', () => ({ tier: 'HIGH' })],
    ['search by reference', () => ({ search: sample.reference.toLowerCase() })],
    ['search by a word no request has', () => ({ search: 'xylophone' })],
  ])('requests list, %s: first and next page', async (_name, filter) => {
    const ctx = contexts.auditor;
    const scans = await sequentialScans(async () => {
      const first = await requests().list(ctx, filter() as never, 20);
      await requests().list(ctx, filter() as never, 20, first.pageInfo.endCursor);
    });
    expect(scans).toEqual([]);
  });

  it("a requester's own requests", async () => {
    expect(await sequentialScans(() => requests().list(contexts.requester, {}, 20))).toEqual([]);
  });

  it.each(['reviewer', 'approver', 'requester'] as const)("the %s's work queue", async (who) => {
    expect(await sequentialScans(() => requests().myQueue(contexts[who]))).toEqual([]);
  });

  it.each([
    ['no filter', () => ({})],
    ['actor', () => ({ actorId: sample.actorId })],
    ['action', () => ({ action: 'adoption_request.approved' })],
    ['subject type', () => ({ subjectType: 'DecisionRecord' })],
    ['subject', () => ({ subjectId: sample.requestId })],
    ['time range', () => ({ from: new Date(Date.now() - 3 * 86_400_000).toISOString(), to: new Date().toISOString() })],
  ])('audit events, %s: first and next page', async (_name, filter) => {
    const ctx = contexts.auditor;
    const scans = await sequentialScans(async () => {
      const first = await audit().list(ctx, filter() as never, 20);
      await audit().list(ctx, filter() as never, 20, first.pageInfo.endCursor);
    });
    expect(scans).toEqual([]);
  });

  it("a request's detail and history", async () => {
    const ctx = contexts.auditor;
    const scans = await sequentialScans(async () => {
      const request = await requests().get(ctx, sample.requestId);
      await requests().history(ctx, request);
      await requests().votes(ctx, request);
      await requests().assessment(ctx, request);
    });
    expect(scans).toEqual([]);
  });
});

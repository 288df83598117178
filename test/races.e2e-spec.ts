import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  act,
  ApiProcess,
  awaitingDecision,
  CAST_DECISION,
  CREATE_REQUEST,
  createTestDatabase,
  DEMO_PASSWORD,
  DEMO_USERS,
  DemoUser,
  GraphqlClient,
  LOGIN,
  modelId,
  requestInput,
  startApiProcess,
  SUBMIT,
  TestDatabase,
  UPDATE_REQUEST,
  WITHDRAW,
} from '@app/testing';

/**
 * Races between two instances of the built service (two operating-system processes, two connection pools)
 * on one PostgreSQL database: what a deployment with several replicas does. In-process races are in
 * adoption-rules.e2e-spec.ts; here each racing call goes to a different process, so only the database can
 * order them. Needs PostgreSQL: the embedded database belongs to one process.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres) console.info('races.e2e-spec: not run: races across two API processes need DATABASE_URL (PostgreSQL)');
const describeOnPostgres = onPostgres ? describe : describe.skip;

/** Each race is run this many times on fresh subjects, so that more than one interleaving is met. */
const ROUNDS = 6;
const approve = { vote: 'APPROVE', rationale: 'acceptable with the agreed controls', conditions: [] };
const OUTCOME = `__typename ... on AdoptionRequest { id status version } ... on ErrorResult { errorCode }`;

describeOnPostgres('races across two API processes (e2e, PostgreSQL)', () => {
  let database: TestDatabase;
  let sql: Client;
  let a: ApiProcess;
  let b: ApiProcess;
  let model: string;
  /** Signed-in clients of one user: the same token sent to process A and to process B. */
  const sessions = new Map<DemoUser, [GraphqlClient, GraphqlClient]>();

  beforeAll(async () => {
    database = await createTestDatabase();
    const common = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url!,
      // Both instances must accept each other's tokens: one secret for the deployment.
      JWT_SECRET: randomBytes(32).toString('hex'),
      DEMO_PASSWORD,
      // Both instances run the expiry job every second, as every replica of a deployment does.
      EXPIRY_INTERVAL_SECONDS: '1',
      LOGIN_MAX_FAILURES: '3',
      // The per-address limit is not under test; the account lockout is.
      LOGIN_IP_MAX_PER_MINUTE: '10000',
      CHECKPOINT_INTERVAL_HOURS: '0',
      ...(process.env.MOT_DATA_DIR ? { MOT_DATA_DIR: process.env.MOT_DATA_DIR } : {}),
    };
    // The first instance migrates and seeds; the second starts on the prepared database, as a replica would.
    a = await startApiProcess({ ...common, SEED_DEMO: 'true' });
    b = await startApiProcess({ ...common, SEED_DEMO: 'false', MIGRATIONS_RUN: 'false' });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    model = await modelId((await on('requester'))[0], 'Mistral 7B v0.1');
    // Two start-ups one after the other (migrations and seed on the first), and a build when there is none.
  }, 300_000);

  afterAll(async () => {
    await sql?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  async function on(user: DemoUser): Promise<[GraphqlClient, GraphqlClient]> {
    let pair = sessions.get(user);
    if (!pair) {
      const res = await new GraphqlClient(a.baseUrl).ok<{ login: { accessToken: string } }>(LOGIN, {
        email: DEMO_USERS[user],
        password: DEMO_PASSWORD,
      });
      const token = res.login.accessToken;
      pair = [new GraphqlClient(a.baseUrl, token), new GraphqlClient(b.baseUrl, token)];
      sessions.set(user, pair);
    }
    return pair;
  }

  /** The transitions recorded for a request, in chain order. */
  async function transitions(requestId: string): Promise<Array<{ action: string; from: string; to: string }>> {
    const { rows } = await sql.query(
      `SELECT action, from_state AS "from", to_state AS "to" FROM audit_event
       WHERE request_id = $1 AND to_state IS NOT NULL ORDER BY seq`,
      [requestId],
    );
    return rows;
  }

  async function countEvents(requestId: string, action: string): Promise<number> {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE request_id = $1 AND action = $2`,
      [requestId, action],
    );
    return rows[0].n;
  }

  async function awaiting(tier: 'LOW' | 'HIGH', title: string) {
    const [requester] = await on('requester');
    const [reviewer] = await on('reviewer');
    return awaitingDecision({ requester, reviewer }, model, tier, `${title} ${randomUUID().slice(0, 8)}`);
  }

  /** Sends two calls at once; each race passes a client of process A first and one of process B second. */
  function race(
    first: [GraphqlClient, string, Record<string, unknown>, Record<string, string>?],
    second: [GraphqlClient, string, Record<string, unknown>, Record<string, string>?],
  ) {
    return Promise.all(
      [first, second].map(([client, query, variables, headers]) => client.request(query, variables, headers)),
    );
  }

  it('two approvers completing a quorum on different processes give one approval and one decision record', async () => {
    const [approver1] = await on('approver1');
    const [, approver2] = await on('approver2');
    for (let round = 0; round < ROUNDS; round++) {
      const r = await awaiting('HIGH', 'Quorum race');
      expect(r.approvalProgress.quorum).toBe(2);
      const results = await race(
        [approver1, CAST_DECISION, { id: r.id, input: approve }],
        [approver2, CAST_DECISION, { id: r.id, input: approve }],
      );
      expect(results.map((x) => x.errors ?? x.data!.r.__typename)).toEqual(['AdoptionRequest', 'AdoptionRequest']);
      expect(await transitions(r.id)).toContainEqual({
        action: 'adoption_request.approved',
        from: 'AWAITING_DECISION',
        to: 'APPROVED',
      });
      expect(await countEvents(r.id, 'adoption_request.approved')).toBe(1);
      expect(await countEvents(r.id, 'adoption_request.vote_cast')).toBe(2);
      const { rows } = await sql.query(`SELECT outcome FROM decision_record WHERE request_id = $1`, [r.id]);
      expect(rows).toEqual([{ outcome: 'APPROVED' }]);
    }
  });

  it('submit and withdraw of one request on different processes leave a status its recorded transitions explain', async () => {
    const [requesterA, requesterB] = await on('requester');
    for (let round = 0; round < ROUNDS; round++) {
      const draft = await act(requesterA, CREATE_REQUEST, {
        input: requestInput(model, `Submit or withdraw ${round}`),
      });
      const results = await race(
        [requesterA, SUBMIT, { id: draft.id }],
        [requesterB, WITHDRAW, { id: draft.id, reason: 'no longer needed' }],
      );
      // No call fails: each either acts or is told why not (wrong state, or changed meanwhile).
      expect(results.map((x) => x.errors)).toEqual([undefined, undefined]);
      const outcomes = results.map((x) => x.data!.r.__typename as string);
      for (const o of outcomes) {
        expect(['AdoptionRequest', 'InvalidTransitionError', 'ConcurrentModificationError']).toContain(o);
      }
      const steps = await transitions(draft.id);
      // One recorded transition per call that acted, and they chain from the draft to the current status.
      expect(steps.filter((s) => s.action !== 'adoption_request.created')).toHaveLength(
        outcomes.filter((o) => o === 'AdoptionRequest').length,
      );
      let state = 'DRAFT';
      for (const s of steps.filter((s) => s.action !== 'adoption_request.created')) {
        expect(s.from).toBe(state);
        state = s.to;
      }
      const { rows } = await sql.query(`SELECT status, version FROM adoption_request WHERE id = $1`, [draft.id]);
      expect(rows[0].status).toBe(state);
      expect(['WITHDRAWN', 'SUBMITTED']).toContain(state);
    }
  });

  it('two updates at the same version on different processes: one applies, the other gets ConcurrentModificationError', async () => {
    const [requesterA, requesterB] = await on('requester');
    for (let round = 0; round < ROUNDS; round++) {
      const draft = await act(requesterA, CREATE_REQUEST, { input: requestInput(model, `Same version ${round}`) });
      const results = await race(
        [requesterA, UPDATE_REQUEST, { id: draft.id, input: { title: `Edited on A ${round}` }, v: draft.version }],
        [requesterB, UPDATE_REQUEST, { id: draft.id, input: { title: `Edited on B ${round}` }, v: draft.version }],
      );
      expect(results.map((x) => x.errors)).toEqual([undefined, undefined]);
      const outcomes = results.map((x) => x.data!.r);
      expect(outcomes.map((o) => o.__typename).sort()).toEqual(['AdoptionRequest', 'ConcurrentModificationError']);
      const won = outcomes.findIndex((o) => o.__typename === 'AdoptionRequest');
      expect(outcomes[won].version).toBe(draft.version + 1);
      expect(outcomes[1 - won].currentVersion).toBe(draft.version + 1);
      // The row holds the winner's edit, not a mix and not the loser's.
      const { rows } = await sql.query(`SELECT title, version FROM adoption_request WHERE id = $1`, [draft.id]);
      expect(rows[0]).toEqual({ title: `Edited on ${won === 0 ? 'A' : 'B'} ${round}`, version: draft.version + 1 });
      expect(await countEvents(draft.id, 'adoption_request.updated')).toBe(1);
    }
  });

  it('one castDecision sent with the same Idempotency-Key to both processes acts once and answers both alike', async () => {
    const [onA, onB] = await on('approver1');
    const cast = `mutation($id: ID!, $input: CastDecisionInput!) { r: castDecision(requestId: $id, input: $input) { ${OUTCOME} } }`;
    for (let round = 0; round < ROUNDS; round++) {
      const r = await awaiting('LOW', 'Idempotent race');
      const headers = { 'idempotency-key': `race-${randomUUID()}` };
      const results = await race(
        [onA, cast, { id: r.id, input: approve }, headers],
        [onB, cast, { id: r.id, input: approve }, headers],
      );
      expect(results.map((x) => x.errors)).toEqual([undefined, undefined]);
      expect(results[0].data!.r).toMatchObject({ __typename: 'AdoptionRequest', id: r.id, status: 'APPROVED' });
      expect(results[1].data!.r).toEqual(results[0].data!.r);
      expect(await countEvents(r.id, 'adoption_request.vote_cast')).toBe(1);
      expect(await countEvents(r.id, 'adoption_request.approved')).toBe(1);
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM decision_vote WHERE request_id = $1`, [r.id]);
      expect(rows[0].n).toBe(1);
    }
  });

  it('concurrent audit appends from both processes leave one gapless chain that verifies on each', async () => {
    const [requesterA, requesterB] = await on('requester');
    const [policyA, policyB] = await on('policy');
    const { rows: orgs } = await sql.query(`SELECT id FROM organisation WHERE slug = 'demo'`);
    const org = orgs[0].id;
    const countOf = async () =>
      (await sql.query(`SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1`, [org])).rows[0].n;
    const before = await countOf();
    const createPolicy = `mutation($input: CreatePolicyInput!) { r: createPolicy(input: $input) { __typename } }`;
    const calls = Array.from({ length: 40 }, (_, i) => {
      const onA = i % 2 === 0;
      return i % 4 < 2
        ? (onA ? requesterA : requesterB).request(CREATE_REQUEST, { input: requestInput(model, `Append ${i}`) })
        : (onA ? policyA : policyB).request(createPolicy, { input: { name: `Append policy ${i}` } });
    });
    const results = await Promise.all(calls);
    expect(results.filter((x) => x.errors)).toEqual([]);
    expect(results.map((x) => x.data!.r.__typename).filter((t) => t !== 'AdoptionRequest' && t !== 'Policy')).toEqual(
      [],
    );
    // Every acknowledged write has its event, and no event was lost or numbered twice.
    expect((await countOf()) - before).toBeGreaterThanOrEqual(results.length);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT seq)::int AS distinct_seqs
       FROM audit_event WHERE organisation_id = $1`,
      [org],
    );
    expect(rows[0]).toEqual({ n: rows[0].n, lo: 1, hi: rows[0].n, distinct_seqs: rows[0].n });
    const { rows: head } = await sql.query(`SELECT seq::int AS seq FROM audit_chain_head WHERE organisation_id = $1`, [
      org,
    ]);
    expect(head[0].seq).toBe(rows[0].n);
    for (const auditor of await on('auditor')) {
      const v = await auditor.ok('{ verifyAuditChain { valid checked reason } }');
      expect(v.verifyAuditChain).toEqual({ valid: true, checked: rows[0].n, reason: null });
    }
  });
  it('the expiry job running in both processes expires each approval exactly once', async () => {
    const [approver] = await on('approver1');
    const ids: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await awaiting('LOW', 'Expiry race');
      expect((await act(approver, CAST_DECISION, { id: r.id, input: approve })).status).toBe('APPROVED');
      ids.push(r.id);
    }
    // Backdating the approvals (one statement) makes them due for both instances' next run of the job.
    await sql.query(`UPDATE adoption_request SET expires_at = now() - interval '1 minute' WHERE id = ANY($1)`, [ids]);
    const deadline = Date.now() + 30_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      const { rows } = await sql.query(`SELECT status FROM adoption_request WHERE id = ANY($1)`, [ids]);
      statuses = rows.map((r) => r.status);
      if (statuses.every((s) => s === 'EXPIRED')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses).toEqual(ids.map(() => 'EXPIRED'));
    for (const id of ids) {
      expect(await transitions(id)).toEqual(
        expect.arrayContaining([{ action: 'adoption_request.expired', from: 'APPROVED', to: 'EXPIRED' }]),
      );
      expect(await countEvents(id, 'adoption_request.expired')).toBe(1);
    }
  });

  it('failed sign-ins spread over both processes count towards one lockout of the account', async () => {
    const email = DEMO_USERS.otherRequester;
    const wrong = Array.from({ length: 6 }, (_, i) =>
      new GraphqlClient(i % 2 === 0 ? a.baseUrl : b.baseUrl).request(LOGIN, { email, password: `wrong-${i}` }),
    );
    const failures = await Promise.all(wrong);
    expect(failures.every((f) => f.errors?.length && !f.data?.login)).toBe(true);
    // Three failures lock the account (LOGIN_MAX_FAILURES): the right password is now refused by both.
    for (const baseUrl of [a.baseUrl, b.baseUrl]) {
      const res = await new GraphqlClient(baseUrl).request(LOGIN, { email, password: DEMO_PASSWORD });
      expect(res.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(res.data?.login ?? null).toBeNull();
    }
    // The lockout is the account's, not the caller's: another account signs in on either process.
    for (const baseUrl of [a.baseUrl, b.baseUrl]) {
      const res = await new GraphqlClient(baseUrl).request(LOGIN, {
        email: DEMO_USERS.auditor,
        password: DEMO_PASSWORD,
      });
      expect(res.errors).toBeUndefined();
    }
  });
});

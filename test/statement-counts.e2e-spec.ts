import {
  act,
  assessmentInput,
  awaitingDecision,
  CAST_DECISION,
  createTestEnvironment,
  CREATE_REQUEST,
  GraphqlClient,
  modelId,
  requestInput,
  START_REVIEW,
  StatementCounter,
  SUBMIT,
  TestEnvironment,
  Tier,
} from '@app/testing';
import { DataSource } from 'typeorm';

/**
 * What each main screen costs in SQL statements, authentication included. Nested fields load through the
 * request's DataLoaders, so a screen costs one statement per kind of data it shows, whatever the number of
 * rows: a page of 10 requests costs exactly what a page of 100 costs. The budgets are upper bounds a screen
 * must stay within; one nested field read row by row would cost 100 statements more and fail them.
 */

/** Everything a reviewer's page of requests shows (the screen, plus the EU AI Act and the record). */
const REQUEST_FIELDS = `id reference title status tier revision version createdAt updatedAt
  requester { id email displayName roles }
  model { id name producer family weightsAccess familySiblings { id name weightsAccess } }
  assessment { id revision tier complete items { category likelihood impact residualLikelihood residualImpact } }
  votes { id approverId vote rationale revision createdAt }
  approvalProgress { approvals quorum missingApprovals missingExpertise requiredExpertise }
  history { seq occurredAt action actor fromState toState }
  euAiAct { euAiActClass caveat provisions { reference } }
  decisionRecord { id outcome revision auditSeq auditEventId }`;

const REQUESTS_PAGE = `query($first: Int!) { adoptionRequests(first: $first) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${REQUEST_FIELDS} } } } }`;
const MY_QUEUE = `{ myQueue { ${REQUEST_FIELDS} } }`;
const REQUEST_DETAIL = `query($id: ID!) { adoptionRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const AUDIT_PAGE = `query($first: Int!, $filter: AuditEventFilter) { auditEvents(first: $first, filter: $filter) { totalCount edges { node {
  seq action actor actorId subjectType fromState toState actorUser { id email displayName active } } } } }`;
const MODELS_PAGE = `query($first: Int!) { aiModels(first: $first) { totalCount edges { node {
  id name family weightsAccess familySiblings { id name weightsAccess } } } } }`;
const POLICIES = `{ policies { id name versions { id number status rules { title effect } } published { id number }
  draft { id number } } }`;
const REQUESTERS_WITH_ORGANISATION = `query($first: Int!) { adoptionRequests(first: $first) { edges { node {
  id requester { id email organisation { id name } } } } } }`;
const ME = `{ me { id email roles organisation { id name } } }`;
const VIEWER_CAN = `viewerCan { edit submit withdraw startReview assess completeReview requestChanges castDecision revoke }
  viewerCannot { operation mutation code reason }`;
const VIEWER_CAN_PAGE = `query($first: Int!) { adoptionRequests(first: $first) { edges { node { id status ${VIEWER_CAN} } } } }`;
const REQUESTS_PAGE_WITH_VIEWER_CAN = `query($first: Int!) { adoptionRequests(first: $first) {
  edges { node { ${REQUEST_FIELDS} ${VIEWER_CAN} } } } }`;

/**
 * Statement budgets, authentication included: what each screen costs today (the page's issue bound is 12).
 * Authentication is one statement (the caller's user row); a list, its rows and its bounded count; each kind
 * of nested data, one statement through its loader.
 */
const BUDGET = {
  // 1 authentication, 2 list (count, rows), 7 loaders: requesters, models (also for euAiAct), family siblings,
  // assessments, votes (also for approvalProgress), histories, decision records.
  requestsPage: 10,
  // 1 authentication, the queue's rows, who assessed the candidates (an approver's), the same 7 loaders.
  myQueue: 10,
  // 1 authentication, the request, the 7 loaders.
  requestDetail: 9,
  // 1 authentication, 2 list, the actors' users.
  auditPage: 4,
  // 1 authentication, 2 list, the siblings.
  modelsPage: 4,
  // 1 authentication, the policies, their versions (shared by versions, published and draft).
  policies: 3,
  // 1 authentication, 2 list, the requesters, their organisation.
  requestersWithOrganisation: 5,
  // 1 authentication, the user, the organisation.
  me: 3,
  // 1 authentication, 2 list, the assessments and the votes of the page (what separation of duties reads).
  viewerCanPage: 5,
};

/** How many copies of each request made through the API the suite adds by SQL (9 requests, 90 copies). */
const COPIES = 10;

const approve = { vote: 'APPROVE', rationale: 'acceptable with the agreed controls', conditions: [] };
const reject = { vote: 'REJECT', rationale: 'the controls are not credible', conditions: [] };

/**
 * Copies each request `times` times, with its assessments, votes and decision records, in one transaction;
 * the copies have their own ids, references and titles, and no audit events (the chain is the service's to
 * write). Columns are read from the catalog, so a new column is copied too.
 */
async function copyRequests(dataSource: DataSource, ids: string[], times: number): Promise<void> {
  await dataSource.transaction(async (em) => {
    const columns = async (table: string): Promise<string[]> =>
      (
        await em.query(
          `SELECT column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        )
      ).map((c: { column_name: string }) => c.column_name);
    const copy = async (table: string, replaced: Record<string, string>, join: string) => {
      const names = await columns(table);
      const values = names.map((c) => replaced[c] ?? `t.${c}`);
      await em.query(
        `INSERT INTO ${table} (${names.join(', ')}) SELECT ${values.join(', ')} FROM ${table} t JOIN copy_map m ON ${join}`,
      );
    };
    await em.query(`CREATE TEMP TABLE copy_map (old_id uuid, new_id uuid, k int) ON COMMIT DROP`);
    await em.query(
      `INSERT INTO copy_map SELECT r.id, gen_random_uuid(), k
       FROM adoption_request r, generate_series(1, $2::int) k WHERE r.id = ANY($1::uuid[])`,
      [ids, times],
    );
    await copy(
      'adoption_request',
      {
        id: 'm.new_id',
        reference: `t.reference || '-' || m.k`,
        title: `t.title || ' (copy ' || m.k || ')'`,
        created_at: `t.created_at + m.k * interval '1 millisecond'`,
      },
      't.id = m.old_id',
    );
    for (const table of ['risk_assessment', 'decision_vote', 'decision_record']) {
      await copy(table, { id: 'gen_random_uuid()', request_id: 'm.new_id' }, 't.request_id = m.old_id');
    }
  });
}

describe('statement counts per screen', () => {
  let env: TestEnvironment;
  let counter: StatementCounter;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let approver1: GraphqlClient;
  let approver2: GraphqlClient;
  let auditor: GraphqlClient;
  let policyAdmin: GraphqlClient;
  let approved: { id: string };

  beforeAll(async () => {
    env = await createTestEnvironment();
    [requester, reviewer, approver1, approver2, auditor, policyAdmin] = await Promise.all([
      env.as('requester'),
      env.as('reviewer'),
      env.as('approver1'),
      env.as('approver2'),
      env.as('auditor'),
      env.as('policy'),
    ]);
    const mistral = await modelId(requester, 'Mistral 7B v0.1');
    const others = await Promise.all(
      ['Llama 3.1 8B Instruct', 'GPT-4o', 'Gemini 1.5 Pro'].map((m) => modelId(requester, m)),
    );
    const create = (model: string, title: string) =>
      act(requester, CREATE_REQUEST, { input: requestInput(model, title) });
    const submitted = async (title: string) => {
      const draft = await create(mistral, title);
      await act(requester, SUBMIT, { id: draft.id });
      return draft;
    };
    const decided = async (title: string, tier: Tier, input: typeof approve) => {
      const r = await awaitingDecision({ requester, reviewer }, mistral, tier, title);
      await act(approver1, CAST_DECISION, { id: r.id, input });
      return r;
    };
    // A request in every state a page shows, through the API: drafts of several models, submitted, in review
    // (an automatic assessment), awaiting decision with one of two votes, approved and rejected (with a
    // decision record)...
    const templates: Array<{ id: string }> = await Promise.all([
      ...[mistral, ...others].map((m, i) => create(m, `Draft ${i}`)),
      submitted('Submitted'),
      submitted('In review').then(async (r) => (await act(reviewer, START_REVIEW, { id: r.id }), r)),
      decided('Awaiting', 'HIGH', approve),
      decided('Approved', 'LOW', approve),
      decided('Rejected', 'MEDIUM', reject),
    ]);
    approved = templates[templates.length - 2];
    // ... then copied by SQL, with their assessments, votes and decision records, to more than 100 requests.
    await copyRequests(
      env.dataSource,
      templates.map((t) => t.id),
      COPIES,
    );
    counter = StatementCounter.install(env.dataSource);
  });

  afterAll(async () => {
    counter?.uninstall();
    await env?.close();
  });

  /**
   * The statements of one operation, run once before to leave aside what only a first run costs
   * (SHOW_STATEMENTS=1 prints them).
   */
  async function statementsOf(client: GraphqlClient, query: string, variables: Record<string, unknown> = {}) {
    await client.ok(query, variables);
    const { data, statements } = await counter.run(client, query, variables);
    if (process.env.SHOW_STATEMENTS) console.log(`${statements.length} statements\n${statements.join('\n')}`);
    return { data, statements };
  }

  /** A statement sent twice with the same text is almost always one query per row. */
  const repeated = (statements: string[]) => statements.filter((s, i) => statements.indexOf(s) !== i);

  it('shows a page of 100 requests with every nested field in at most 12 statements, as many as for 10', async () => {
    const page100 = await statementsOf(reviewer, REQUESTS_PAGE, { first: 100 });
    const page10 = await statementsOf(reviewer, REQUESTS_PAGE, { first: 10 });
    const nodes = page100.data.adoptionRequests.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(100);
    // The page really holds what the statements serve: every state, votes, histories, decision records.
    expect(new Set(nodes.map((n: any) => n.status))).toEqual(
      new Set(['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'AWAITING_DECISION', 'APPROVED', 'REJECTED']),
    );
    expect(nodes.filter((n: any) => n.decisionRecord).length).toBeGreaterThanOrEqual(20);
    expect(nodes.filter((n: any) => n.votes.length > 0).length).toBeGreaterThanOrEqual(30);
    expect(nodes.filter((n: any) => n.assessment).length).toBeGreaterThanOrEqual(40);
    expect(nodes.filter((n: any) => n.history.length > 0).length).toBeGreaterThanOrEqual(9);
    expect(nodes.every((n: any) => n.requester.email && n.model.id && n.approvalProgress)).toBe(true);
    expect(nodes.some((n: any) => n.model.familySiblings.length > 0)).toBe(true);
    expect(page100.statements.length).toBeLessThanOrEqual(Math.min(12, BUDGET.requestsPage));
    expect(page10.statements).toHaveLength(page100.statements.length);
    expect(repeated(page100.statements)).toEqual([]);
  });

  it.each([
    ['an approver', () => approver2],
    ['the reviewer', () => reviewer],
    ['the requester', () => requester],
  ])('tells %s what they may do on a page of 100 requests in as many statements as for 10', async (_, client) => {
    const page100 = await statementsOf(client(), VIEWER_CAN_PAGE, { first: 100 });
    const page10 = await statementsOf(client(), VIEWER_CAN_PAGE, { first: 10 });
    const nodes = page100.data.adoptionRequests.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(40);
    expect(nodes.some((n: any) => Object.values(n.viewerCan).some(Boolean))).toBe(true);
    expect(nodes.some((n: any) => n.viewerCannot.length > 0)).toBe(true);
    expect(page100.statements.length).toBeLessThanOrEqual(BUDGET.viewerCanPage);
    expect(page10.statements).toHaveLength(page100.statements.length);
    expect(repeated(page100.statements)).toEqual([]);
    // With every other field of the page, viewerCan reads through the same loaders: it costs nothing more.
    const full = await statementsOf(client(), REQUESTS_PAGE_WITH_VIEWER_CAN, { first: 100 });
    const without = await statementsOf(client(), REQUESTS_PAGE, { first: 100 });
    expect(full.statements).toHaveLength(without.statements.length);
  });

  it('shows the next page of requests at the same cost as the first', async () => {
    const first = await statementsOf(reviewer, REQUESTS_PAGE, { first: 50 });
    const after = first.data.adoptionRequests.pageInfo.endCursor;
    const next = await counter.run(
      reviewer,
      `query($after: String) { adoptionRequests(first: 50, after: $after) { edges { node { ${REQUEST_FIELDS} } } } }`,
      { after },
    );
    expect(next.data.adoptionRequests.edges.length).toBeGreaterThan(0);
    expect(next.statements.length).toBeLessThanOrEqual(first.statements.length);
    expect(next.statements.length).toBeLessThanOrEqual(BUDGET.requestsPage);
  });

  it.each([
    ['the reviewer', () => reviewer],
    ['an approver', () => approver2],
    ['the requester', () => requester],
  ])('shows %s their queue within the budget', async (_, client) => {
    const { data, statements } = await statementsOf(client(), MY_QUEUE);
    expect(data.myQueue.length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThanOrEqual(BUDGET.myQueue);
  });

  it('shows a decided request in detail within the budget', async () => {
    const { data, statements } = await statementsOf(auditor, REQUEST_DETAIL, { id: approved.id });
    expect(data.adoptionRequest.decisionRecord.outcome).toBe('APPROVED');
    expect(data.adoptionRequest.votes).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(BUDGET.requestDetail);
  });

  it('shows a page of audit events with their actors within the budget, as many for 10 as for 100', async () => {
    // The first events are the service's own (seeding, no actor): the short page is of users' events.
    const page100 = await statementsOf(auditor, AUDIT_PAGE, { first: 100 });
    const page10 = await statementsOf(auditor, AUDIT_PAGE, { first: 10, filter: { subjectType: 'AdoptionRequest' } });
    const events = page100.data.auditEvents.edges.map((e: any) => e.node);
    expect(events.length).toBeGreaterThanOrEqual(40);
    expect(page10.data.auditEvents.edges.every((e: any) => e.node.actorUser)).toBe(true);
    expect(new Set(events.filter((e: any) => e.actorUser).map((e: any) => e.actorUser.id)).size).toBeGreaterThan(2);
    for (const e of events.filter((x: any) => x.actorUser)) expect(e.actorUser.id).toBe(e.actorId);
    expect(page100.statements.length).toBeLessThanOrEqual(BUDGET.auditPage);
    expect(page10.statements).toHaveLength(page100.statements.length);
  });

  it('shows a page of 100 models with their family siblings within the budget, as for 10', async () => {
    const page100 = await statementsOf(reviewer, MODELS_PAGE, { first: 100 });
    const page10 = await statementsOf(reviewer, MODELS_PAGE, { first: 10 });
    const models = page100.data.aiModels.edges.map((e: any) => e.node);
    expect(models.length).toBeGreaterThanOrEqual(Math.min(100, page100.data.aiModels.totalCount));
    expect(models.filter((m: any) => m.familySiblings.length > 0).length).toBeGreaterThan(10);
    expect(page100.statements.length).toBeLessThanOrEqual(BUDGET.modelsPage);
    expect(page10.statements).toHaveLength(page100.statements.length);
  });

  it('shows the policies with their versions within the budget', async () => {
    const { data, statements } = await statementsOf(policyAdmin, POLICIES);
    expect(data.policies.length).toBeGreaterThan(0);
    expect(data.policies.some((p: any) => p.published && p.versions.length > 0)).toBe(true);
    expect(statements.length).toBeLessThanOrEqual(BUDGET.policies);
    expect(repeated(statements)).toEqual([]);
  });

  it('shows the users of a page with their organisation within the budget, as for 10', async () => {
    const page100 = await statementsOf(reviewer, REQUESTERS_WITH_ORGANISATION, { first: 100 });
    const page10 = await statementsOf(reviewer, REQUESTERS_WITH_ORGANISATION, { first: 10 });
    expect(page100.data.adoptionRequests.edges.every((e: any) => e.node.requester.organisation.name)).toBe(true);
    expect(page100.statements.length).toBeLessThanOrEqual(BUDGET.requestersWithOrganisation);
    expect(page10.statements).toHaveLength(page100.statements.length);
    const me = await statementsOf(reviewer, ME);
    expect(me.data.me.organisation.name).toBeTruthy();
    expect(me.statements.length).toBeLessThanOrEqual(BUDGET.me);
  });

  it('never answers a mutation from rows cached before it wrote', async () => {
    // Two saves of one assessment in one operation: each answer shows the tier of its own write, although the
    // first answer already read the assessment.
    const draft = await act(requester, CREATE_REQUEST, {
      input: requestInput(await modelId(requester, 'Mistral 7B v0.1'), 'Saved twice'),
    });
    await act(requester, SUBMIT, { id: draft.id });
    await act(reviewer, START_REVIEW, { id: draft.id });
    const data = await reviewer.ok(
      `mutation($id: ID!, $low: SaveRiskAssessmentInput!, $critical: SaveRiskAssessmentInput!) {
        a: saveRiskAssessment(requestId: $id, input: $low) { ... on AdoptionRequest { assessment { tier } } }
        b: saveRiskAssessment(requestId: $id, input: $critical) { ... on AdoptionRequest { assessment { tier } } }
      }`,
      { id: draft.id, low: assessmentInput('LOW'), critical: assessmentInput('CRITICAL') },
    );
    expect(data.a.assessment.tier).not.toBe('CRITICAL');
    expect(data.b.assessment.tier).toBe('CRITICAL');
  });
});

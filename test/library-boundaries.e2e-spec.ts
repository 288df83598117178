import {
  act,
  addTestUser,
  assessmentInput,
  awaitingDecision,
  CAST_DECISION,
  COMPLETE_REVIEW,
  createTestEnvironment,
  CREATE_REQUEST,
  GraphqlClient,
  modelId,
  requestInput,
  SAVE_ASSESSMENT,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
} from '@app/testing';

/**
 * What users see where one library answers with another's data through its service (no library reads
 * another's tables): a queue that leaves out what the approver assessed (risk), the request list filtered by
 * the model's weights (catalog), the audit log filtered by a request's reference and a request's record
 * export (adoption above audit), the signed checkpoint's organisation (identity above audit).
 */
const LIST = `query($filter: AdoptionRequestFilter) { adoptionRequests(filter: $filter, first: 100) { totalCount edges { node { id } } } }`;
const QUEUE = `{ myQueue { id } }`;
const EVENTS = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 100) { totalCount edges { node { action requestId } } } }`;
const CHECKPOINTS = `{ auditCheckpoints { organisation seq } }`;
const CHECKPOINT = `mutation { createAuditCheckpoint { organisation seq } }`;
const approve = { vote: 'APPROVE', rationale: 'acceptable', conditions: [] };

describe('library boundaries (e2e)', () => {
  let env: TestEnvironment;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let approver1: GraphqlClient;
  let auditor: GraphqlClient;
  let reviewingApprover: GraphqlClient;
  let openModel: string;
  let closedModel: string;
  let approved: { id: string; reference: string };

  beforeAll(async () => {
    env = await createTestEnvironment();
    [requester, reviewer, approver1, auditor] = await Promise.all([
      env.as('requester'),
      env.as('reviewer'),
      env.as('approver1'),
      env.as('auditor'),
    ]);
    await addTestUser(env.app, 'demo', {
      email: 'reviewing-approver@example.org',
      roles: ['REVIEWER', 'APPROVER'],
      password: 'a-long-enough-password',
    });
    reviewingApprover = await env.login('reviewing-approver@example.org', 'a-long-enough-password');
    openModel = await modelId(requester, 'Mistral 7B v0.1');
    const closed = await requester.ok(
      `{ aiModels(filter: { weightsAccess: CLOSED }, first: 1) { edges { node { id } } } }`,
    );
    closedModel = closed.aiModels.edges[0].node.id;
    const r = await awaitingDecision({ requester, reviewer }, openModel, 'LOW', 'Boundaries: approved');
    const done = await act(approver1, CAST_DECISION, { id: r.id, input: approve });
    expect(done.status).toBe('APPROVED');
    approved = { id: r.id, reference: done.reference };
  });
  afterAll(() => env?.close());

  const ids = async (client: GraphqlClient) => (await client.ok(QUEUE)).myQueue.map((r: { id: string }) => r.id);

  describe('queue (assessors from the risk library)', () => {
    it('does not ask an approver to decide a revision they assessed, and asks the others', async () => {
      const theirs = await awaitingDecision(
        { requester, reviewer: reviewingApprover },
        openModel,
        'LOW',
        'Boundaries: assessed',
      );
      const others = await awaitingDecision({ requester, reviewer }, openModel, 'LOW', 'Boundaries: not assessed');
      expect(await ids(reviewingApprover)).not.toContain(theirs.id);
      expect(await ids(reviewingApprover)).toContain(others.id);
      expect(await ids(approver1)).toEqual(expect.arrayContaining([theirs.id, others.id]));
    });

    it('counts whoever completes the review as an assessor, once', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(openModel, 'Boundaries: completed') });
      await act(requester, SUBMIT, { id: draft.id });
      await act(reviewer, START_REVIEW, { id: draft.id });
      await act(reviewer, SAVE_ASSESSMENT, { id: draft.id, input: assessmentInput('LOW') });
      const done = await act(reviewingApprover, COMPLETE_REVIEW, { id: draft.id });
      expect(done.status).toBe('AWAITING_DECISION');
      expect(await ids(reviewingApprover)).not.toContain(draft.id);
      const [{ assessors }] = await env.dataSource.query(
        `SELECT assessor_ids::text[] AS assessors FROM risk_assessment WHERE request_id = $1`,
        [draft.id],
      );
      expect(assessors).toHaveLength(2);
    });
  });

  describe('request list (model facts from the catalog)', () => {
    it("filters requests by their model's weights access", async () => {
      const open = await act(requester, CREATE_REQUEST, { input: requestInput(openModel, 'Boundaries: open') });
      const closed = await act(requester, CREATE_REQUEST, { input: requestInput(closedModel, 'Boundaries: closed') });
      const listed = async (weightsAccess: string) =>
        (await requester.ok(LIST, { filter: { weightsAccess } })).adoptionRequests.edges.map(
          (e: { node: { id: string } }) => e.node.id,
        );
      const openIds = await listed('OPEN');
      const closedIds = await listed('CLOSED');
      expect(openIds).toContain(open.id);
      expect(openIds).not.toContain(closed.id);
      expect(closedIds).toContain(closed.id);
      expect(closedIds).not.toContain(open.id);
    });
  });

  describe('audit (below adoption and identity)', () => {
    it('filters the audit log by a reference in any case; an unknown reference matches nothing', async () => {
      const found = (await auditor.ok(EVENTS, { filter: { reference: approved.reference.toLowerCase() } })).auditEvents;
      expect(found.totalCount).toBeGreaterThan(3);
      expect(found.edges.every((e: { node: { requestId: string } }) => e.node.requestId === approved.id)).toBe(true);
      expect((await auditor.ok(EVENTS, { filter: { reference: 'AR-1999-9999' } })).auditEvents.totalCount).toBe(0);
    });

    it("exports one request's record: the request, its decision records and its events", async () => {
      const get = (id: string, token: string) =>
        fetch(`${env.baseUrl}/audit/requests/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const res = await get(approved.id, auditor.token!);
      expect(res.status).toBe(200);
      const record = (await res.json()) as any;
      expect(Object.keys(record).sort()).toEqual(['decisionRecords', 'events', 'request']);
      expect(record.request).toEqual({ id: approved.id, reference: approved.reference });
      expect(record.decisionRecords).toHaveLength(1);
      const [decision] = record.decisionRecords;
      expect(Object.keys(decision).sort()).toEqual([
        'auditEventId',
        'auditSeq',
        'createdAt',
        'id',
        'outcome',
        'revision',
        'snapshot',
      ]);
      expect(decision).toMatchObject({ outcome: 'APPROVED', revision: 1 });
      expect(typeof decision.auditSeq).toBe('number');
      const bound = record.events.find((e: { seq: number }) => e.seq === decision.auditSeq);
      expect(bound).toMatchObject({ action: 'adoption_request.approved', requestId: approved.id });
      expect(record.events.map((e: { seq: number }) => e.seq)).toEqual(
        [...record.events.map((e: { seq: number }) => e.seq)].sort((a, b) => a - b),
      );
      expect((await get('00000000-0000-4000-8000-000000000000', auditor.token!)).status).toBe(404);
      expect((await get(approved.id, requester.token!)).status).toBe(403);
    });

    it("signs checkpoints with the organisation's slug, and lists them with it", async () => {
      const { createAuditCheckpoint } = await auditor.ok(CHECKPOINT);
      expect(createAuditCheckpoint.organisation).toBe('demo');
      const { auditCheckpoints } = await auditor.ok(CHECKPOINTS);
      expect(auditCheckpoints[0]).toEqual(createAuditCheckpoint);
    });
  });
});

import {
  act,
  addTestUser,
  assessmentInput,
  awaitingDecision,
  CAST_DECISION,
  COMPLETE_REVIEW,
  createTestEnvironment,
  CREATE_REQUEST,
  DemoUser,
  GET_REQUEST,
  GraphqlClient,
  modelId,
  REQUEST_CHANGES,
  REQUEST_RESULT,
  requestInput,
  REVOKE,
  SAVE_ASSESSMENT,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
  UPDATE_REQUEST,
  WITHDRAW,
} from '@app/testing';
import { verifyAudit } from '../apps/cli/src/commands/commands';

const LIST = `query($filter: AdoptionRequestFilter, $first: Int, $after: String) { adoptionRequests(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id reference status requester { email } } } } }`;
const QUEUE = `{ myQueue { id status } }`;
const approve = { vote: 'APPROVE', rationale: 'acceptable', conditions: [] };

describe('adoption rules (e2e)', () => {
  let env: TestEnvironment;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let approver1: GraphqlClient;
  let mistral: string;
  const users: Record<string, GraphqlClient> = {};

  beforeAll(async () => {
    env = await createTestEnvironment();
    [requester, reviewer, approver1] = await Promise.all([
      env.as('requester'),
      env.as('reviewer'),
      env.as('approver1'),
    ]);
    mistral = await modelId(requester, 'Mistral 7B v0.1');
    const make = async (name: string, roles: Array<'REQUESTER' | 'REVIEWER' | 'APPROVER'>) => {
      await addTestUser(env.app, 'demo', { email: `${name}@example.org`, roles, password: 'a-long-enough-password' });
      users[name] = await env.login(`${name}@example.org`, 'a-long-enough-password');
    };
    await make('allrounder', ['REQUESTER', 'REVIEWER', 'APPROVER']);
    await make('revapprover', ['REVIEWER', 'APPROVER']);
    await make('colleague', ['REQUESTER']);
  });
  afterAll(() => env?.close());

  describe('permissions', () => {
    let draft: any;
    let submitted: any;
    let awaiting: any;
    beforeAll(async () => {
      draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Permission draft') });
      submitted = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Permission submitted') });
      await act(requester, SUBMIT, { id: submitted.id });
      awaiting = await awaitingDecision({ requester, reviewer }, mistral, 'LOW', 'Permission awaiting');
    });

    const operations: Array<
      [string, (ids: { draft: string; submitted: string; awaiting: string }) => [string, object]]
    > = [
      [
        'createAdoptionRequest',
        () => [CREATE_REQUEST, { input: requestInput('00000000-0000-4000-8000-000000000000') }],
      ],
      ['updateAdoptionRequest', (ids) => [UPDATE_REQUEST, { id: ids.draft, input: { title: 'Hijacked' }, v: 1 }]],
      ['submitAdoptionRequest', (ids) => [SUBMIT, { id: ids.draft }]],
      ['withdrawAdoptionRequest', (ids) => [WITHDRAW, { id: ids.draft, reason: 'x' }]],
      ['startReview', (ids) => [START_REVIEW, { id: ids.submitted }]],
      ['saveRiskAssessment', (ids) => [SAVE_ASSESSMENT, { id: ids.submitted, input: assessmentInput('LOW') }]],
      ['completeReview', (ids) => [COMPLETE_REVIEW, { id: ids.submitted }]],
      ['requestChanges', (ids) => [REQUEST_CHANGES, { id: ids.submitted, rationale: 'x' }]],
      ['castDecision', (ids) => [CAST_DECISION, { id: ids.awaiting, input: approve }]],
      ['revokeApproval', (ids) => [REVOKE, { id: ids.awaiting, rationale: 'x' }]],
    ];
    const refusals: Array<[DemoUser | 'colleague', string]> = [
      ...(['reviewer', 'approver1', 'auditor', 'policy', 'admin'] as const).map(
        (u) => [u, 'createAdoptionRequest'] as [DemoUser, string],
      ),
      ...(['reviewer', 'approver1', 'auditor', 'policy', 'admin'] as const).flatMap((u) =>
        ['updateAdoptionRequest', 'submitAdoptionRequest', 'withdrawAdoptionRequest'].map(
          (op) => [u, op] as [DemoUser, string],
        ),
      ),
      ...(['requester', 'approver1', 'auditor', 'policy', 'admin'] as const).flatMap((u) =>
        ['startReview', 'saveRiskAssessment', 'completeReview', 'requestChanges'].map(
          (op) => [u, op] as [DemoUser, string],
        ),
      ),
      ...(['requester', 'reviewer', 'auditor', 'policy', 'admin'] as const).flatMap((u) =>
        ['castDecision', 'revokeApproval'].map((op) => [u, op] as [DemoUser, string]),
      ),
      ['colleague', 'updateAdoptionRequest'],
      ['colleague', 'submitAdoptionRequest'],
      ['colleague', 'withdrawAdoptionRequest'],
    ];

    it.each(refusals)('refuses %s: %s with FORBIDDEN, changing nothing', async (user, op) => {
      const client = user === 'colleague' ? users.colleague : await env.as(user);
      const [query, variables] = operations.find(([name]) => name === op)![1]({
        draft: draft.id,
        submitted: submitted.id,
        awaiting: awaiting.id,
      });
      const before = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
      expect(await client.errorCode(query, variables as Record<string, unknown>)).toBe('FORBIDDEN');
      expect(await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`)).toEqual(before);
    });

    it("answers NOT_FOUND for another organisation's request, whatever the operation", async () => {
      const outsider = await env.as('otherRequester');
      expect(await outsider.errorCode(GET_REQUEST, { id: draft.id })).toBe('NOT_FOUND');
      expect(await outsider.errorCode(SUBMIT, { id: draft.id })).toBe('NOT_FOUND');
      expect(await outsider.errorCode(UPDATE_REQUEST, { id: draft.id, input: { title: 'Other org' }, v: 1 })).toBe(
        'NOT_FOUND',
      );
      expect(await outsider.errorCode(WITHDRAW, { id: draft.id, reason: 'x' })).toBe('NOT_FOUND');
      // A model of another organisation cannot be requested either.
      const res = await act(outsider, CREATE_REQUEST, { input: requestInput(mistral) });
      expect(res).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ field: 'input.modelId' }] });
    });

    it('shows requesters their own requests only, and the rest of the organisation to reviewers and auditors', async () => {
      const mine = (await requester.ok(LIST, { first: 100 })).adoptionRequests;
      expect(mine.edges.every((e: any) => e.node.requester.email === 'requester@example.org')).toBe(true);
      await act(users.colleague, CREATE_REQUEST, { input: requestInput(mistral, 'Colleague draft') });
      const colleagues = (await users.colleague.ok(LIST, { first: 100 })).adoptionRequests;
      expect(colleagues.totalCount).toBe(1);
      expect(await users.colleague.errorCode(GET_REQUEST, { id: draft.id })).toBe('FORBIDDEN');
      const all = (await (await env.as('auditor')).ok(LIST, { first: 100 })).adoptionRequests;
      expect(all.totalCount).toBe(mine.totalCount + 1);
    });
  });

  describe('separation of duties', () => {
    it('never lets the requester review, assess or decide their own request', async () => {
      const own = await act(users.allrounder, CREATE_REQUEST, { input: requestInput(mistral, 'Own request') });
      await act(users.allrounder, SUBMIT, { id: own.id });
      expect(await act(users.allrounder, START_REVIEW, { id: own.id })).toMatchObject({
        __typename: 'SeparationOfDutiesError',
        errorCode: 'SEPARATION_OF_DUTIES',
      });
      await act(reviewer, START_REVIEW, { id: own.id });
      expect(
        (await act(users.allrounder, SAVE_ASSESSMENT, { id: own.id, input: assessmentInput('LOW') })).errorCode,
      ).toBe('SEPARATION_OF_DUTIES');
      await act(reviewer, SAVE_ASSESSMENT, { id: own.id, input: assessmentInput('LOW') });
      await act(reviewer, COMPLETE_REVIEW, { id: own.id });
      expect((await act(users.allrounder, CAST_DECISION, { id: own.id, input: approve })).errorCode).toBe(
        'SEPARATION_OF_DUTIES',
      );
      const view = (await reviewer.ok(GET_REQUEST, { id: own.id })).adoptionRequest;
      expect(view).toMatchObject({ status: 'AWAITING_DECISION', votes: [] });
    });

    it('never lets the assessor of a revision decide it', async () => {
      const r = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Assessed by revapprover') });
      await act(requester, SUBMIT, { id: r.id });
      await act(users.revapprover, START_REVIEW, { id: r.id });
      await act(users.revapprover, SAVE_ASSESSMENT, { id: r.id, input: assessmentInput('LOW') });
      await act(users.revapprover, COMPLETE_REVIEW, { id: r.id });
      const refused = await act(users.revapprover, CAST_DECISION, { id: r.id, input: approve });
      expect(refused).toMatchObject({ errorCode: 'SEPARATION_OF_DUTIES' });
      expect(refused.message).toMatch(/assessor/);
      expect((await act(approver1, CAST_DECISION, { id: r.id, input: approve })).status).toBe('APPROVED');
    });

    it('lets nobody vote twice on a revision', async () => {
      const r = await awaitingDecision({ requester, reviewer }, mistral, 'HIGH', 'Vote twice');
      expect((await act(approver1, CAST_DECISION, { id: r.id, input: approve })).status).toBe('AWAITING_DECISION');
      expect(await act(approver1, CAST_DECISION, { id: r.id, input: approve })).toMatchObject({
        __typename: 'AlreadyVotedError',
        errorCode: 'ALREADY_VOTED',
      });
    });

    it('requires an assessor to justify departing from the automatic values', async () => {
      const r = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Justify overrides') });
      await act(requester, SUBMIT, { id: r.id });
      await act(reviewer, START_REVIEW, { id: r.id });
      const bad = assessmentInput('LOW');
      bad.items[0] = { ...bad.items[0], residualLikelihood: 5, likelihood: 2 };
      const res = await act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: bad });
      expect(res).toMatchObject({ __typename: 'ValidationError' });
      expect(res.fieldErrors[0].message).toMatch(/cannot exceed/);
    });
  });

  describe('input and state', () => {
    it.each([
      [{ expectedUsers: -1 }, /expectedUsers must be 0 or more/, 'input.expectedUsers'],
      [{ languages: ['not a language'] }, /BCP 47/, 'input.languages'],
      [{ title: 'x' }, /title must be 3 to 200/, 'input.title'],
      [{ sector: 'SPACE' }, /Sector/, null],
    ])('refuses %j as BAD_USER_INPUT naming the field', async (change, message, field) => {
      const res = await requester.request(CREATE_REQUEST, { input: { ...requestInput(mistral), ...change } });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(message);
      // Each refused input by its path from the arguments, for a client to show beside it (an enum value
      // the schema does not have is refused by GraphQL itself, before any field is read).
      if (field)
        expect(res.errors?.[0].extensions?.fieldErrors).toEqual([{ field, message: expect.stringMatching(message) }]);
    });

    it('refuses a model that does not exist or is retired', async () => {
      const missing = await act(requester, CREATE_REQUEST, {
        input: requestInput('00000000-0000-4000-8000-000000000000'),
      });
      expect(missing).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ field: 'input.modelId' }] });
      const policy = await env.as('policy');
      const { createAiModel } = await policy.ok(`mutation { createAiModel(input: { name: "Old Model", producer: "Lab",
        releaseLevel: DOWNLOADABLE }) { ... on AiModel { id } } }`);
      await policy.ok(
        `mutation($id: ID!) { updateAiModel(id: $id, input: { retired: true }, expectedVersion: 1) { __typename } }`,
        {
          id: createAiModel.id,
        },
      );
      const retired = await act(requester, CREATE_REQUEST, { input: requestInput(createAiModel.id) });
      expect(retired.fieldErrors[0].message).toMatch(/retired/);
    });

    it('submits only complete drafts, naming what is missing', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: { title: 'Bare draft', modelId: mistral } });
      const res = await act(requester, SUBMIT, { id: draft.id });
      expect(res.__typename).toBe('ValidationError');
      expect(res.fieldErrors.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['useCase', 'sector', 'languages', 'justification']),
      );
      expect((await requester.ok(GET_REQUEST, { id: draft.id })).adoptionRequest.status).toBe('DRAFT');
    });

    it('refuses an edit against a stale version, and edits once submitted', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Stale edit') });
      const edited = await act(requester, UPDATE_REQUEST, { id: draft.id, input: { title: 'Fresh edit' }, v: 1 });
      expect(edited).toMatchObject({ version: 2 });
      expect(await act(requester, UPDATE_REQUEST, { id: draft.id, input: { title: 'Stale' }, v: 1 })).toMatchObject({
        __typename: 'ConcurrentModificationError',
        currentVersion: 2,
      });
      await act(requester, SUBMIT, { id: draft.id });
      expect(await act(requester, UPDATE_REQUEST, { id: draft.id, input: { title: 'Too late' }, v: 3 })).toMatchObject({
        __typename: 'InvalidTransitionError',
        fromState: 'SUBMITTED',
      });
    });

    it('refuses transitions the workflow does not allow from the current state', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Wrong order') });
      expect(await act(reviewer, COMPLETE_REVIEW, { id: draft.id })).toMatchObject({
        __typename: 'InvalidTransitionError',
        fromState: 'DRAFT',
        toState: 'AWAITING_DECISION',
      });
      expect(await act(approver1, CAST_DECISION, { id: draft.id, input: approve })).toMatchObject({
        fromState: 'DRAFT',
      });
    });
  });

  describe('queues', () => {
    it('shows each role what waits for them', async () => {
      const waiting = await awaitingDecision({ requester, reviewer }, mistral, 'LOW', 'Queue: decision');
      const toReview = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Queue: review') });
      await act(requester, SUBMIT, { id: toReview.id });
      const ids = async (c: GraphqlClient) => (await c.ok(QUEUE)).myQueue.map((r: { id: string }) => r.id);
      expect(await ids(approver1)).toContain(waiting.id);
      expect(await ids(reviewer)).toContain(toReview.id);
      expect(await ids(reviewer)).not.toContain(waiting.id);
      await act(approver1, CAST_DECISION, { id: waiting.id, input: approve });
      expect(await ids(approver1)).not.toContain(waiting.id);
      expect(await ids(await env.as('auditor'))).toEqual([]);
    });
  });

  describe('races and repeats', () => {
    it('20 concurrent submissions of one request give exactly one transition', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Concurrent submit') });
      const results = await Promise.all(Array.from({ length: 20 }, () => requester.request(SUBMIT, { id: draft.id })));
      const typenames = results.map((r) => r.data?.r.__typename ?? r.errors?.[0].extensions?.code);
      expect(typenames.filter((t) => t === 'AdoptionRequest')).toHaveLength(1);
      expect(
        typenames
          .filter((t) => t !== 'AdoptionRequest')
          .every((t) => ['InvalidTransitionError', 'ConcurrentModificationError'].includes(t!)),
      ).toBe(true);
      const [{ n }] = await env.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE request_id = $1 AND action = 'adoption_request.submitted'`,
        [draft.id],
      );
      expect(n).toBe(1);
    });

    it('20 concurrent votes on one request give exactly one transition and one vote per approver', async () => {
      const r = await awaitingDecision({ requester, reviewer }, mistral, 'HIGH', 'Concurrent votes');
      const voters = [approver1, await env.as('approver2'), users.revapprover];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => voters[i % 3].request(CAST_DECISION, { id: r.id, input: approve })),
      );
      expect(results.every((x) => !x.errors)).toBe(true);
      const view = (await reviewer.ok(GET_REQUEST, { id: r.id })).adoptionRequest;
      expect(view.status).toBe('APPROVED');
      expect(view.votes).toHaveLength(2);
      const [{ approved, votes }] = await env.dataSource.query(
        `SELECT count(*) FILTER (WHERE action = 'adoption_request.approved')::int AS approved,
                count(*) FILTER (WHERE action = 'adoption_request.vote_cast')::int AS votes
         FROM audit_event WHERE request_id = $1`,
        [r.id],
      );
      expect({ approved, votes }).toEqual({ approved: 1, votes: 2 });
      expect(await verifyAudit(env.app, 'demo')).toMatchObject({ output: { valid: true } });
    });

    it('acts once for a repeated Idempotency-Key, and refuses the key for a different request', async () => {
      const a = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Idempotent A') });
      const b = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Idempotent B') });
      const headers = { 'idempotency-key': 'submit-a-0001' };
      const first = await requester.request(SUBMIT, { id: a.id }, headers);
      const again = await requester.request(SUBMIT, { id: a.id }, headers);
      expect(first.data!.r).toMatchObject({ __typename: 'AdoptionRequest', status: 'SUBMITTED', version: 2 });
      expect(again.data!.r).toEqual(first.data!.r);
      const other = await requester.request(SUBMIT, { id: b.id }, headers);
      expect(other.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(other.errors?.[0].message).toMatch(/Idempotency-Key/);
      const [{ n }] = await env.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE request_id = $1 AND action = 'adoption_request.submitted'`,
        [a.id],
      );
      expect(n).toBe(1);
      const concurrent = await Promise.all(
        Array.from({ length: 5 }, () =>
          requester.request(
            `mutation($input: CreateAdoptionRequestInput!) { r: createAdoptionRequest(input: $input) { ${REQUEST_RESULT} } }`,
            { input: requestInput(mistral, 'Idempotent create') },
            { 'idempotency-key': 'create-0001' },
          ),
        ),
      );
      expect(new Set(concurrent.map((c) => c.data!.r.id)).size).toBe(1);
    });
  });
});

import { ADOPTION_WORKFLOW, Operation, OperationName } from '@app/adoption';
import {
  act,
  assessmentInput,
  CAST_DECISION,
  COMPLETE_REVIEW,
  createTestEnvironment,
  CREATE_REQUEST,
  DECISION_RECORD,
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

const POLICY_RESULT = `__typename ... on Policy { id published { number } } ... on ErrorResult { errorCode message }`;
const CREATE_POLICY = `mutation($input: CreatePolicyInput!) { r: createPolicy(input: $input) { ${POLICY_RESULT} } }`;
const SAVE_DRAFT = `mutation($id: ID!, $rules: [PolicyRuleInput!]!) { r: savePolicyDraft(policyId: $id, rules: $rules) { ${POLICY_RESULT} } }`;
const PUBLISH = `mutation($id: ID!) { r: publishPolicyVersion(policyId: $id) { ${POLICY_RESULT} } }`;
const RESULT_WITH_FINDINGS = `${REQUEST_RESULT} ... on PolicyBlockedError { findings { title effect message } }`;
const CAST = CAST_DECISION.replace(REQUEST_RESULT, RESULT_WITH_FINDINGS);
const approve = { vote: 'APPROVE', rationale: 'acceptable with the agreed controls', conditions: [] };

/**
 * The decision path: every gate (submit, resubmit, complete review, each APPROVE vote, the final one)
 * applies the policies in force at that moment, and each workflow mutation writes exactly its table row's
 * audit event or nothing at all.
 */
describe('decision path (e2e)', () => {
  let env: TestEnvironment;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let policyAdmin: GraphqlClient;
  let approver1: GraphqlClient;
  let approver2: GraphqlClient;
  let approver3: GraphqlClient;
  let mistral: string;
  let policies = 0;

  beforeAll(async () => {
    env = await createTestEnvironment();
    [requester, reviewer, policyAdmin, approver1, approver2, approver3] = await Promise.all([
      env.as('requester'),
      env.as('reviewer'),
      env.as('policy'),
      env.as('approver1'),
      env.as('approver2'),
      env.as('approver3'),
    ]);
    mistral = await modelId(requester, 'Mistral 7B v0.1');
  });
  afterAll(() => env?.close());

  /** Creates and publishes a policy with one rule. */
  async function publishRule(name: string, rule: Record<string, unknown>): Promise<void> {
    const created = await act(policyAdmin, CREATE_POLICY, {
      input: { name, description: 'published while a request is on its way' },
    });
    expect(created.__typename).toBe('Policy');
    const drafted = await act(policyAdmin, SAVE_DRAFT, {
      id: created.id,
      rules: [{ title: `${name} rule`, description: 'test rule', text: null, ...rule }],
    });
    expect(drafted.__typename).toBe('Policy');
    const published = await act(policyAdmin, PUBLISH, { id: created.id });
    expect(published.__typename).toBe('Policy');
  }
  /** Publishes a new policy whose one rule matches only requests with this use case. */
  async function publish(useCase: string, rule: Record<string, unknown>): Promise<string> {
    const name = `Late policy ${++policies}`;
    await publishRule(name, { condition: `request.useCase == "${useCase}"`, ...rule });
    return name;
  }
  const block = (useCase: string) => publish(useCase, { effect: 'BLOCK', text: `${useCase} is no longer allowed` });

  async function draft(useCase: string) {
    return act(requester, CREATE_REQUEST, { input: { ...requestInput(mistral, useCase), useCase } });
  }
  async function state(id: string) {
    return (await requester.ok(GET_REQUEST, { id })).adoptionRequest;
  }
  async function inReview(useCase: string) {
    const r = await draft(useCase);
    expect(await act(requester, SUBMIT, { id: r.id })).toMatchObject({ status: 'SUBMITTED' });
    expect(await act(reviewer, START_REVIEW, { id: r.id })).toMatchObject({ status: 'IN_REVIEW' });
    return r;
  }
  async function awaiting(useCase: string, tier: 'LOW' | 'HIGH' = 'HIGH') {
    const r = await inReview(useCase);
    expect((await act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: assessmentInput(tier) })).__typename).toBe(
      'AdoptionRequest',
    );
    const done = await act(reviewer, COMPLETE_REVIEW, { id: r.id });
    expect(done.status).toBe('AWAITING_DECISION');
    return done;
  }

  /** Runs `refused` and checks that it was POLICY_BLOCKED and wrote nothing (state, version, history). */
  async function expectBlockedWithoutWrites(id: string, refused: () => Promise<any>) {
    const before = await state(id);
    const result = await refused();
    expect(result).toMatchObject({ __typename: 'PolicyBlockedError', errorCode: 'POLICY_BLOCKED' });
    const after = await state(id);
    expect(after).toEqual(before);
    return result;
  }

  describe('a BLOCK policy published just before a gate stops it', () => {
    it('at submission', async () => {
      const r = await draft('gate: submit');
      await block('gate: submit');
      const res = await expectBlockedWithoutWrites(r.id, () =>
        act(requester, SUBMIT.replace(REQUEST_RESULT, RESULT_WITH_FINDINGS), { id: r.id }),
      );
      expect(res.findings).toEqual([
        expect.objectContaining({ effect: 'BLOCK', message: 'gate: submit is no longer allowed' }),
      ]);
    });

    it('at resubmission', async () => {
      const r = await inReview('gate: resubmit');
      await act(reviewer, REQUEST_CHANGES, { id: r.id, rationale: 'name the schools' });
      await block('gate: resubmit');
      await expectBlockedWithoutWrites(r.id, () => act(requester, SUBMIT, { id: r.id }));
      expect((await state(r.id)).status).toBe('CHANGES_REQUESTED');
    });

    it('at the completion of the review', async () => {
      const r = await inReview('gate: complete review');
      await act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: assessmentInput('HIGH') });
      await block('gate: complete review');
      await expectBlockedWithoutWrites(r.id, () => act(reviewer, COMPLETE_REVIEW, { id: r.id }));
      expect((await state(r.id)).status).toBe('IN_REVIEW');
    });

    it('at the first APPROVE vote, while REJECT stays possible', async () => {
      const r = await awaiting('gate: first vote');
      await block('gate: first vote');
      await expectBlockedWithoutWrites(r.id, () => act(approver1, CAST, { id: r.id, input: approve }));
      expect((await state(r.id)).votes).toEqual([]);
      const rejected = await act(approver1, CAST, {
        id: r.id,
        input: { vote: 'REJECT', rationale: 'the programme no longer allows it', conditions: [] },
      });
      expect(rejected.status).toBe('REJECTED');
    });

    it('at the APPROVE vote that would complete the quorum, while REQUEST_CHANGES stays possible', async () => {
      const r = await awaiting('gate: final vote');
      expect((await act(approver1, CAST, { id: r.id, input: approve })).status).toBe('AWAITING_DECISION');
      await block('gate: final vote');
      await expectBlockedWithoutWrites(r.id, () => act(approver2, CAST, { id: r.id, input: approve }));
      expect((await state(r.id)).votes).toHaveLength(1);
      const sentBack = await act(approver2, CAST, {
        id: r.id,
        input: { vote: 'REQUEST_CHANGES', rationale: 'align the use with the new policy', conditions: [] },
      });
      expect(sentBack.status).toBe('CHANGES_REQUESTED');
    });

    it('when the one vote of a LOW quorum approves an AGRICULTURE request (the case first reported)', async () => {
      const r = await act(requester, CREATE_REQUEST, {
        input: { ...requestInput(mistral, 'Crop advice'), sector: 'AGRICULTURE', useCase: 'Advice to smallholders' },
      });
      await act(requester, SUBMIT, { id: r.id });
      await act(reviewer, START_REVIEW, { id: r.id });
      await act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: assessmentInput('LOW') });
      expect((await act(reviewer, COMPLETE_REVIEW, { id: r.id })).status).toBe('AWAITING_DECISION');
      await publishRule('No agriculture', {
        title: 'Agriculture is out of scope',
        condition: "request.sector == 'AGRICULTURE'",
        effect: 'BLOCK',
        text: 'Agricultural uses are not covered',
      });
      await expectBlockedWithoutWrites(r.id, () => act(approver1, CAST, { id: r.id, input: approve }));
      expect((await state(r.id)).status).toBe('AWAITING_DECISION');
    });
  });

  describe('needs published between votes apply to the votes still missing', () => {
    it('REQUIRE_EXPERTISE: the quorum also needs the new expertise', async () => {
      const r = await awaiting('needs: ethics');
      expect((await act(approver1, CAST, { id: r.id, input: approve })).status).toBe('AWAITING_DECISION');
      await publish('needs: ethics', { effect: 'REQUIRE_EXPERTISE', expertise: 'ETHICS' });
      const second = await act(approver2, CAST, { id: r.id, input: approve });
      expect(second).toMatchObject({
        status: 'AWAITING_DECISION',
        requiredExpertise: ['ETHICS'],
        approvalProgress: { approvals: 2, missingApprovals: 0, missingExpertise: ['ETHICS'] },
      });
      expect((await act(approver3, CAST, { id: r.id, input: approve })).status).toBe('APPROVED');
    });

    it('REQUIRE_CONDITION: the approval carries the new condition, and the record lists the policy version', async () => {
      const r = await awaiting('needs: condition');
      await act(approver1, CAST, { id: r.id, input: approve });
      const name = await publish('needs: condition', {
        effect: 'REQUIRE_CONDITION',
        text: 'Quarterly bias audit by the programme',
      });
      const approved = await act(approver2, CAST, { id: r.id, input: approve });
      expect(approved.status).toBe('APPROVED');
      expect(approved.conditions).toContain('Quarterly bias audit by the programme');
      const record = (await requester.ok(DECISION_RECORD, { id: r.id })).decisionRecord;
      const snapshot = JSON.parse(record.snapshot);
      expect(snapshot.policy.policyVersions).toEqual(
        expect.arrayContaining([expect.objectContaining({ name, version: 1 })]),
      );
      expect(snapshot.conditions).toContain('Quarterly bias audit by the programme');
    });

    it('MIN_TIER: a raised tier raises the quorum', async () => {
      const r = await awaiting('needs: tier');
      await act(approver1, CAST, { id: r.id, input: approve });
      await publish('needs: tier', { effect: 'MIN_TIER', tier: 'CRITICAL' });
      const second = await act(approver2, CAST, { id: r.id, input: approve });
      expect(second).toMatchObject({
        status: 'AWAITING_DECISION',
        tier: 'CRITICAL',
        approvalProgress: { approvals: 2, quorum: 3, missingApprovals: 1 },
      });
      expect((await act(approver3, CAST, { id: r.id, input: approve })).status).toBe('APPROVED');
    });
  });

  describe('each workflow mutation writes exactly its table row', () => {
    /** The audit actions appended to the request's history by `run`. */
    async function written(id: string, run: () => Promise<any>) {
      const before = (await state(id)).history.length;
      const result = await run();
      const history = (await state(id)).history;
      return { result, actions: history.slice(before).map((h: { action: string }) => h.action) };
    }
    /** The table's audit action for `operation` from `status` (its entry row; follow-ups by action). */
    function tableAction(operation: OperationName, status: string, action?: string) {
      const row = ADOPTION_WORKFLOW.find(
        (r) => r.operation === operation && r.from === status && (action ? r.action === action : !r.followUp),
      );
      if (!row) throw new Error(`no row ${operation} from ${status}`);
      return row;
    }

    const cases: Array<{
      operation: OperationName;
      from: string;
      prepare: () => Promise<{ id: string; version?: number }>;
      run: (r: { id: string; version?: number }) => Promise<any>;
      refused: (r: { id: string; version?: number }) => Promise<any>;
      refusal: string;
      followUps?: string[];
    }> = [
      {
        operation: Operation.EDIT,
        from: 'DRAFT',
        prepare: () => draft('table: edit'),
        run: (r) => act(requester, UPDATE_REQUEST, { id: r.id, input: { title: 'Edited' }, v: r.version }),
        refused: (r) => act(requester, UPDATE_REQUEST, { id: r.id, input: { title: 'Stale' }, v: r.version }),
        refusal: 'CONCURRENT_MODIFICATION',
      },
      {
        operation: Operation.SUBMIT,
        from: 'DRAFT',
        prepare: () => draft('table: submit'),
        run: (r) => act(requester, SUBMIT, { id: r.id }),
        refused: (r) => act(requester, SUBMIT, { id: r.id }),
        refusal: 'INVALID_TRANSITION',
      },
      {
        operation: Operation.START_REVIEW,
        from: 'SUBMITTED',
        prepare: async () => {
          const r = await draft('table: start review');
          await act(requester, SUBMIT, { id: r.id });
          return r;
        },
        run: (r) => act(reviewer, START_REVIEW, { id: r.id }),
        refused: (r) => act(reviewer, START_REVIEW, { id: r.id }),
        refusal: 'INVALID_TRANSITION',
      },
      {
        operation: Operation.SAVE_ASSESSMENT,
        from: 'IN_REVIEW',
        prepare: () => inReview('table: save assessment'),
        run: (r) => act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: assessmentInput('LOW') }),
        refused: (r) => {
          const input = assessmentInput('LOW');
          // A residual value above the inherent one is refused by the assessment's own rules.
          input.items[0] = { ...input.items[0], likelihood: 1, residualLikelihood: 5 };
          return act(reviewer, SAVE_ASSESSMENT, { id: r.id, input });
        },
        refusal: 'VALIDATION',
      },
      {
        operation: Operation.COMPLETE_REVIEW,
        from: 'IN_REVIEW',
        prepare: async () => {
          const r = await inReview('table: complete review');
          await act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: assessmentInput('HIGH') });
          return r;
        },
        run: (r) => act(reviewer, COMPLETE_REVIEW, { id: r.id }),
        refused: (r) => act(reviewer, COMPLETE_REVIEW, { id: r.id }),
        refusal: 'INVALID_TRANSITION',
      },
      {
        operation: Operation.REQUEST_CHANGES,
        from: 'IN_REVIEW',
        prepare: () => inReview('table: request changes'),
        run: (r) => act(reviewer, REQUEST_CHANGES, { id: r.id, rationale: 'name the schools' }),
        refused: (r) => act(reviewer, REQUEST_CHANGES, { id: r.id, rationale: 'again' }),
        refusal: 'INVALID_TRANSITION',
      },
      {
        operation: Operation.CAST_DECISION,
        from: 'AWAITING_DECISION',
        prepare: () => awaiting('table: vote'),
        run: (r) => act(approver1, CAST, { id: r.id, input: approve }),
        refused: (r) => act(approver1, CAST, { id: r.id, input: approve }),
        refusal: 'ALREADY_VOTED',
      },
      {
        operation: Operation.CAST_DECISION,
        from: 'AWAITING_DECISION',
        prepare: () => awaiting('table: final vote', 'LOW'),
        run: (r) => act(approver1, CAST, { id: r.id, input: approve }),
        refused: (r) => act(approver2, CAST, { id: r.id, input: approve }),
        refusal: 'INVALID_TRANSITION',
        followUps: ['APPROVE'],
      },
      {
        operation: Operation.REVOKE,
        from: 'APPROVED',
        prepare: async () => {
          const r = await awaiting('table: revoke', 'LOW');
          await act(approver1, CAST, { id: r.id, input: approve });
          return r;
        },
        run: (r) => act(approver2, REVOKE, { id: r.id, rationale: 'the vendor changed its terms' }),
        refused: (r) => act(approver2, REVOKE, { id: r.id, rationale: 'again' }),
        refusal: 'INVALID_TRANSITION',
      },
      {
        operation: Operation.WITHDRAW,
        from: 'DRAFT',
        prepare: () => draft('table: withdraw'),
        run: (r) => act(requester, WITHDRAW, { id: r.id, reason: 'no longer needed' }),
        refused: (r) => act(requester, WITHDRAW, { id: r.id, reason: 'again' }),
        refusal: 'INVALID_TRANSITION',
      },
    ];

    it.each(cases.map((c) => [`${c.operation} from ${c.from}${c.followUps ? ' (completing)' : ''}`, c] as const))(
      '%s',
      async (_name, c) => {
        const r = await c.prepare();
        const row = tableAction(c.operation, c.from);
        const rows = [row, ...(c.followUps ?? []).map((a) => tableAction(c.operation, row.to, a))];
        const expected = rows.map((t) => t.auditAction);
        if (rows.some((t) => t.freezesRecord)) expected.push('decision_record.frozen');

        const ok = await written(r.id, () => c.run(r));
        expect(ok.result.__typename).toBe('AdoptionRequest');
        expect(ok.actions).toEqual(expected);
        expect(ok.result.status).toBe(rows[rows.length - 1].to);

        const refused = await written(r.id, () => c.refused({ ...r, version: r.version }));
        expect(refused.result.errorCode).toBe(c.refusal);
        expect(refused.actions).toEqual([]);
      },
    );
  });
});

import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLSchema } from 'graphql';
import {
  act,
  assessmentInput,
  awaitingDecision,
  CAST_DECISION,
  CREATE_REQUEST,
  createTestEnvironment,
  DemoUser,
  fullMutation,
  GraphqlClient,
  modelId,
  requestInput,
  SAVE_ASSESSMENT,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
  MOT_RECORD,
} from '@app/testing';

/** Mutations that take no Idempotency-Key, and why. Every other mutation must have a scenario below. */
const NOT_KEYED: Record<string, string> = {
  login: 'signs in: it runs without a transaction and before there is a user to own a key',
  activateAccount: 'anonymous: a key belongs to a signed-in user',
};

const RULE = {
  title: 'Agriculture is out of scope',
  description: 'test rule',
  condition: 'request.sector == "AGRICULTURE"',
  effect: 'BLOCK',
  text: 'Agricultural uses are not covered by this programme',
};

describe('idempotent replays (e2e)', () => {
  let env: TestEnvironment;
  let schema: GraphQLSchema;
  let model: string;
  const as = (user: DemoUser) => env.as(user);
  const flow = async () => ({ requester: await as('requester'), reviewer: await as('reviewer') });
  let counter = 0;
  const unique = (label: string) => `${label} ${++counter}`;

  /** Runs a step that must succeed and leave the request in `status`. */
  const step = async (user: DemoUser, query: string, variables: Record<string, unknown>, status: string) => {
    const r = await act(await as(user), query, variables);
    if (r.status !== status) throw new Error(`expected ${status}, got ${JSON.stringify(r)}`);
    return r;
  };
  const draft = () => step('requester', CREATE_REQUEST, { input: requestInput(model, unique('Draft')) }, 'DRAFT');
  const inReview = async () => {
    const r = await draft();
    await step('requester', SUBMIT, { id: r.id }, 'SUBMITTED');
    return step('reviewer', START_REVIEW, { id: r.id }, 'IN_REVIEW');
  };
  const assessed = async () => {
    const r = await inReview();
    return step('reviewer', SAVE_ASSESSMENT, { id: r.id, input: assessmentInput('LOW') }, 'IN_REVIEW');
  };
  const approved = async () => {
    const r = await awaitingDecision(await flow(), model, 'LOW', unique('Approved'));
    const decided = await act(await as('approver1'), CAST_DECISION, {
      id: r.id,
      input: { vote: 'APPROVE', rationale: 'fits the programme', conditions: [] },
    });
    if (decided.status !== 'APPROVED') throw new Error(JSON.stringify(decided));
    return r;
  };
  const newModel = (name: string) => ({
    name,
    producer: 'Example Lab',
    family: 'Example',
    releaseLevel: 'DOWNLOADABLE',
    gated: true,
    licenseName: 'Apache-2.0',
    obligations: [{ kind: 'USER_THRESHOLD', threshold: 700000000 }],
    languages: ['en', 'sw'],
    hostingOptions: ['SELF_HOSTED'],
    fineTuning: ['WEIGHTS'],
    sources: [{ field: 'licenseName', url: 'https://example.org/model-card' }],
    components: [{ name: 'Model parameters (Final)', license: 'Apache-2.0' }],
  });
  const createdModel = async () => {
    const data = await (
      await as('policy')
    ).ok(fullMutation(schema, 'createAiModel'), {
      input: newModel(unique('Example')),
    });
    return data.r as { id: string; version: number };
  };
  const createdPolicy = async () => {
    const data = await (
      await as('policy')
    ).ok(fullMutation(schema, 'createPolicy'), {
      input: { name: unique('Scope'), description: 'what the programme covers' },
    });
    return data.r.id as string;
  };
  const invited = async () => {
    const data = await (
      await as('admin')
    ).ok(fullMutation(schema, 'inviteUser'), {
      input: {
        email: `${unique('invitee').replace(' ', '-')}@example.org`,
        displayName: 'Invitee',
        roles: ['REQUESTER'],
      },
    });
    return data.r.id as string;
  };

  /** For each mutation: who calls it, and arguments that make it succeed (after preparing the data). */
  const SCENARIOS: Record<string, () => Promise<{ user: DemoUser; variables: Record<string, unknown> }>> = {
    createAdoptionRequest: async () => ({
      user: 'requester',
      variables: { input: requestInput(model, unique('Create')) },
    }),
    updateAdoptionRequest: async () => {
      const r = await draft();
      return {
        user: 'requester',
        variables: { id: r.id, input: { useCase: 'Revised use' }, expectedVersion: r.version },
      };
    },
    submitAdoptionRequest: async () => ({ user: 'requester', variables: { id: (await draft()).id } }),
    withdrawAdoptionRequest: async () => ({
      user: 'requester',
      variables: { id: (await draft()).id, reason: 'no longer needed' },
    }),
    startReview: async () => {
      const r = await draft();
      await step('requester', SUBMIT, { id: r.id }, 'SUBMITTED');
      return { user: 'reviewer', variables: { id: r.id } };
    },
    saveRiskAssessment: async () => ({
      user: 'reviewer',
      variables: { requestId: (await inReview()).id, input: assessmentInput('LOW') },
    }),
    completeReview: async () => ({ user: 'reviewer', variables: { id: (await assessed()).id } }),
    requestChanges: async () => ({
      user: 'reviewer',
      variables: { id: (await inReview()).id, rationale: 'say who the users are' },
    }),
    castDecision: async () => {
      const r = await awaitingDecision(await flow(), model, 'LOW', unique('Decide'));
      return {
        user: 'approver1',
        variables: {
          requestId: r.id,
          input: { vote: 'APPROVE', rationale: 'fits the programme', conditions: ['review in a year'] },
        },
      };
    },
    revokeApproval: async () => ({
      user: 'approver1',
      variables: { id: (await approved()).id, rationale: 'the model changed its licence' },
    }),
    createAiModel: async () => ({ user: 'policy', variables: { input: newModel(unique('Example')) } }),
    updateOrganisation: async () => ({ user: 'admin', variables: { input: { monthlyActiveUsers: 1_200_000 } } }),
    updateAiModel: async () => {
      const m = await createdModel();
      return { user: 'policy', variables: { id: m.id, input: { family: 'Renamed' }, expectedVersion: m.version } };
    },
    importModelOpennessRecord: async () => ({
      user: 'policy',
      variables: { yaml: MOT_RECORD(unique('Imported')) },
    }),
    createPolicy: async () => ({
      user: 'policy',
      variables: { input: { name: unique('Policy'), description: 'scope of the programme' } },
    }),
    savePolicyDraft: async () => ({ user: 'policy', variables: { policyId: await createdPolicy(), rules: [RULE] } }),
    publishPolicyVersion: async () => {
      const id = await createdPolicy();
      await (await as('policy')).ok(fullMutation(schema, 'savePolicyDraft'), { policyId: id, rules: [RULE] });
      return { user: 'policy', variables: { policyId: id } };
    },
    inviteUser: async () => ({
      user: 'admin',
      variables: {
        input: {
          email: `${unique('colleague').replace(' ', '-')}@example.org`,
          displayName: 'Colleague',
          roles: ['REQUESTER'],
          expertise: [],
        },
      },
    }),
    setUserRoles: async () => ({
      user: 'admin',
      variables: { userId: await invited(), roles: ['REVIEWER'], expertise: ['LEGAL'] },
    }),
    deactivateUser: async () => ({ user: 'admin', variables: { userId: await invited() } }),
    createAuditCheckpoint: async () => ({ user: 'auditor', variables: {} }),
  };

  const auditEvents = async () =>
    Number((await env.dataSource.query(`SELECT count(*) AS n FROM audit_event`))[0].n as string);
  const send = (client: GraphqlClient, query: string, variables: Record<string, unknown>, key: string) =>
    client.request(query, variables, { 'idempotency-key': key });
  const seen = (res: { status: number; data: unknown; errors: unknown }) => ({
    status: res.status,
    data: res.data,
    errors: res.errors,
  });

  beforeAll(async () => {
    env = await createTestEnvironment();
    schema = env.app.get(GraphQLSchemaHost).schema;
    model = await modelId(await as('requester'), 'Mistral 7B v0.1');
  });

  afterAll(async () => {
    await env?.close();
  });

  it('has a scenario for every mutation that accepts an Idempotency-Key', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).filter((m) => !(m in NOT_KEYED));
    expect(mutations.filter((m) => !(m in SCENARIOS))).toEqual([]);
    expect(Object.keys(SCENARIOS).filter((m) => !mutations.includes(m))).toEqual([]);
  });

  it.each(Object.keys(SCENARIOS))(
    '%s: a replay returns exactly what the first call returned, every field, and acts once',
    async (mutation) => {
      const { user, variables } = await SCENARIOS[mutation]();
      const client = await as(user);
      const query = fullMutation(schema, mutation);
      const key = `${mutation}-${Date.now()}`;
      const first = seen(await send(client, query, variables, key));
      expect(first.errors).toBeUndefined();
      const result = (first.data as { r: Record<string, unknown> }).r;
      expect('errorCode' in result ? result : 'succeeded').toBe('succeeded');
      const written = await auditEvents();

      const replay = seen(await send(client, query, variables, key));

      expect(replay).toEqual(first);
      expect(await auditEvents()).toBe(written);
    },
  );

  it('replays dates, enums, lists and nested results of castDecision as DateTime values', async () => {
    const r = await awaitingDecision(await flow(), model, 'LOW', unique('Dates'));
    const approver = await as('approver1');
    const query = fullMutation(schema, 'castDecision');
    const variables = { requestId: r.id, input: { vote: 'APPROVE', rationale: 'fits', conditions: ['yearly review'] } };
    const first = await send(approver, query, variables, `dates-${r.id}`);
    const replay = await send(approver, query, variables, `dates-${r.id}`);
    expect(replay.errors).toBeUndefined();
    expect(replay.data).toEqual(first.data);
    const decided = replay.data!.r;
    expect(decided).toMatchObject({ __typename: 'AdoptionRequest', status: 'APPROVED', conditions: ['yearly review'] });
    for (const date of [decided.decidedAt, decided.expiresAt, decided.createdAt, decided.updatedAt]) {
      expect(new Date(date as string).toISOString()).toBe(date);
    }
    expect(decided.votes).toEqual([expect.objectContaining({ vote: 'APPROVE', rationale: 'fits' })]);
  });

  it('answers two concurrent calls with one key once: one vote is cast and both get its result', async () => {
    const r = await awaitingDecision(await flow(), model, 'HIGH', unique('Concurrent'));
    const approver = await as('approver1');
    const query = fullMutation(schema, 'castDecision');
    const variables = { requestId: r.id, input: { vote: 'APPROVE', rationale: 'fits', conditions: [] } };

    const [a, b] = await Promise.all([1, 2].map(() => send(approver, query, variables, `concurrent-${r.id}`)));

    expect(a.errors).toBeUndefined();
    expect(a.data!.r.__typename).toBe('AdoptionRequest');
    expect(seen(b)).toEqual(seen(a));
    const votes = await env.dataSource.query(`SELECT count(*) AS n FROM decision_vote WHERE request_id = $1`, [r.id]);
    expect(Number(votes[0].n)).toBe(1);
  });

  it('refuses the same key with a different request, and writes nothing', async () => {
    const r = await awaitingDecision(await flow(), model, 'HIGH', unique('Other input'));
    const approver = await as('approver1');
    const query = fullMutation(schema, 'castDecision');
    const key = `different-${r.id}`;
    const vote = (rationale: string) => ({ requestId: r.id, input: { vote: 'APPROVE', rationale, conditions: [] } });
    expect((await send(approver, query, vote('first reason'), key)).errors).toBeUndefined();
    const written = await auditEvents();

    const other = await send(approver, query, vote('another reason'), key);

    expect(other.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key' },
      message: expect.stringMatching(/already used for a different request/),
    });
    expect(await auditEvents()).toBe(written);
    const votes = await env.dataSource.query(`SELECT count(*) AS n FROM decision_vote WHERE request_id = $1`, [r.id]);
    expect(Number(votes[0].n)).toBe(1);
  });

  it('keeps no claim for a refused call: the key may be used again, even with other arguments', async () => {
    const r = await draft();
    const requester = await as('requester');
    const query = fullMutation(schema, 'updateAdoptionRequest');
    const key = `retry-${r.id}`;
    const update = (expectedVersion: number) => ({ id: r.id, input: { useCase: 'Revised use' }, expectedVersion });

    const stale = await send(requester, query, update(r.version + 5), key);
    expect(stale.data!.r).toMatchObject({ __typename: 'ConcurrentModificationError', currentVersion: r.version });

    const retried = await send(requester, query, update(r.version), key);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.r).toMatchObject({ __typename: 'AdoptionRequest', useCase: 'Revised use' });
  });
});

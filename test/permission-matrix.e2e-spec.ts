import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  act,
  addTestUser,
  awaitingDecision,
  CAST_DECISION,
  CREATE_REQUEST,
  createTestEnvironment,
  dataFingerprint,
  DEMO_PASSWORD,
  DEMO_USERS,
  DemoUser,
  GraphqlClient,
  modelId,
  requestInput,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
} from '@app/testing';
import {
  CallContext,
  FB,
  matrixCells,
  MatrixCell,
  MatrixRole,
  NF,
  OK,
  PERMISSION_MATRIX,
  Scope,
  SubjectKind,
  UA,
  VE,
} from './permission-matrix';

const PASSWORD = 'a-long-enough-password';
const REFUSED_BY_PERMISSION = new Set<string>([FB, UA, NF]);
/** The demo user who holds each role (one role each). */
const ACTOR_OF: Record<Exclude<MatrixRole, 'anonymous'>, DemoUser> = {
  REQUESTER: 'requester',
  REVIEWER: 'reviewer',
  APPROVER: 'approver1',
  AUDITOR: 'auditor',
  POLICY_ADMIN: 'policy',
  ORG_ADMIN: 'admin',
};

describe('permission matrix (e2e)', () => {
  let env: TestEnvironment;
  /** A second requester of the demo organisation, who owns the "same organisation" requests. */
  let colleague: GraphqlClient;
  /** A requester of the other organisation, who owns its requests. */
  let outsider: GraphqlClient;
  let model: string;
  let counter = 0;
  const shared = new Map<string, string>();

  beforeAll(async () => {
    // No background job may write while a refused call is checked for having written nothing.
    // The suite signs in some twenty times from one address: above the per-address limit, which is not what it tests.
    env = await createTestEnvironment({
      EXPIRY_INTERVAL_SECONDS: '0',
      CHECKPOINT_INTERVAL_HOURS: '0',
      LOGIN_IP_MAX_PER_MINUTE: '10000',
    });
    await addTestUser(env.app, 'demo', {
      email: 'matrix-colleague@example.org',
      roles: ['REQUESTER'],
      password: PASSWORD,
    });
    colleague = await env.login('matrix-colleague@example.org', PASSWORD);
    outsider = await env.as('otherRequester');
    model = await modelId(await env.as('requester'), 'Mistral 7B v0.1');
  });
  afterAll(() => env?.close());

  const unique = () => `${Date.now().toString(36)}-${++counter}`;

  async function actorFor(role: MatrixRole): Promise<GraphqlClient> {
    return role === 'anonymous' ? env.anonymous : env.as(ACTOR_OF[role]);
  }

  /** A new user holding `role`, signed in: the actor of a cell that acts on its own user and may change it. */
  async function freshActor(role: Exclude<MatrixRole, 'anonymous'>): Promise<GraphqlClient> {
    const email = `matrix-${role.toLowerCase()}-${unique()}@example.org`;
    await addTestUser(env.app, 'demo', { email, roles: [role], password: PASSWORD });
    return env.login(email, PASSWORD);
  }

  async function idOf(client: GraphqlClient): Promise<string> {
    return (await client.ok<{ me: { id: string } }>('{ me { id } }')).me.id;
  }

  /** A request of `owner` brought to `state` by the demo reviewer and approver. */
  async function requestIn(owner: GraphqlClient, state: string, ownerModel: string): Promise<string> {
    if (state === 'DRAFT' || state === 'SUBMITTED') {
      const draft = await act(owner, CREATE_REQUEST, { input: requestInput(ownerModel, `Matrix ${unique()}`) });
      if (state === 'SUBMITTED') await act(owner, SUBMIT, { id: draft.id });
      return draft.id;
    }
    const reviewer = await env.as('reviewer');
    if (state === 'IN_REVIEW') {
      const draft = await act(owner, CREATE_REQUEST, { input: requestInput(ownerModel, `Matrix ${unique()}`) });
      await act(owner, SUBMIT, { id: draft.id });
      const started = await act(reviewer, START_REVIEW, { id: draft.id });
      expect(started.status).toBe('IN_REVIEW');
      return draft.id;
    }
    const waiting = await awaitingDecision({ requester: owner, reviewer }, ownerModel, 'LOW', `Matrix ${unique()}`);
    if (state === 'AWAITING_DECISION') return waiting.id;
    const approved = await act(await env.as('approver1'), CAST_DECISION, {
      id: waiting.id,
      input: { vote: 'APPROVE', rationale: 'acceptable', conditions: [] },
    });
    expect(approved.status).toBe('APPROVED');
    return waiting.id;
  }

  /**
   * The subject a cell acts on. A call that is expected to go through gets a subject of its own (it may
   * change it); refused calls share one per kind and scope, which the check that nothing was written keeps
   * unchanged.
   */
  async function subjectFor(kind: SubjectKind, scope: Scope, actor: GraphqlClient, fresh: boolean): Promise<string> {
    if (kind === 'none') return '';
    if (scope === 'own' && kind === 'user') return idOf(actor);
    const key = `${kind}/${scope}`;
    if (!fresh && shared.has(key)) return shared.get(key)!;
    let id: string;
    if (scope === 'other') {
      const otherModel = await modelId(outsider, 'Mistral 7B v0.1');
      // Another organisation's row must not be found whatever its state; its requester alone takes it to SUBMITTED.
      if (kind.startsWith('request:'))
        id = await requestIn(outsider, kind === 'request:SUBMITTED' ? 'SUBMITTED' : 'DRAFT', otherModel);
      else if (kind === 'user') id = await idOf(outsider);
      else if (kind === 'model') id = otherModel;
      else id = (await outsider.ok<{ policies: Array<{ id: string }> }>('{ policies { id } }')).policies[0].id;
    } else if (kind.startsWith('request:')) {
      id = await requestIn(scope === 'own' ? await env.as('requester') : colleague, kind.split(':')[1], model);
    } else if (kind === 'user') {
      const email = `matrix-target-${unique()}@example.org`;
      id = await addTestUser(env.app, 'demo', { email, roles: ['REQUESTER'], password: PASSWORD });
    } else if (kind === 'model') {
      const created = await (
        await env.as('policy')
      ).ok(
        `mutation($input: CreateAiModelInput!) { createAiModel(input: $input) { __typename ... on AiModel { id } } }`,
        { input: { name: `Matrix subject ${unique()}`, producer: 'Matrix Lab', releaseLevel: 'FULLY_OPEN' } },
      );
      id = created.createAiModel.id;
    } else {
      const created = await (
        await env.as('policy')
      ).ok(`mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { __typename ... on Policy { id } } }`, {
        input: { name: `Matrix subject ${unique()}` },
      });
      id = created.createPolicy.id;
    }
    if (!id) throw new Error(`no ${kind} subject for scope ${scope}`);
    if (!fresh) shared.set(key, id);
    return id;
  }

  it('has exactly one row for each query and mutation of the running schema', () => {
    const schema = env.app.get(GraphQLSchemaHost).schema;
    const inSchema = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((name) => `query ${name}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((name) => `mutation ${name}`),
    ].sort();
    const inMatrix = Object.entries(PERMISSION_MATRIX)
      .map(([name, row]) => `${row.kind} ${name}`)
      .sort();
    expect({ withoutRow: inSchema.filter((o) => !inMatrix.includes(o)) }).toEqual({ withoutRow: [] });
    expect({ notInSchema: inMatrix.filter((o) => !inSchema.includes(o)) }).toEqual({ notInSchema: [] });
  });

  /** The lists of the schema, with the ids they show (audit events are known by their hash). */
  const LISTS: Record<string, [string, (d: any) => string[]]> = {
    adoptionRequests: [
      '{ adoptionRequests(first: 100) { edges { node { id } } } }',
      (d) => d.adoptionRequests.edges.map((e: any) => e.node.id),
    ],
    myQueue: ['{ myQueue { id } }', (d) => d.myQueue.map((r: any) => r.id)],
    aiModels: [
      '{ aiModels(first: 100, filter: { search: "Mistral" }) { edges { node { id } } } }',
      (d) => d.aiModels.edges.map((e: any) => e.node.id),
    ],
    policies: ['{ policies { id } }', (d) => d.policies.map((p: any) => p.id)],
    auditEvents: [
      '{ auditEvents(first: 100) { edges { node { hash } } } }',
      (d) => d.auditEvents.edges.map((e: any) => e.node.hash),
    ],
  };
  const listCells = matrixCells().filter((c) => c.operation in LISTS && c.expected === OK && c.role !== 'anonymous');

  it.each(listCells)('$operation as $role lists nothing of another organisation', async (cell: MatrixCell) => {
    const theirs = new Set<string>([
      await subjectFor('request:DRAFT', 'other', outsider, false),
      await subjectFor('request:SUBMITTED', 'other', outsider, false),
      await subjectFor('model', 'other', outsider, false),
      await subjectFor('policy', 'other', outsider, false),
      ...(
        (await env.dataSource.query(
          `SELECT e.hash FROM audit_event e JOIN organisation o ON o.id = e.organisation_id WHERE o.slug = 'other'`,
        )) as Array<{ hash: string }>
      ).map((e) => e.hash.trim()),
    ]);
    const [query, idsOf] = LISTS[cell.operation];
    const shown = idsOf(await (await actorFor(cell.role)).ok(query));
    expect(shown.filter((id) => theirs.has(id))).toEqual([]);
  });

  it.each(matrixCells())('$operation as $role on $scope subject: $expected', async (cell: MatrixCell) => {
    const row = PERMISSION_MATRIX[cell.operation];
    const changes = row.kind === 'mutation' && cell.expected === OK;
    // A call that may change the caller's own user (allowed, or refused only by a domain rule) gets a caller of its own.
    const mayChangeCaller =
      row.subject === 'user' &&
      cell.scope === 'own' &&
      row.kind === 'mutation' &&
      !REFUSED_BY_PERMISSION.has(cell.expected);
    const actor =
      mayChangeCaller && cell.role !== 'anonymous' ? await freshActor(cell.role) : await actorFor(cell.role);
    const call: CallContext = {
      id: await subjectFor(row.subject, cell.scope, actor, changes),
      modelId: model,
      unique: unique(),
      login: { email: DEMO_USERS.auditor, password: DEMO_PASSWORD },
    };
    const before = cell.expected === OK ? null : await dataFingerprint(env.dataSource);

    const res = await actor.request(row.document, row.variables?.(call) ?? {});

    const error = res.errors?.[0];
    const result = res.data?.[cell.operation] as { __typename?: string } | null | undefined;
    // Only where the matrix names a ValidationError is one told apart from success (other domain results count as allowed).
    const refusedByRule = cell.expected === VE && result?.__typename === VE;
    const seen = error ? String(error.extensions?.code) : refusedByRule ? VE : OK;
    expect(seen === cell.expected ? seen : `${seen} (${error?.message ?? 'no error'})`).toBe(cell.expected);
    if (cell.expected === OK) {
      expect(result).toBeTruthy();
    } else {
      if (cell.expected !== VE) expect(result ?? null).toBeNull();
      expect(await dataFingerprint(env.dataSource)).toBe(before);
    }
  });
});

import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLInputField,
  GraphQLSchema,
  isInputObjectType,
  isObjectType,
} from 'graphql';
import {
  act,
  awaitingDecision,
  CAST_DECISION,
  CREATE_REQUEST,
  createTestEnvironment,
  dataFingerprint,
  GraphqlClient,
  LOGIN,
  modelId,
  REQUEST_CHANGES,
  requestInput,
  REVOKE,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
  WITHDRAW,
} from '@app/testing';

/** Every input field and argument of the schema, with where it sits. */
function inputsOf(schema: GraphQLSchema): Array<{ at: string; input: GraphQLInputField | GraphQLArgument }> {
  const found: Array<{ at: string; input: GraphQLInputField | GraphQLArgument }> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        found.push({ at: `${type.name}.${field.name}`, input: field });
    }
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) found.push({ at: `${type.name}.${field.name}(${arg.name})`, input: arg });
      }
    }
  }
  return found;
}

/** Posts a raw body to /graphql and returns the status and the parsed (or raw) body. */
async function post(env: TestEnvironment, body: string, contentType = 'application/json') {
  const res = await fetch(`${env.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, contentType: res.headers.get('content-type') ?? '' };
}

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
const LOGIN_EMAIL = `mutation($e: String!) { login(email: $e, password: "not the password") { accessToken } }`;
const UUID = '00000000-0000-4000-8000-000000000000';
/** Starting the service and seeding it can take minutes on a loaded two-core machine. */
const STARTUP_TIMEOUT_MS = 600_000;

describe('Input hygiene (e2e)', () => {
  let env: TestEnvironment;
  let schema: GraphQLSchema;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let approver: GraphqlClient;
  let auditor: GraphqlClient;
  let policy: GraphqlClient;
  let mistral: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    schema = env.app.get(GraphQLSchemaHost).schema;
    // One after the other: sign-in is limited in concurrency.
    requester = await env.as('requester');
    reviewer = await env.as('reviewer');
    approver = await env.as('approver1');
    auditor = await env.as('auditor');
    policy = await env.as('policy');
    mistral = await modelId(requester, 'Mistral 7B v0.1');
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => env?.close());

  describe('a precisely typed schema', () => {
    it('has no Float among inputs: whole numbers are Int or SafeInt', () => {
      const floats = inputsOf(schema).filter(({ input }) => getNamedType(input.type).name === 'Float');
      expect(floats.map((f) => f.at)).toEqual([]);
    });

    it.each([
      ['Query.verifyAuditChain(fromSeq)', 'SafeInt'],
      ['Query.verifyAuditChain(toSeq)', 'SafeInt'],
      ['CreateAiModelInput.parameterCount', 'SafeInt'],
      ['CreateAdoptionRequestInput.expectedUsers', 'SafeInt'],
      ['LicenseObligationInput.threshold', 'SafeInt'],
      ['AuditCheckpointInput.seq', 'SafeInt!'],
      ['AdoptionRequestFilter.status', '[AdoptionStatus!]'],
      ['AdoptionRequestFilter.tier', 'RiskTier'],
      ['AdoptionRequestFilter.weightsAccess', 'WeightsAccess'],
    ])('types %s as %s', (at, type) => {
      const found = inputsOf(schema).find((i) => i.at === at);
      expect(found && String(found.input.type)).toBe(type);
    });

    it('states the bound of every text argument and input field in its description', () => {
      const unbounded = inputsOf(schema).filter(
        ({ input }) => getNamedType(input.type).name === 'String' && !/At most [\d,]+ /.test(input.description ?? ''),
      );
      expect(unbounded.map((u) => u.at)).toEqual([]);
    });

    it('keeps a parameter count past 2^31 exactly (671e9)', async () => {
      const res = await policy.ok(
        `mutation($input: CreateAiModelInput!) { createAiModel(input: $input) { ... on AiModel { parameterCount } } }`,
        { input: { name: 'Huge 671B', producer: 'Example Lab', releaseLevel: 'DOWNLOADABLE', parameterCount: 671e9 } },
      );
      expect(res.createAiModel.parameterCount).toBe(671_000_000_000);
    });

    it.each([
      ['a fraction', 1.5],
      ['a number past 2^53', 1e20],
    ])('refuses %s for fromSeq before any code runs (HTTP 400, BAD_USER_INPUT)', async (_name, value) => {
      const res = await auditor.request(`query($s: SafeInt) { verifyAuditChain(fromSeq: $s) { valid } }`, { s: value });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/\$s/);
    });

    it.each([
      ['1.5', 'GRAPHQL_VALIDATION_FAILED'],
      ['1e20', 'GRAPHQL_VALIDATION_FAILED'],
    ])('refuses fromSeq: %s written in the document with HTTP 400', async (literal, code) => {
      const res = await auditor.request(`{ verifyAuditChain(fromSeq: ${literal}) { valid } }`);
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe(code);
    });

    it.each([
      ['fromSeq: 0', 'fromSeq'],
      ['fromSeq: -5', 'fromSeq'],
      ['toSeq: -1', 'toSeq'],
    ])('refuses the out-of-range %s with BAD_USER_INPUT naming it', async (arg, field) => {
      const res = await auditor.request(`{ verifyAuditChain(${arg}) { valid } }`);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it.each([['first: 0'], ['first: -1'], ['first: 101']])(
      'refuses auditCheckpoints(%s) with BAD_USER_INPUT',
      async (arg) => {
        const res = await auditor.request(`{ auditCheckpoints(${arg}) { seq } }`);
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      },
    );

    it('refuses a status, tier or weights access that does not exist, with HTTP 400', async () => {
      for (const filter of [{ status: ['SHIPPED'] }, { tier: 'EXTREME' }, { weightsAccess: 'LEAKED' }]) {
        const res = await auditor.request(
          `query($f: AdoptionRequestFilter) { adoptionRequests(filter: $f) { totalCount } }`,
          { f: filter },
        );
        expect(res.status).toBe(400);
        expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it('filters requests by the enums', async () => {
      await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Enum filter draft') });
      const data = await auditor.ok(
        `{ adoptionRequests(filter: { status: [DRAFT], weightsAccess: OPEN }, first: 100) { edges { node { status model { weightsAccess } } } } }`,
      );
      expect(data.adoptionRequests.edges.length).toBeGreaterThan(0);
      for (const { node } of data.adoptionRequests.edges) {
        expect(node).toMatchObject({ status: 'DRAFT', model: { weightsAccess: 'OPEN' } });
      }
    });
  });

  describe('bounded text', () => {
    it.each([
      ['a title of 201 characters', { title: 'x'.repeat(201) }, /title must be 3 to 200 characters/],
      ['a use case of 10,001 characters', { useCase: 'x'.repeat(10_001) }, /useCase must be at most 10,000/],
      ['a language code of 36 characters', { languages: ['a'.repeat(36)] }, /languages must be at most 35/],
      ['an alternative reason of 2,001', { alternatives: [{ name: 'n', reason: 'x'.repeat(2001) }] }, /reason/],
    ])('refuses %s in createAdoptionRequest, writing nothing', async (_name, patch, message) => {
      const before = await dataFingerprint(env.dataSource);
      const res = await requester.request(CREATE_REQUEST, { input: { ...requestInput(mistral), ...patch } });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(message);
      expect(await dataFingerprint(env.dataSource)).toBe(before);
    });

    it('accepts text at its bound', async () => {
      const draft = await act(requester, CREATE_REQUEST, {
        input: { ...requestInput(mistral), title: 't'.repeat(200), useCase: 'u'.repeat(10_000) },
      });
      expect(draft.__typename).toBe('AdoptionRequest');
      const withdrawn = await act(requester, WITHDRAW, { id: draft.id, reason: 'r'.repeat(10_000) });
      expect(withdrawn.status).toBe('WITHDRAWN');
    });

    it('refuses a withdrawal reason of 900,000 characters, leaving the request as it was', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Long reason') });
      const before = await dataFingerprint(env.dataSource);
      const res = await requester.request(WITHDRAW, { id: draft.id, reason: 'x'.repeat(900_000) });
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await dataFingerprint(env.dataSource)).toBe(before);
    });

    it('refuses a change rationale of 10,001 characters', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Long rationale') });
      await act(requester, SUBMIT, { id: draft.id });
      await act(reviewer, START_REVIEW, { id: draft.id });
      const res = await reviewer.request(REQUEST_CHANGES, { id: draft.id, rationale: 'x'.repeat(10_001) });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rationale' });
      expect(res.errors?.[0].message).toMatch(/rationale must be at most 10,000 characters/);
    });

    it('checks every item of a list of inputs (policy rules), writing nothing', async () => {
      const created = await policy.ok(
        `mutation { createPolicy(input: { name: "Bounded rules" }) { ... on Policy { id } } }`,
      );
      const save = `mutation($id: ID!, $rules: [PolicyRuleInput!]!) { savePolicyDraft(policyId: $id, rules: $rules) { __typename } }`;
      const rule = { title: 'Open weights need a review', condition: 'true', effect: 'ADVISE', text: 'review' };
      const before = await dataFingerprint(env.dataSource);
      const res = await policy.request(save, {
        id: created.createPolicy.id,
        rules: [rule, { ...rule, title: 'x'.repeat(201) }],
      });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rules' });
      expect(res.errors?.[0].message).toMatch(/rules\.1\.title must be 1 to 200 characters/);
      const blank = await policy.request(save, { id: created.createPolicy.id, rules: [{ ...rule, condition: '  ' }] });
      expect(blank.errors?.[0].message).toMatch(/rules\.0\.condition must not be blank/);
      expect(await dataFingerprint(env.dataSource)).toBe(before);
      expect((await policy.request(save, { id: created.createPolicy.id, rules: [rule] })).errors).toBeUndefined();
    });

    it('checks every checkpoint given to verifyAuditChain', async () => {
      const checkpoint = {
        organisation: 'x',
        organisationId: 'not-an-id',
        seq: 1,
        hash: 'h',
        signedAt: 's',
        signature: 's',
        publicKey: 'k',
        keyId: 'k',
      };
      const res = await auditor.request(
        `query($c: [AuditCheckpointInput!]) { verifyAuditChain(checkpoints: $c) { valid } }`,
        { c: [checkpoint] },
      );
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkpoints' });
      expect(res.errors?.[0].message).toMatch(/checkpoints\.0\.organisationId must be an organisation id/);
    });

    it('refuses an email of 255 characters at login, naming it', async () => {
      const res = await env.anonymous.request(LOGIN_EMAIL, { e: `${'a'.repeat(243)}@example.org` });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
      expect(res.errors?.[0].message).toMatch(/email must be at most 254 characters/);
    });

    it('refuses an email of 1,000,000 characters at login before it is hashed (HTTP 400)', async () => {
      const res = await env.anonymous.request(LOGIN_EMAIL, { e: 'a'.repeat(1_000_000) });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$e' });
    });
  });

  describe('NUL and unpaired surrogates, anywhere', () => {
    const TITLE_QUERY = `mutation($t: String!, $m: ID!) { r: createAdoptionRequest(input: { title: $t, modelId: $m }) { __typename } }`;

    it.each([
      ['a NUL in a variable', LOGIN_EMAIL, () => ({ e: 'a\u0000@example.org' }), '$e'],
      ['a lone high surrogate in a variable', LOGIN_EMAIL, () => ({ e: 'a\ud800@example.org' }), '$e'],
      ['a lone low surrogate in a variable', LOGIN_EMAIL, () => ({ e: '\udc00a@example.org' }), '$e'],
      [
        'a NUL in an input object field',
        CREATE_REQUEST,
        (m: string) => ({ input: { ...requestInput(m), title: 'Ti\u0000tle' } }),
        '$input.title',
      ],
      [
        'a surrogate in a list item',
        CREATE_REQUEST,
        (m: string) => ({ input: { ...requestInput(m), languages: ['en', '\ud83d'] } }),
        '$input.languages[1]',
      ],
      [
        'a NUL in a nested input',
        CREATE_REQUEST,
        (m: string) => ({ input: { ...requestInput(m), alternatives: [{ name: 'a', reason: '\u0000' }] } }),
        '$input.alternatives[0].reason',
      ],
      ['a NUL in a variable used inside a literal object', TITLE_QUERY, (m: string) => ({ t: 'x\u0000yz', m }), '$t'],
      [
        'a NUL escape in a literal argument',
        `mutation { login(email: "a\\u0000b", password: "p") { accessToken } }`,
        () => ({}),
        'email',
      ],
      [
        'a NUL escape in a literal filter',
        `{ aiModels(filter: { search: "\\u0000" }) { totalCount } }`,
        () => ({}),
        'filter.search',
      ],
    ])(
      'refuses %s with HTTP 400, BAD_USER_INPUT naming the field, writing nothing',
      async (_name, query, vars, field) => {
        const before = await dataFingerprint(env.dataSource);
        const res = await requester.request(query, vars(mistral));
        expect(res.status).toBe(400);
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(res.errors?.[0].message).toContain(field);
        expect(await dataFingerprint(env.dataSource)).toBe(before);
      },
    );

    it('accepts text with paired surrogates (emoji, scripts beyond the BMP)', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Lesson plans 🙂 𐒖𐒖') });
      expect(draft.__typename).toBe('AdoptionRequest');
    });

    it('refuses an id far longer than an id', async () => {
      const res = await requester.request(`query($id: ID!) { adoptionRequest(id: $id) { id } }`, {
        id: 'x'.repeat(5000),
      });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$id' });
    });
  });

  describe('cursors', () => {
    it.each([
      ['adoptionRequests', 'a text for a date', ['not a date', 'not an id']],
      ['adoptionRequests', 'a text for an id', ['2026-01-01T00:00:00.000Z', 'not an id']],
      ['adoptionRequests', 'a number for a date', [12, UUID]],
      ['adoptionRequests', 'a year out of range', ['99999-01-01T00:00:00.000Z', UUID]],
      ['aiModels', 'a NUL in a name', ['a\u0000', UUID]],
      ['aiModels', 'a number for an id', ['mistral', 7]],
      ['aiModels', 'a name of 500 characters', ['x'.repeat(500), UUID]],
      ['auditEvents', 'a text for a sequence number', ['seven']],
      ['auditEvents', 'a fraction', [1.5]],
      ['auditEvents', 'a negative number', [-1]],
      ['auditEvents', 'a number past 2^53', [1e300]],
    ])('refuses a well-formed %s cursor holding %s with BAD_USER_INPUT', async (list, _label, values) => {
      const res = await auditor.request(`query($a: String) { ${list}(after: $a) { totalCount } }`, {
        a: cursor(values),
      });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('still follows the cursors the lists give out', async () => {
      const first = await auditor.ok(`{ auditEvents(first: 2) { edges { node { seq } } pageInfo { endCursor } } }`);
      const next = await auditor.ok(
        `query($a: String) { auditEvents(first: 2, after: $a) { edges { node { seq } } } }`,
        {
          a: first.auditEvents.pageInfo.endCursor,
        },
      );
      expect(next.auditEvents.edges[0].node.seq).toBe(first.auditEvents.edges[1].node.seq + 1);
      const models = await auditor.ok(`{ aiModels(first: 2) { edges { node { name } } pageInfo { endCursor } } }`);
      const more = await auditor.ok(`query($a: String) { aiModels(first: 2, after: $a) { edges { node { name } } } }`, {
        a: models.aiModels.pageInfo.endCursor,
      });
      expect(more.aiModels.edges.length).toBeGreaterThan(0);
    });
  });

  describe('HTTP status of refusals before execution', () => {
    it('answers invalid variables with HTTP 400 and BAD_USER_INPUT', async () => {
      const res = await auditor.request(`query($f: Int) { auditCheckpoints(first: $f) { seq } }`, { f: 'ten' });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('answers a missing required variable with HTTP 400', async () => {
      const res = await env.anonymous.request(LOGIN, { email: 'a@example.org' });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('answers a body over the limit with 413 and a JSON error', async () => {
      const res = await post(env, JSON.stringify({ query: '{ __typename }', variables: { x: 'x'.repeat(1_100_000) } }));
      expect(res.status).toBe(413);
      expect(res.contentType).toMatch(/application\/json/);
      expect(res.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it.each([
      ['broken JSON', '{"query": ', 'application/json'],
      ['JSON in an unknown charset', '{"query":"{ __typename }"}', 'application/json; charset=ebcdic'],
    ])('answers %s with a 4xx JSON error', async (_name, body, contentType) => {
      const res = await post(env, body, contentType);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.contentType).toMatch(/application\/json/);
    });
  });

  describe('rationale that means something', () => {
    let awaiting: { id: string };
    beforeAll(async () => {
      awaiting = await awaitingDecision({ requester, reviewer }, mistral, 'HIGH', 'Blank rationale');
    }, STARTUP_TIMEOUT_MS);

    it.each([['APPROVE'], ['REJECT'], ['REQUEST_CHANGES']])(
      'refuses a %s vote with a blank rationale, recording no vote',
      async (vote) => {
        for (const rationale of ['', '   ', '\n\t ']) {
          const before = await dataFingerprint(env.dataSource);
          const res = await approver.request(CAST_DECISION, { id: awaiting.id, input: { vote, rationale } });
          expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
          expect(res.errors?.[0].message).toMatch(/rationale must not be blank/);
          expect(await dataFingerprint(env.dataSource)).toBe(before);
        }
      },
    );

    it('refuses a blank withdrawal reason and a blank change rationale', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Blank reasons') });
      const withdraw = await requester.request(WITHDRAW, { id: draft.id, reason: '  ' });
      expect(withdraw.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      await act(requester, SUBMIT, { id: draft.id });
      await act(reviewer, START_REVIEW, { id: draft.id });
      const changes = await reviewer.request(REQUEST_CHANGES, { id: draft.id, rationale: '\n' });
      expect(changes.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rationale' });
    });

    it('refuses a blank revocation rationale', async () => {
      const low = await awaitingDecision({ requester, reviewer }, mistral, 'LOW', 'Blank revocation');
      const approved = await act(approver, CAST_DECISION, {
        id: low.id,
        input: { vote: 'APPROVE', rationale: 'fits the programme' },
      });
      expect(approved.status).toBe('APPROVED');
      const res = await approver.request(REVOKE, { id: low.id, rationale: ' ' });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rationale' });
    });
  });
});

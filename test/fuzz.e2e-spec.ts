import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import {
  act,
  CREATE_REQUEST,
  createTestEnvironment,
  GraphqlClient,
  modelId,
  requestInput,
  SUBMIT,
  TestEnvironment,
} from '@app/testing';

/**
 * Property-based fuzzing against the running service: every mutation of the schema (read from the schema
 * itself, so a new mutation is covered without editing this file) with arbitrary and hostile inputs, and
 * raw HTTP bodies. The property is the same everywhere: whatever a client sends, the answer is never a
 * server error (no HTTP 5xx, no INTERNAL_SERVER_ERROR). Run counts are bounded to keep the suite near a
 * minute per database; a failure prints fast-check's seed and the smallest input that fails.
 */
const RUNS_PER_MUTATION = Number(process.env.FUZZ_RUNS_PER_MUTATION ?? 40);
const RUNS_PER_QUERY = Number(process.env.FUZZ_RUNS_PER_QUERY ?? 10);
const RAW_HTTP_RUNS = Number(process.env.FUZZ_RAW_HTTP_RUNS ?? 250);
/** Operations that hash a password (argon2, by design slow): fewer runs, so the suite stays near a minute. */
const SLOW_OPERATIONS = new Set(['login', 'activateAccount']);
const SLOW_RUNS = 8;
/** A guard against a hung run, not a timing: starting and fuzzing can take minutes on a loaded machine. */
const TIMEOUT_MS = 900_000;

/** Text that has broken services before: NUL, lone surrogates, sizes around and far past the bounds. */
const HOSTILE_TEXT = [
  '',
  '   ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\ud83d\ude00',
  'x'.repeat(201),
  'x'.repeat(10_001),
  'x'.repeat(300_000),
  "'; DROP TABLE adoption_request; --",
  '%_\\',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '00000000-0000-0000-0000-000000000000',
  'AR-2026-0001',
  'eyJhbGciOiJub25lIn0.e30.',
  '2026-02-30T25:61:00Z',
  '-1',
  'NaN',
];
const HOSTILE_NUMBERS = [0, -1, 1, 1.5, -0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e20, -1e20, 1e308, 5e-324];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...HOSTILE_NUMBERS),
);
/** Any JSON at all, for a value of the wrong type or shape. */
const garbage = fc.oneof(fc.jsonValue({ maxDepth: 3 }), text, number, fc.constant(null));

/** A value for `type`: mostly of the right shape with hostile leaves, sometimes of the wrong type. */
function valueOf(type: GraphQLInputType, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const nullable = getNullableType(type);
  let typed: fc.Arbitrary<unknown>;
  if (isListType(nullable)) {
    const item = valueOf(nullable.ofType, ids, depth + 1);
    typed = fc.oneof({ weight: 4, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: item });
  } else if (isInputObjectType(nullable)) {
    if (depth > 4) return garbage;
    const fields = Object.values(nullable.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) record[field.name] = valueOf(field.type, ids, depth + 1);
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    typed = fc.oneof(
      { weight: 4, arbitrary: fc.record(record, { requiredKeys: required }) },
      { weight: 1, arbitrary: fc.record(record, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.dictionary(text, garbage, { maxKeys: 4 }) },
    );
  } else if (isEnumType(nullable)) {
    typed = fc.oneof(fc.constantFrom(...nullable.getValues().map((v) => v.name)), text);
  } else {
    const name = getNamedType(nullable).name;
    if (name === 'ID') typed = fc.oneof(fc.constantFrom(...ids), fc.uuid(), text);
    else if (name === 'Int' || name === 'SafeInt' || name === 'Float') typed = number;
    else if (name === 'Boolean') typed = fc.boolean();
    else typed = text;
  }
  return fc.oneof(
    { weight: 8, arbitrary: typed },
    { weight: 1, arbitrary: garbage },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

/** `mutation($a: T!, ...) { r: name(a: $a, ...) { __typename } }` and an arbitrary of its variables. */
function operationOf(kind: 'mutation' | 'query', field: GraphQLField<unknown, unknown>, ids: string[]) {
  const declared = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
  const document = `${kind}${declared ? `(${declared})` : ''} { r: ${field.name}${passed ? `(${passed})` : ''} ${selection} }`;
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of field.args) record[arg.name] = valueOf(arg.type, ids);
  const variables = fc.oneof(
    { weight: 9, arbitrary: fc.record(record, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.dictionary(text, garbage, { maxKeys: 3 }) },
  );
  return { document, variables };
}

/** What a server error looks like to a client. */
function serverErrors(status: number, body: string): string[] {
  const found: string[] = [];
  if (status >= 500) found.push(`HTTP ${status}`);
  if (body.includes('INTERNAL_SERVER_ERROR')) found.push('INTERNAL_SERVER_ERROR');
  return found;
}

describe('Fuzzing (e2e)', () => {
  let env: TestEnvironment;
  let schema: GraphQLSchema;
  let clients: GraphqlClient[];
  const ids: string[] = [];
  const sent = { operations: 0, rawBodies: 0 };

  beforeAll(async () => {
    env = await createTestEnvironment();
    schema = env.app.get(GraphQLSchemaHost).schema;
    const users = ['admin', 'requester', 'reviewer', 'approver1', 'policy', 'auditor'] as const;
    clients = [env.anonymous];
    // One after the other: sign-in is limited in concurrency.
    for (const user of users) clients.push(await env.as(user));
    const requester = await env.as('requester');
    // Real ids reach further than random ones: past "not found" into the services' own rules.
    const model = await modelId(requester, 'Mistral 7B v0.1');
    const draft = await act(requester, CREATE_REQUEST, { input: requestInput(model, 'Fuzzed draft') });
    const submitted = await act(requester, CREATE_REQUEST, { input: requestInput(model, 'Fuzzed submission') });
    await act(requester, SUBMIT, { id: submitted.id });
    ids.push(model, draft.id, submitted.id);
  }, TIMEOUT_MS);
  afterAll(async () => {
    // The figures RELIABILITY.md quotes.
    process.stdout.write(`fuzz: ${sent.operations} operations, ${sent.rawBodies} raw bodies, 0 server errors\n`);
    await env?.close();
  });

  async function probe(client: GraphqlClient, document: string, variables: unknown) {
    const res = await fetch(`${env.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
      },
      body: JSON.stringify({ query: document, variables }),
    });
    sent.operations++;
    return serverErrors(res.status, await res.text());
  }

  it('derives the operations from the schema (a new mutation is fuzzed without editing this suite)', () => {
    expect(Object.keys(schema.getMutationType()!.getFields()).length).toBeGreaterThan(15);
  });

  describe.each(['mutation', 'query'] as const)('every %s', (kind) => {
    const fieldsOf = () =>
      Object.values((kind === 'mutation' ? schema.getMutationType() : schema.getQueryType())!.getFields());

    it(
      `answers arbitrary and hostile inputs without a server error`,
      async () => {
        for (const field of fieldsOf()) {
          const { document, variables } = operationOf(kind, field, ids);
          await fc.assert(
            fc.asyncProperty(fc.constantFrom(...clients), variables, async (client, vars) => {
              const errors = await probe(client, document, vars);
              if (errors.length) throw new Error(`${field.name}: ${errors.join(', ')}`);
            }),
            {
              numRuns: SLOW_OPERATIONS.has(field.name)
                ? SLOW_RUNS
                : kind === 'mutation'
                  ? RUNS_PER_MUTATION
                  : RUNS_PER_QUERY,
            },
          );
        }
      },
      TIMEOUT_MS,
    );
  });

  it(
    'answers raw HTTP bodies of any kind without a server error',
    async () => {
      const valid = JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        variables: { e: 'a@b.c', p: 'x' },
      });
      const body = fc.oneof(
        fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
        fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
        fc
          .tuple(fc.nat({ max: valid.length - 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
          .map(([n, s]) => valid.slice(0, n) + s + valid.slice(n + 1)),
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        fc
          .record(
            { query: garbage, variables: garbage, operationName: garbage, extensions: garbage },
            { requiredKeys: [] },
          )
          .map((v) => JSON.stringify(v)),
        fc.constantFrom(
          '{"query":"{ __typename }"}'.padEnd(1_048_577, ' '),
          JSON.stringify({ query: '{ __typename }', variables: { x: 'x'.repeat(3_000_000) } }),
          '['.repeat(100_000),
          `{"query":"${'{ a '.repeat(50_000)}"}`,
          '{"query":"\\u0000"}',
          '{"query":"\\ud800"}',
        ),
      );
      const contentType = fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/graphql',
        'application/graphql-response+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        '',
      );
      const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT');
      await fc.assert(
        fc.asyncProperty(
          body,
          contentType,
          method,
          fc.constantFrom(...clients),
          async (payload, type, verb, client) => {
            const headers: Record<string, string> = { 'apollo-require-preflight': 'true' };
            if (type) headers['content-type'] = type;
            if (client.token) headers.authorization = `Bearer ${client.token}`;
            const url =
              verb === 'GET'
                ? `${env.baseUrl}/graphql?query=${encodeURIComponent(String(payload).slice(0, 4000))}`
                : `${env.baseUrl}/graphql`;
            const res = await fetch(url, { method: verb, headers, body: verb === 'GET' ? undefined : payload });
            sent.rawBodies++;
            const errors = serverErrors(res.status, await res.text());
            if (errors.length) throw new Error(errors.join(', '));
          },
        ),
        { numRuns: RAW_HTTP_RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

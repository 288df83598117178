import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { createTestEnvironment, TestEnvironment } from '@app/testing';

describe('GraphQL server (e2e)', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment({
      GRAPHQL_MAX_DEPTH: '6',
      GRAPHQL_MAX_ALIASES: '5',
      GRAPHQL_MAX_COMPLEXITY: '40',
    });
  });
  afterAll(() => env?.close());

  it('serves exactly the committed schema.gql (run `npm run schema` after changing the API)', () => {
    const committed = readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8');
    expect(printSchema(env.app.get(GraphQLSchemaHost).schema) + '\n').toBe(committed);
  });

  it('answers liveness and readiness', async () => {
    expect(await (await fetch(`${env.baseUrl}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${env.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await env.anonymous.request('{ __typename }', {}, { 'x-request-id': 'trace-1234-abcd' });
    expect(given.headers.get('x-request-id')).toBe('trace-1234-abcd');
    const made = await env.anonymous.request('{ __typename }', {}, { 'x-request-id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses queries deeper than the limit', async () => {
    const res = await env.anonymous.request(
      `{ adoptionRequests { edges { node { model { familySiblings { familySiblings { id } } } } } } }`,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_DEEP' } });
    expect(res.errors?.[0].message).toMatch(/depth limit of 6 exceeded, found 7/);
  });

  it('refuses documents with too many aliases', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: __typename`).join(' ');
    const res = await env.anonymous.request(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_ALIASES' } });
    expect(res.errors?.[0].message).toMatch(/Aliases limit of 5 exceeded, found 6/);
  });

  it('refuses operations above the cost limit', async () => {
    const me = await env.as('admin');
    const fields = Array.from({ length: 45 }, () => 'id').join(' ');
    const res = await me.request(`{ me { ${fields} email displayName organisation { id slug name } } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0].message).toMatch(/cost \d+ exceeds the limit of 40/);
  });

  it('refuses batched requests', async () => {
    const res = await fetch(`${env.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/batching disabled/i);
  });

  it('refuses simple GET requests without a preflight header (CSRF prevention)', async () => {
    const res = await fetch(`${env.baseUrl}/graphql?query=%7B__typename%7D`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/Cross-Site Request Forgery/);
  });

  it('names bad variables as BAD_USER_INPUT without internals', async () => {
    const admin = await env.as('admin');
    const res = await admin.request(`mutation($r: [Role!]!) { setUserRoles(userId: "x", roles: $r) { __typename } }`, {
      r: ['KING'],
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|node_modules/);
  });
});

describe('GraphQL server in production mode (e2e)', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    env = await createTestEnvironment({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-sufficient-length',
      AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
  });
  afterAll(() => env?.close());

  it('does not answer introspection', async () => {
    const res = await env.anonymous.request(`{ __schema { queryType { name } } }`);
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    expect(res.data).toBeUndefined();
  });

  it('still serves signed-in users', async () => {
    const { me } = await (await env.as('auditor')).ok(`{ me { email } }`);
    expect(me.email).toBe('auditor@example.org');
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/core';
import { DATA_SOURCE } from '@app/persistence';
import {
  createTestDatabase,
  createTestEnvironment,
  DEMO_PASSWORD,
  DEMO_USERS,
  GraphqlClient,
  LOGIN,
  TestDatabase,
  TestEnvironment,
} from '@app/testing';
import { DataSource } from 'typeorm';
import { API_CONTENT_SECURITY_POLICY, createApp } from '../apps/api/src/bootstrap';
import { API_MAIN, CLI_MAIN, runToExit, STACK_LINE, startFromSource } from './source-process';

const AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PRODUCTION = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  JWT_SECRET: randomBytes(32).toString('hex'),
  AUDIT_SIGNING_KEY,
};

/** The headers helmet adds to every answer, as a browser would read them. */
function expectSecurityHeaders(headers: Headers) {
  expect(headers.get('x-powered-by')).toBeNull();
  expect(headers.get('content-security-policy')).toBe(
    Object.entries(API_CONTENT_SECURITY_POLICY)
      .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
      .join(';'),
  );
  expect(headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
}

describe('production defaults (e2e)', () => {
  describe('started with NODE_ENV=production', () => {
    let database: TestDatabase;
    let app: INestApplication;
    let client: GraphqlClient;

    beforeAll(async () => {
      database = await createTestDatabase();
      // The embedded database unless DATABASE_URL is set: where the demo users used to be seeded.
      const config = loadConfig({
        ...PRODUCTION,
        DATA_DIR: 'memory://',
        ...(database.url ? { DATABASE_URL: database.url } : {}),
      });
      expect(config.seedDemo).toBe(false);
      app = await createApp(config);
      await app.listen(0, '127.0.0.1');
      client = new GraphqlClient(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
    });

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('seeds no demo organisation or user: the published demo password signs nobody in', async () => {
      const res = await client.request(LOGIN, { email: DEMO_USERS.admin, password: 'demo-password' });
      expect(res.data?.login).toBeFalsy();
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const [{ users, organisations }] = await app
        .get<DataSource>(DATA_SOURCE)
        .query(
          `SELECT (SELECT count(*)::int FROM app_user) AS users, (SELECT count(*)::int FROM organisation) AS organisations`,
        );
      expect({ users, organisations }).toEqual({ users: 0, organisations: 0 });
    });

    it('answers with the security headers and without X-Powered-By, refusals included', async () => {
      const health = await fetch(`${client.baseUrl}/health`);
      expect(health.status).toBe(200);
      expectSecurityHeaders(health.headers);
      const unauthenticated = await fetch(`${client.baseUrl}/audit/export`);
      expect(unauthenticated.status).toBe(401);
      expectSecurityHeaders(unauthenticated.headers);
    });

    it('serves no page that a browser would run (no explorer; the policy would block it)', async () => {
      const res = await fetch(`${client.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
      expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expectSecurityHeaders(res.headers);
      expect((await fetch(`${client.baseUrl}/explorer/main.js`)).status).toBe(404);
    });
  });

  describe('headers on everything the API serves', () => {
    let env: TestEnvironment;
    let token: string;

    beforeAll(async () => {
      env = await createTestEnvironment();
      token = (await env.as('auditor')).token!;
    });
    afterAll(() => env?.close());

    it('GraphQL over POST still answers, with the headers', async () => {
      const res = await env.anonymous.request(LOGIN, { email: DEMO_USERS.auditor, password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.data?.login.accessToken).toEqual(expect.any(String));
      expectSecurityHeaders(res.headers);
    });

    it('GraphQL over GET still answers, with the headers', async () => {
      const res = await fetch(`${env.baseUrl}/graphql?query=${encodeURIComponent('{ me { email } }')}`, {
        headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { me: { email: DEMO_USERS.auditor } } });
      expectSecurityHeaders(res.headers);
    });

    it.each(['/health', '/ready'])('%s still answers, with the headers', async (path) => {
      const res = await fetch(`${env.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: expect.any(String) });
      expectSecurityHeaders(res.headers);
    });

    it('the audit export still streams, with the headers', async () => {
      const res = await fetch(`${env.baseUrl}/audit/export`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const lines = (await res.text()).trim().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      expect(() => lines.map((l) => JSON.parse(l))).not.toThrow();
      expectSecurityHeaders(res.headers);
    });
  });

  it('the server listens on 127.0.0.1 unless HOST says otherwise, and logs where as a JSON line', async () => {
    const server = await startFromSource(
      API_MAIN,
      { DATA_DIR: 'memory://', PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'info' },
      /"msg":"listening on /,
    );
    try {
      const { level, address, port, msg } = JSON.parse(server.line);
      expect({ level, address }).toEqual({ level: 30, address: '127.0.0.1' });
      expect(msg).toBe(`listening on http://127.0.0.1:${port}/graphql`);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 300_000);

  // The refusal itself is unit-tested for every variable (config.schema.spec.ts); these run the real entry
  // points, one at a time (each loads the whole service), for the exit code and what the operator reads.
  describe('configuration errors stop the process with exit code 78, naming the variable, without a stack', () => {
    const broken = 'MC4CAQAwBQYDK2VwBCIEI-broken';
    const env = { ...PRODUCTION, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', AUDIT_SIGNING_KEY: broken };

    it.each([
      ['the server', API_MAIN, []],
      ['the CLI', CLI_MAIN, ['migrate']],
    ])(
      '%s refuses a malformed AUDIT_SIGNING_KEY',
      async (_who, entry, args) => {
        const { code, output } = await runToExit(entry, args, env, 230_000);
        expect(output).toMatch(/AUDIT_SIGNING_KEY: is not a readable private key/);
        expect(output).not.toMatch(STACK_LINE);
        expect(output).not.toContain(broken); // key material never reaches a log
        expect(code).toBe(78);
      },
      240_000,
    );
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { getIntrospectionQuery } from 'graphql';
import { EXPLORER_CONTENT_SECURITY_POLICY } from '../apps/api/src/http/explorer';

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('GraphQL explorer (e2e)', () => {
  describe('outside production', () => {
    let env: TestEnvironment;
    beforeAll(async () => {
      env = await createTestEnvironment();
    });
    afterAll(() => env?.close());

    it('a browser opening /graphql gets the explorer page, with a policy of its own and no inline script', async () => {
      const res = await fetch(`${env.baseUrl}/graphql`, { headers: html });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const policy = res.headers.get('content-security-policy')!;
      expect(policy).toBe(EXPLORER_CONTENT_SECURITY_POLICY);
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const page = await res.text();
      expect(page).toContain('<base href="/explorer/">');
      // Every script is a file of this server: none is written into the page.
      const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toMatch(/\bsrc="[^"]+"/);
      expect(page).not.toMatch(/https?:\/\//);
    });

    it('serves the explorer files and its start-up options from the package, not a CDN', async () => {
      const options = await fetch(`${env.baseUrl}/explorer/initial-options.js`);
      expect(options.status).toBe(200);
      expect(options.headers.get('content-type')).toMatch(/javascript/);
      const text = await options.text();
      expect(text).toContain('AltairGraphQL.init(');
      expect(text).toContain('endpointURL: `/graphql`');
      expect(text).toContain('login(email: "requester@example.org", password: "demo-password")');
      const main = await fetch(`${env.baseUrl}/explorer/main.js`);
      expect(main.status).toBe(200);
      expect(main.headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(`${env.baseUrl}/explorer/no-such-file.js`)).status).toBe(404);
    });

    it('leaves GraphQL as it was: JSON clients and cross-site requests get the same answers', async () => {
      // Not a browser page load: the GraphQL server answers, with the API's policy.
      const json = await fetch(`${env.baseUrl}/graphql`, { headers: { accept: 'application/json' } });
      expect(json.status).toBe(400);
      expect(json.headers.get('content-security-policy')).toContain("default-src 'none'");
      // CSRF prevention: a simple GET query and a form-encoded POST are still refused.
      const get = await fetch(`${env.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: html,
      });
      expect(get.status).toBe(400);
      expect(await get.text()).toMatch(/CSRF/);
      const post = await fetch(`${env.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(post.status).toBe(400);
      expect(await post.text()).toMatch(/CSRF/);
    });

    it('answers the standard introspection query the explorer sends, and still refuses deep introspection', async () => {
      const standard = await env.anonymous.request(getIntrospectionQuery());
      expect({ status: standard.status, errors: standard.errors }).toEqual({ status: 200, errors: undefined });
      expect(standard.data?.__schema.queryType.name).toBe('Query');

      // 11 levels that graphql-js's own introspection rule lets through (two `fields` levels): only
      // `ofType` is not counted, everything else is.
      const deep = `directives { args { type { fields { args { type { fields { args { type { ofType { name } } } } } } } } } }`;
      for (const query of [`{ __schema { ${deep} } }`, `{ __schema { ...S } } fragment S on __Schema { ${deep} }`]) {
        const res = await env.anonymous.request(query);
        expect({
          status: res.status,
          code: res.errors?.[0].extensions?.code,
          message: res.errors?.[0].message,
        }).toEqual({
          status: 400,
          code: 'QUERY_TOO_DEEP',
          message: 'Query depth limit of 10 exceeded, found 11.',
        });
      }
    });
  });

  describe('in production', () => {
    let env: TestEnvironment;
    beforeAll(async () => {
      env = await createTestEnvironment({
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(32).toString('hex'),
        AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      });
    });
    afterAll(() => env?.close());

    it('serves no explorer: /graphql answers as before and the files are not there', async () => {
      const res = await fetch(`${env.baseUrl}/graphql`, { headers: html });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect((await fetch(`${env.baseUrl}/explorer/main.js`)).status).toBe(404);
      expect((await fetch(`${env.baseUrl}/explorer/initial-options.js`)).status).toBe(404);
    });
  });
});

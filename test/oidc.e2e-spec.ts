import { createServer, Server } from 'node:http';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createTestEnvironment, TestEnvironment } from '@app/testing';

const ME = `{ me { email roles organisation { slug } } }`;

/** Tokens of a configured OpenID Connect issuer, verified against a JWKS this test serves itself. */
describe('OIDC sign-in (e2e)', () => {
  const issuer = 'https://idp.test.example';
  const audience = 'governance-api';
  let server: Server;
  let env: TestEnvironment;
  let privateKey: KeyLike;
  let strangerKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    env = await createTestEnvironment({
      OIDC_ISSUER: issuer,
      OIDC_AUDIENCE: audience,
      OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
    });
  });
  afterAll(async () => {
    await env?.close();
    server?.close();
  });

  const token = (claims: Record<string, unknown>, key = privateKey, aud = audience, exp: string | number = '5m') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(aud)
      .setSubject('idp-user-1')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);

  it('maps a verified identity token to the user with that email', async () => {
    const client = env.anonymous.withToken(await token({ email: 'Approver1@example.org' }));
    const { me } = await client.ok(ME);
    expect(me).toEqual({ email: 'approver1@example.org', roles: ['APPROVER'], organisation: { slug: 'demo' } });
  });

  it.each([
    ['signed by a key not in the JWKS', async () => token({ email: 'approver1@example.org' }, strangerKey)],
    ['for another audience', async () => token({ email: 'approver1@example.org' }, privateKey, 'someone-else')],
    [
      'expired',
      async () => token({ email: 'approver1@example.org' }, privateKey, audience, Math.floor(Date.now() / 1000) - 60),
    ],
    ['without an email', async () => token({})],
    ['for an email nobody has', async () => token({ email: 'stranger@example.org' })],
  ])('refuses a token %s', async (_case, make) => {
    expect(await env.anonymous.withToken(await make()).errorCode(ME)).toBe('UNAUTHENTICATED');
  });
});

import { ConsoleHarness, startConsole } from './console-support';

/**
 * The console's shell in Chromium: served at / by the service under its own Content-Security-Policy (any
 * violation, page error or request to another host fails), the sign-in page and its refusal, the
 * navigation each role gets, an address opened directly, and sign-out dropping the in-memory session.
 */
describe('web console: shell', () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsole();
  });
  afterAll(async () => harness?.close());

  it('serves the page with a nonce policy, the assets cached and compressed, the API untouched', async () => {
    const res = await fetch(`${harness.env.baseUrl}/requests/new`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain('__CSP_NONCE__');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const again = await fetch(`${harness.env.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(/'nonce-([^']+)'/.exec(again.headers.get('content-security-policy')!)![1]).not.toBe(nonce);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${harness.env.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // Compressed for slow links (fetch asks for br/gzip and decodes): the script arrives whole.
    expect(asset.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    expect((await asset.text()).length).toBeGreaterThan(Number(asset.headers.get('content-length') ?? 0));
    // The API's own answers keep the policy that allows nothing.
    const api = await fetch(`${harness.env.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(api.headers.get('content-encoding')).toBeNull();
    // A JSON client asking for an unknown address still gets the API's 404, not the page.
    const unknown = await fetch(`${harness.env.baseUrl}/nothing-here`, { headers: { accept: 'application/json' } });
    expect(unknown.status).toBe(404);
  });

  it('refuses a wrong password beside the field, signs in, shows each role its links, signs out', async () => {
    const w = await harness.open();
    await w.page.goto(`${harness.env.baseUrl}/`);
    await w.page.getByLabel('Email address').fill('requester@example.org');
    await w.page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.getByText('The email address or the password is wrong.').waitFor();
    await w.expectAccessible('sign-in');
    await w.shot('sign-in');

    await w.signIn('requester');
    const nav = w.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'New request' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Audit events' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await w.expectAccessible('home');
    // The current link under the pointer (the light variant's hover background) keeps its contrast.
    await nav.getByRole('link', { name: 'Home' }).hover();
    await w.expectAccessible('home, pointer on the current link');
    await w.shot('home-requester');
    await w.page.getByRole('button', { name: 'Sign out' }).click();
    await w.page.getByRole('button', { name: 'Sign in' }).waitFor();

    await w.signIn('auditor');
    await nav.getByRole('link', { name: 'Audit events' }).waitFor();
    expect(await nav.getByRole('link', { name: 'New request' }).count()).toBe(0);
    // Reloading drops the token kept in memory: the sign-in page again.
    await w.page.reload();
    await w.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(w.foreignRequests).toEqual([]);
    expect(w.problems).toEqual([]);
  });
});

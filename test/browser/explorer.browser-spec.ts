import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { Browser, chromium, Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Opens /graphql as a developer would, in headless Chromium: the explorer renders from the service's own
 * files under its Content-Security-Policy (any violation or page error fails the test), reads the schema,
 * and signs in with the demo login it shows. The screenshots are kept in a temporary folder (printed).
 */
describe('GraphQL explorer in a browser', () => {
  let env: TestEnvironment;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const foreignRequests: string[] = [];
  const screenshots = mkdtempSync(join(tmpdir(), 'explorer-'));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    // The README's demo password, which the explorer's login example uses.
    env = await createTestEnvironment({ DEMO_PASSWORD: 'demo-password' });
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(env.baseUrl) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
    });
    console.log(`screenshots in ${screenshots}`);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('renders the explorer at /graphql with the demo login, from local files only, within its policy', async () => {
    // Matched on the request, not the response body: Chromium may drop a body once the page has consumed it.
    const schemaLoaded = page.waitForResponse(
      (r) =>
        r.url() === `${env.baseUrl}/graphql` &&
        r.request().method() === 'POST' &&
        (r.request().postData() ?? '').includes('__schema'),
    );
    const res = await page.goto(`${env.baseUrl}/graphql`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    expect((await schemaLoaded).status()).toBe(200);
    await page.getByText('Send Request').waitFor();
    await page.getByText('requester@example.org').first().waitFor();
    await page.screenshot({ path: join(screenshots, 'explorer.png') });
    expect(await page.title()).toBe('Altair');
    expect(foreignRequests).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('runs the login mutation it shows and displays the token', async () => {
    const answered = page.waitForResponse(
      (r) => r.url() === `${env.baseUrl}/graphql` && (r.request().postData() ?? '').includes('mutation Login'),
    );
    await page.getByText('Send Request').click();
    expect((await answered).status()).toBe(200);
    // The token as the explorer shows it (a JWT: three base64url parts), not an error.
    await page.getByText('"accessToken"').waitFor();
    expect(await page.locator('body').innerText()).toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    await page.screenshot({ path: join(screenshots, 'explorer-login.png') });
    expect(foreignRequests).toEqual([]);
    expect(problems).toEqual([]);
  });
});

import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { createTestEnvironment, DEMO_PASSWORD, DEMO_USERS, DemoUser, TestEnvironment } from '@app/testing';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of every main screen, kept as the suite's artefacts (`SCREENSHOTS_DIR`, else this folder). */
export const SCREENSHOTS_DIR = resolve(process.env.SCREENSHOTS_DIR ?? 'test-artifacts/screenshots');

/** The README's pictures (docs/screenshots), written only when README_SCREENSHOTS=1. */
export const README_SCREENSHOTS_DIR = resolve('docs/screenshots');

export interface ConsoleHarness {
  env: TestEnvironment;
  browser: Browser;
  /** A new browser window (own cookies and memory: a separate person), watched for errors. */
  open(): Promise<ConsoleWindow>;
  close(): Promise<void>;
}

export interface ConsoleWindow {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and Content-Security-Policy violations seen so far. */
  problems: string[];
  /** Requests that left the service (there must be none: no CDN, no tracker). */
  foreignRequests: string[];
  signIn(user: DemoUser): Promise<void>;
  /** Opens a console address (e.g. `/requests/new`) by following the app's own links is better; this reloads. */
  goto(path: string): Promise<void>;
  /** Saves a screenshot of the page as an artefact (and for the README when asked). */
  shot(name: string, options?: { readme?: boolean }): Promise<string>;
  /** axe-core on the page as it is: no serious or critical violation. */
  expectAccessible(screen: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the service (the built console in dist/web; `npm run build` first) on a database of its own with
 * the demo organisations, and Debian's Chromium. Each `open()` is a separate browser context.
 */
export async function startConsole(): Promise<ConsoleHarness> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  const consoleDir = resolve(process.env.CONSOLE_DIR ?? 'dist/web');
  if (!existsSync(join(consoleDir, 'index.html')))
    throw new Error(`${consoleDir}/index.html is missing: npm run build`);
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const env = await createTestEnvironment({ CONSOLE_DIR: consoleDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const windows: ConsoleWindow[] = [];
  return {
    env,
    browser,
    async open() {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      const problems: string[] = [];
      const foreignRequests: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        // A refused operation answers 4xx on purpose (a forged mutation, a wrong password): not a problem.
        if (/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
      });
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith(env.baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:'))
          foreignRequests.push(url);
      });
      const opened: ConsoleWindow = {
        context,
        page,
        problems,
        foreignRequests,
        async signIn(user) {
          await page.goto(`${env.baseUrl}/`);
          await page.getByLabel('Email address').fill(DEMO_USERS[user]);
          await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('button', { name: 'Sign out' }).waitFor();
        },
        async goto(path) {
          // Client-side navigation keeps the in-memory session (a reload would end it).
          await page.evaluate(
            `window.history.pushState({}, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate'));`,
          );
        },
        async shot(name, options) {
          const file = join(SCREENSHOTS_DIR, `${name}.png`);
          await page.screenshot({ path: file, fullPage: true });
          if (options?.readme && process.env.README_SCREENSHOTS === '1') {
            mkdirSync(README_SCREENSHOTS_DIR, { recursive: true });
            await page.screenshot({ path: join(README_SCREENSHOTS_DIR, `${name}.png`), fullPage: false });
          }
          return file;
        },
        async expectAccessible(screen) {
          const results = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
            .analyze();
          const serious = results.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map(
              (v) =>
                `${screen}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes
                  .map((n) => n.target.join(' '))
                  .slice(0, 5)
                  .join(', ')}`,
            );
          expect(serious).toEqual([]);
        },
        async close() {
          await context.close();
        },
      };
      windows.push(opened);
      return opened;
    },
    async close() {
      for (const w of windows) await w.context.close().catch(() => undefined);
      await browser.close();
      await env.close();
    },
  };
}

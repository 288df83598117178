/**
 * The web console's weight and first load, measured on the built console (dist/web; `npm run build` first):
 *   bundle      what a first visit downloads before the sign-in page shows (the page, its entry script, style
 *               sheet and preloaded modules) raw, gzip and brotli; every other file (each area's chunk,
 *               loaded when first opened) and the total
 *   first load  headless Chromium (Debian's chromium, or CHROMIUM_PATH) against the service on the embedded
 *               database: a new browser context per run (empty cache) opens /, until the sign-in button can be
 *               clicked; then signing in as the requester until the home page shows, and a reload with the
 *               cache warm. Once on the machine's loopback, and with the network throttled as a slow mobile
 *               link (Chromium's DevTools emulation, below).
 * Prints min / median / max; writes nothing unless --write (then BENCHMARKS.md's console section is replaced).
 *
 *   npm run bench:console -- [--runs N] [--write]      (default 5 runs per case)
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createTestEnvironment, DEMO_PASSWORD } from '@app/testing';
import { chromium, Page } from 'playwright-core';

const root = join(__dirname, '..');
const dir = join(root, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
const WRITE = process.argv.includes('--write');
/** In BENCHMARKS.md, what comes after this line of the console's section is prose that --write keeps. */
const NOTES_MARKER = '<!-- notes: kept by npm run bench:console -- --write -->';

/** Network profiles: loopback as it is, and a slow mobile link (Chrome DevTools' "Slow 4G" figures). */
const PROFILES = [
  { name: 'loopback', conditions: null },
  {
    name: 'slow 4G (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency)',
    conditions: { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
  },
] as const;

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

function sizesOf(files: string[]): Sizes {
  const out = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    out.raw += bytes.length;
    out.gzip += gzipSync(bytes, { level: 6 }).length;
    out.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length;
  }
  return out;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const sizeRow = (label: string, s: Sizes) => `| ${label} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`;

/** The files a first visit loads before any area: index.html and what it references. */
function firstVisitFiles(): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  return ['index.html', ...new Set(referenced)];
}

function allFiles(sub = ''): string[] {
  return readdirSync(join(dir, sub)).flatMap((name) => {
    const path = join(sub, name);
    return statSync(join(dir, path)).isDirectory() ? allFiles(path) : [path];
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) =>
  `${Math.round(Math.min(...xs))} / **${Math.round(median(xs))}** / ${Math.round(Math.max(...xs))} ms`;

async function clickableSignIn(page: Page) {
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
}

async function main() {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: npm run build`);
  const first = firstVisitFiles();
  const firstSizes = sizesOf(first);
  const rest = allFiles().filter((f) => !first.includes(f) && /\.(js|css)$/.test(f));
  const chunks = rest
    .map((f) => ({ f, s: sizesOf([f]) }))
    .sort((a, b) => b.s.raw - a.s.raw)
    .slice(0, 5);
  const total = sizesOf(allFiles().filter((f) => /\.(js|css|html)$/.test(f)));

  const env = await createTestEnvironment({ CONSOLE_DIR: dir });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const results: string[] = [];
  try {
    for (const profile of PROFILES) {
      const cold: number[] = [];
      const signIn: number[] = [];
      const warm: number[] = [];
      const transferred: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        const page = await context.newPage();
        if (profile.conditions) {
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.conditions });
        }
        let t = Date.now();
        await page.goto(`${env.baseUrl}/`);
        await clickableSignIn(page);
        cold.push(Date.now() - t);
        transferred.push(
          (await page.evaluate(
            `performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
               .reduce((n, e) => n + e.transferSize, 0)`,
          )) as number,
        );
        await page.getByLabel('Email address').fill('requester@example.org');
        await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
        t = Date.now();
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: /Welcome/ }).waitFor();
        signIn.push(Date.now() - t);
        t = Date.now();
        await page.reload();
        await clickableSignIn(page);
        warm.push(Date.now() - t);
        await context.close();
      }
      results.push(
        `| ${profile.name} | ${spread(cold)} | ${kb(median(transferred))} | ${spread(signIn)} | ${spread(warm)} |`,
      );
      console.log(results[results.length - 1]);
    }
  } finally {
    await browser.close();
    await env.close();
  }

  const section = [
    '## Web console: bundle size and first load',
    '',
    `Measured by \`npm run bench:console -- --runs ${RUNS}\` on ${new Date().toISOString().slice(0, 10)} (Chromium ` +
      `${browser.version()}, the service on the embedded database on the same machine; min / **median** / max).`,
    '',
    '| files | raw | gzip | brotli |',
    '| --- | --- | --- | --- |',
    sizeRow(`first visit (${first.length} files: the page and what it loads before signing in)`, firstSizes),
    ...chunks.map((c) => sizeRow(`largest area chunk: \`${c.f.replace(/-[\w-]{8}\./, '.')}\``, c.s)),
    sizeRow(`all of the console (${allFiles().length} files)`, total),
    '',
    '| network | first load until sign-in can be clicked (cold cache) | transferred | sign-in until home page | reload (warm cache) |',
    '| --- | --- | --- | --- | --- |',
    ...results,
    '',
  ].join('\n');
  console.log(`\n${section}`);
  if (WRITE) {
    const file = join(root, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf('## Web console: bundle size and first load');
    const next = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
    // The figures are replaced; what follows the old section's notes marker (the reading of them) is kept.
    const old = start < 0 ? '' : text.slice(start, next < 0 ? undefined : next);
    const notes = old.includes(NOTES_MARKER) ? old.slice(old.indexOf(NOTES_MARKER)) : `${NOTES_MARKER}\n`;
    const body = `${section}\n${notes.trimEnd()}\n`;
    const updated =
      start < 0 ? `${text.trimEnd()}\n\n${body}` : `${text.slice(0, start)}${body}${next < 0 ? '' : text.slice(next)}`;
    writeFileSync(file, updated.endsWith('\n') ? updated : `${updated}\n`);
    console.log('BENCHMARKS.md updated');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

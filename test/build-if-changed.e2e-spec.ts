import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', 'scripts', 'build-if-changed.mjs');

/**
 * The check run before `npm start` and `npm run cli`: it builds when a source's contents changed, and only
 * then; while no source's size or time changed it reads none of them. Run on a small project of its own whose
 * "build" counts its runs.
 */
describe('build-if-changed (e2e)', () => {
  jest.setTimeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'build-check-'));
  const source = join(root, 'libs', 'a', 'src', 'a.ts');
  const builds = join(root, 'builds');

  beforeAll(() => {
    mkdirSync(join(root, 'scripts'));
    copyFileSync(SCRIPT, join(root, 'scripts', 'build-if-changed.mjs'));
    mkdirSync(join(root, 'libs', 'a', 'src'), { recursive: true });
    mkdirSync(join(root, 'apps'));
    writeFileSync(source, 'export const a = 1;\n');
    writeFileSync(join(root, 'package-lock.json'), '{}\n');
    writeFileSync(join(root, 'schema.gql'), 'type Query { a: Int }\n');
    // The build writes the three outputs the check looks for (the service, the CLI, the console), the
    // console's generated operations as the real build does, and counts itself.
    writeFileSync(
      join(root, 'build.js'),
      `const fs = require('fs');
for (const app of ['api', 'cli']) {
  fs.mkdirSync('dist/apps/' + app + '/src', { recursive: true });
  fs.writeFileSync('dist/apps/' + app + '/src/main.js', '');
}
fs.mkdirSync('dist/web', { recursive: true });
fs.writeFileSync('dist/web/index.html', '');
fs.mkdirSync('apps/web/src/gql', { recursive: true });
fs.writeFileSync('apps/web/src/gql/graphql.ts', '// ' + Date.now());
fs.appendFileSync('builds', 'x');`,
    );
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'check', scripts: { build: 'node build.js' } }));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const check = () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-changed.mjs'), '--quiet'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
  };
  const buildCount = () => readFileSync(builds, 'utf8').length;
  const stamp = () => readFileSync(join(root, 'dist', '.build-inputs'), 'utf8').split('\n');

  it('builds when there is no build, then not again while nothing changed', () => {
    check();
    expect(buildCount()).toBe(1);
    check();
    expect(buildCount()).toBe(1);
  });

  it('does not build for a source touched but unchanged, and keeps its new time', () => {
    const before = stamp();
    const later = new Date(Date.now() + 60_000);
    utimesSync(source, later, later);
    check();
    expect(buildCount()).toBe(1);
    const after = stamp();
    expect(after[0]).toBe(before[0]); // the same contents
    expect(after[1]).not.toBe(before[1]); // the new times, so the next check reads no file
  });

  it('builds again when a source changed, once', () => {
    writeFileSync(source, 'export const a = 2;\n');
    check();
    expect(buildCount()).toBe(2);
    check();
    expect(buildCount()).toBe(2);
  });

  it('builds again when the schema changed (the console is typed from it), not for what the build generates', () => {
    writeFileSync(join(root, 'schema.gql'), 'type Query { a: Int b: Int }\n');
    check();
    expect(buildCount()).toBe(3);
    // The build rewrote apps/web/src/gql: that is its output, not a reason to build again.
    check();
    expect(buildCount()).toBe(3);
  });

  it('builds again when the console is missing', () => {
    rmSync(join(root, 'dist', 'web'), { recursive: true });
    check();
    expect(buildCount()).toBe(4);
  });
});

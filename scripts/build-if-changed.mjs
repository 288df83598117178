#!/usr/bin/env node
// Builds the service (`npm run build`) only when what it is built from changed since the last build: run
// before `npm start` and `npm run cli`, so that starting or running an operator command on an unchanged
// checkout does not recompile it. The inputs are the TypeScript sources under apps/ and libs/ (tests
// excluded), the TypeScript and Nest configuration and package-lock.json; their SHA-256 is kept in
// dist/.build-inputs after a successful build, with each file's size and modification time: while none of
// those changed the check reads no file's contents (it runs before every start). After a build it also makes
// the embedded database's template cluster (libs/persistence/src/embedded-template.ts), so that the first
// start on a new data directory does not run initdb. Options: --quiet (say nothing when the build is
// current), --force (build anyway).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-inputs');
const outputs = ['dist/apps/api/src/main.js', 'dist/apps/cli/src/main.js'];
const quiet = process.argv.includes('--quiet');
const force = process.argv.includes('--force');

/** Files under `dir` that the build reads, in a stable order. */
function sources(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (!/\.(e2e-)?spec\.ts$/.test(entry.name)) {
        found.push(path);
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

function inputFiles() {
  return [
    ...sources(join(root, 'apps')),
    ...sources(join(root, 'libs')),
    ...['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'].map((f) => join(root, f)),
  ]
    .filter((f) => existsSync(f))
    .sort();
}

/** Each input's name, size and modification time: equal to the last build's, the contents are not read. */
function inputsStat(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(root, file)}\0${size}\0${mtimeMs}\0`);
  }
  return hash.digest('hex');
}

function inputsHash(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The stamp: the contents' hash on the first line, the stats' hash (optional) on the second. */
const [builtHash, builtStat] = existsSync(stamp) ? readFileSync(stamp, 'utf8').split('\n') : [];
const files = inputFiles();
const stat = inputsStat(files);
const complete = outputs.every((f) => existsSync(join(root, f)));
const upToDate = () => {
  if (stat === builtStat) return true;
  // Touched but maybe not changed (a checkout, a formatter): the contents decide, and the stats are kept.
  if (inputsHash(files) !== builtHash) return false;
  writeFileSync(stamp, `${builtHash}\n${stat}\n`);
  return true;
};
if (!force && complete && builtHash && upToDate()) {
  if (!quiet) console.error('build is up to date (sources unchanged since the last build)');
  process.exit(0);
}
const wanted = inputsHash(files);

console.error(complete ? 'sources changed since the last build: building' : 'no build yet: building');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// The hash of the inputs as they were before the build: a file changed during it builds again next time.
writeFileSync(stamp, `${wanted}\n${stat}\n`);
// Only saves time later: a failure is reported by the script and the build stands.
spawnSync(process.execPath, [join(root, 'dist/libs/persistence/src/embedded-template.js')], {
  cwd: root,
  stdio: quiet ? 'ignore' : 'inherit',
});

#!/usr/bin/env node
// Builds the service (`npm run build`) only when what it is built from changed since the last build: run
// before `npm start` and `npm run cli`, so that starting or running an operator command on an unchanged
// checkout does not recompile it. The inputs are the TypeScript sources under apps/ and libs/ (tests
// excluded), the TypeScript and Nest configuration and package-lock.json; their SHA-256 is kept in
// dist/.build-inputs after a successful build. Options: --quiet (say nothing when the build is current),
// --force (build anyway).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

function inputsHash() {
  const files = [
    ...sources(join(root, 'apps')),
    ...sources(join(root, 'libs')),
    ...['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'].map((f) => join(root, f)),
  ]
    .filter((f) => existsSync(f))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const wanted = inputsHash();
const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
const complete = outputs.every((f) => existsSync(join(root, f)));
if (!force && complete && built === wanted) {
  if (!quiet) console.error('build is up to date (sources unchanged since the last build)');
  process.exit(0);
}

console.error(complete ? 'sources changed since the last build: building' : 'no build yet: building');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// The hash of the inputs as they were before the build: a file changed during it builds again next time.
writeFileSync(stamp, `${wanted}\n`);

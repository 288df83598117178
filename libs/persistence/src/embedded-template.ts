import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Written last into a finished template: a folder without it is a template still being made, or a broken one. */
const READY_FILE = 'template-ready';

/**
 * Where the empty cluster of the installed PGlite is kept: beside the package, in node_modules/.cache, named by
 * its version. A cluster's files depend on PGlite's version alone (initdb runs with fixed options, before any
 * extension or migration), so one template serves every data directory made with that version.
 */
export function clusterTemplateDir(): string {
  // The package exports no package.json: found upwards from its entry point (…/pglite/dist/index.cjs).
  let packageDir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(packageDir, 'package.json')) && dirname(packageDir) !== packageDir) {
    packageDir = dirname(packageDir);
  }
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // node_modules/@electric-sql/pglite -> node_modules/.cache/embedded-postgres/pglite-VERSION
  return join(dirname(dirname(packageDir)), '.cache', 'embedded-postgres', `pglite-${version}`);
}

/**
 * The template cluster, made once (PGlite's initdb, the slowest step of a first start: several seconds of
 * CPU) and kept. Made aside and renamed into place, so a reader never sees half of one; two processes making it
 * at once both succeed and one copy is kept.
 */
export async function ensureClusterTemplate(dir = clusterTemplateDir()): Promise<string> {
  if (existsSync(join(dir, READY_FILE))) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const making = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    const db = await PGlite.create(making);
    await db.close();
    writeFileSync(join(making, READY_FILE), '');
    try {
      renameSync(making, dir);
    } catch (error) {
      // Another process finished first: its template is as good as this one.
      if (!existsSync(join(dir, READY_FILE))) throw error;
    }
  } finally {
    rmSync(making, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Fills an absent or empty `pgdata` folder with a copy of the template cluster, so PGlite resumes it instead of
 * running initdb. Copied aside and renamed into place: an interrupted copy leaves no half cluster behind. Returns
 * false, changing nothing, when `pgdata` already holds files (a cluster, or the remains of a failed initdb that
 * PGlite deals with as before).
 */
export async function createClusterFromTemplate(pgdata: string, template?: string): Promise<boolean> {
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0) return false;
  const source = await ensureClusterTemplate(template);
  const copying = `${pgdata}.copy-${process.pid}`;
  rmSync(copying, { recursive: true, force: true });
  try {
    cpSync(source, copying, { recursive: true, filter: (path) => !path.endsWith(READY_FILE) });
    rmSync(pgdata, { recursive: true, force: true }); // empty
    renameSync(copying, pgdata);
  } finally {
    rmSync(copying, { recursive: true, force: true });
  }
  return true;
}

// `node dist/libs/persistence/src/embedded-template.js`: makes the template (run after a build, so that the
// first start on a fresh data directory does not wait for initdb).
if (require.main === module) {
  ensureClusterTemplate().then(
    (dir) => console.error(`embedded PostgreSQL template ready: ${dir}`),
    (error: unknown) => {
      console.error(`embedded PostgreSQL template not made (first starts will run initdb): ${String(error)}`);
    },
  );
}

import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { createDataSource } from './data-source';
import { MIGRATIONS } from './migrations';
import { PGLITE_EXTENSIONS } from './pglite-extensions';

/** Written last into a finished template: a folder without it is a template still being made, or a broken one. */
const READY_FILE = 'template-ready';

/**
 * Where the template cluster is kept: beside the installed PGlite, in node_modules/.cache, named by PGlite's
 * version and the list of migrations it holds. The template is a new cluster with every migration applied and
 * nothing else (the migrations write schema, no rows), so it serves every new data directory of that version
 * and schema; a build with other migrations makes its own.
 */
export function clusterTemplateDir(): string {
  // The package exports no package.json: found upwards from its entry point (…/pglite/dist/index.cjs).
  let packageDir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(packageDir, 'package.json')) && dirname(packageDir) !== packageDir) {
    packageDir = dirname(packageDir);
  }
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // node_modules/@electric-sql/pglite -> node_modules/.cache/embedded-postgres/pglite-VERSION
  const schema = createHash('sha256')
    .update(MIGRATIONS.map((m) => m.name).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return join(dirname(dirname(packageDir)), '.cache', 'embedded-postgres', `pglite-${version}-${schema}`);
}

/** initdb, then the migrations, over the wire protocol as the service applies them. */
async function makeCluster(location: string): Promise<void> {
  const db = await PGlite.create(location, { extensions: PGLITE_EXTENSIONS });
  try {
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
    await server.start();
    try {
      const dataSource = createDataSource(`postgres://postgres@${server.getServerConn()}/postgres`, [], 1);
      await dataSource.initialize();
      try {
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
  }
}

/** A template unused this long (its ready file's time, renewed at every use) is removed when another is made. */
const UNUSED_TEMPLATE_MS = 24 * 3600_000;

/**
 * Templates of other PGlite versions or schemas, left by earlier builds. One still in use (another checkout
 * sharing this node_modules) is kept; were it removed, its next new data directory would only run initdb.
 */
function removeOtherTemplates(dir: string) {
  for (const name of readdirSync(dirname(dir))) {
    const other = join(dirname(dir), name);
    const ready = join(other, READY_FILE);
    if (name === basename(dir) || !existsSync(ready)) continue;
    if (Date.now() - statSync(ready).mtimeMs > UNUSED_TEMPLATE_MS) {
      rmSync(other, { recursive: true, force: true });
      rmSync(`${other}.tar`, { force: true });
    }
  }
}

/**
 * The template cluster, made once (PGlite's initdb and the migrations, the slowest steps of a first start:
 * several seconds of CPU) and kept. Made aside and renamed into place, so a reader never sees half of one; two
 * processes making it at once both succeed and one copy is kept.
 */
export async function ensureClusterTemplate(dir = clusterTemplateDir()): Promise<string> {
  if (existsSync(join(dir, READY_FILE))) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const making = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await makeCluster(making);
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
  removeOtherTemplates(dir);
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
  try {
    const now = new Date();
    utimesSync(join(source, READY_FILE), now, now); // in use: see removeOtherTemplates
  } catch {
    // A read-only cache: the template is used all the same.
  }
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

/**
 * The template cluster as a tarball (kept beside it as `<template>.tar`, made once from a copy), for an in-memory
 * database to start from (PGlite's loadDataDir) instead of running initdb and every migration: each test suite
 * on the embedded database starts one.
 */
export async function clusterTemplateTarball(template?: string): Promise<Blob> {
  const source = await ensureClusterTemplate(template);
  const tarball = `${source}.tar`;
  if (!existsSync(tarball)) {
    // Opened from a copy: opening a cluster writes to it, and the template stays as made.
    const copy = `${source}.dump-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await createClusterFromTemplate(copy, source);
      const db = await PGlite.create(copy, { extensions: PGLITE_EXTENSIONS });
      try {
        const dump = await db.dumpDataDir('none');
        writeFileSync(`${copy}.tar`, Buffer.from(await dump.arrayBuffer()));
        renameSync(`${copy}.tar`, tarball); // whole or not at all
      } finally {
        await db.close();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(`${copy}.tar`, { force: true });
    }
  }
  return new Blob([readFileSync(tarball)]);
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

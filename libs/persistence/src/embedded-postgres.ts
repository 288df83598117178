import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
// Not the library's entry: this file is loaded first thing at start-up (and in the database's worker thread),
// before Nest and GraphQL, which the entry would load.
import { type AppConfig, ConfigError } from '@app/core/config/config.schema';
import type * as EmbeddedTemplate from './embedded-template';
import { PGLITE_EXTENSIONS } from './pglite-extensions';

/** The lock file in DATA_DIR: the holder's pid and host name, one per line. */
export const DATA_DIR_LOCK_FILE = 'embedded-postgres.lock';

/**
 * Another live process (a server or a CLI command) has the data directory open. PGlite has no lock of its
 * own, and two processes writing one directory corrupt it, so the second is refused. A configuration
 * error: it names DATA_DIR and stops the process with exit code 78 like any other.
 */
export class DataDirectoryInUseError extends ConfigError {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    holderHost: string,
  ) {
    super([
      `DATA_DIR: ${dataDir} is in use by process ${holderPid}${holderHost === hostname() ? '' : ` on ${holderHost}`} ` +
        '(a running server or CLI command; the embedded database serves one process at a time): ' +
        'stop that process first, or use another DATA_DIR, or DATABASE_URL for several processes',
    ]);
  }
}

/**
 * An exclusive lock on a data directory, held for the life of the embedded database. The lock file
 * appears whole (written aside, then hard-linked into place, which fails when it exists), so a reader
 * never sees a half-written one. A lock whose process is gone (killed, crashed) is stale and taken over.
 */
class DataDirectoryLock {
  private readonly releaseOnExit = () => this.release();

  private constructor(private readonly file: string) {
    process.once('exit', this.releaseOnExit);
  }

  static acquire(dataDir: string): DataDirectoryLock {
    const file = join(dataDir, DATA_DIR_LOCK_FILE);
    const mine = `${process.pid}\n${hostname()}\n`;
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
    writeFileSync(temporary, mine, { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(temporary, file);
          // Two processes taking over one stale lock at once: the later unlink removed the earlier link.
          if (readFileSync(file, 'utf8') === mine) return new DataDirectoryLock(file);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const holder = readHolder(file);
        if (holder && isAlive(holder)) throw new DataDirectoryInUseError(dataDir, holder.pid, holder.host);
        removeIfPresent(file); // stale: its process is gone
      }
      const holder = readHolder(file);
      throw new DataDirectoryInUseError(dataDir, holder?.pid ?? 0, holder?.host ?? hostname());
    } finally {
      removeIfPresent(temporary);
    }
  }

  release(): void {
    process.removeListener('exit', this.releaseOnExit);
    if (readHolder(this.file)?.pid === process.pid) removeIfPresent(this.file);
  }
}

function readHolder(file: string): { pid: number; host: string } | null {
  try {
    const [pid, host] = readFileSync(file, 'utf8').split('\n');
    return /^\d+$/.test(pid) ? { pid: Number(pid), host: host || hostname() } : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Whether the holder runs: signal 0 checks without signalling. A process on another host is assumed to. */
function isAlive({ pid, host }: { pid: number; host: string }): boolean {
  if (host !== hostname() || pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, run by another user
  }
}

function removeIfPresent(file: string) {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * How a start found its cluster: `existing` (a restart), `template` (a new data directory filled with a copy
 * of the kept empty cluster, see embedded-template.ts), `initdb` (a new one PGlite initialised itself, when no
 * template could be made), `memory`.
 */
export type EmbeddedCluster = 'existing' | 'template' | 'initdb' | 'memory';

/**
 * A new data directory gets a copy of the template cluster instead of an initdb of its own (seconds of CPU
 * at every first start). Without a template (a read-only node_modules, a full disk) PGlite runs initdb as
 * before: the template only saves time.
 */
async function prepareCluster(location: string): Promise<EmbeddedCluster> {
  if (existsSync(join(location, 'PG_VERSION'))) return 'existing';
  try {
    // Required here: it loads TypeORM and the migrations, which a restart does not need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createClusterFromTemplate } = require('./embedded-template') as typeof EmbeddedTemplate;
    if (await createClusterFromTemplate(location)) return 'template';
  } catch {
    // Fall through: initdb in place.
  }
  mkdirSync(location, { recursive: true });
  return 'initdb';
}

/**
 * In memory, the template cluster's tarball is loaded instead of running initdb and the migrations (seconds of
 * CPU for every test suite); without one, PGlite runs initdb as before.
 */
async function templateTarball(): Promise<Blob | undefined> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { clusterTemplateTarball } = require('./embedded-template') as typeof EmbeddedTemplate;
    return await clusterTemplateTarball();
  } catch {
    return undefined;
  }
}

/** A started embedded PostgreSQL, in this thread (EmbeddedPostgres) or in a worker thread (EmbeddedPostgresThread). */
export interface EmbeddedDatabase {
  readonly url: string;
  /** Where the cluster came from at this start (for the start-up log). */
  readonly cluster: EmbeddedCluster;
  stop(): Promise<void>;
}

/** PGlite on `location` (memory when undefined) served over the wire protocol on a loopback port. */
export async function servePglite(location: string | undefined, maxConnections: number) {
  const cluster: EmbeddedCluster = location ? await prepareCluster(location) : 'memory';
  const db = await PGlite.create(location, {
    extensions: PGLITE_EXTENSIONS,
    loadDataDir: location ? undefined : await templateTarball(),
  });
  try {
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    const address = server.getServerConn(); // "127.0.0.1:PORT"
    return { db, server, cluster, url: `postgres://postgres@${address}/postgres` };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** Makes DATA_DIR and takes its lock; the cluster lives in its `pgdata` folder. */
function lockDataDir(dataDir: string | null): { location: string | undefined; lock: DataDirectoryLock | null } {
  if (!dataDir) return { location: undefined, lock: null };
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  return { location: join(root, 'pgdata'), lock: DataDirectoryLock.acquire(root) };
}

/**
 * An embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served in-process over the
 * PostgreSQL wire protocol on a loopback port, so the ordinary `pg` driver and TypeORM use it like
 * any server. Data lives in `dataDir` (kept across restarts, locked against a second process), or in
 * memory when `dataDir` is null.
 */
export class EmbeddedPostgres implements EmbeddedDatabase {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirectoryLock | null,
    readonly url: string,
    readonly cluster: EmbeddedCluster,
  ) {}

  /** @throws DataDirectoryInUseError when another live process holds `dataDir`. */
  static async start(dataDir: string | null, maxConnections = 4): Promise<EmbeddedPostgres> {
    const { location, lock } = lockDataDir(dataDir);
    try {
      const { db, server, url, cluster } = await servePglite(location, maxConnections);
      return new EmbeddedPostgres(db, server, lock, url, cluster);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}

/** The worker thread's script, beside this file once built (embedded-postgres.worker.ts). */
const WORKER_SCRIPT = join(__dirname, 'embedded-postgres.worker.js');

/** What the worker thread posts: once started, once stopped, or a failure. */
export type EmbeddedWorkerMessage =
  { started: { url: string; cluster: EmbeddedCluster } } | { stopped: true } | { failed: unknown };

/**
 * The same embedded PostgreSQL run in a worker thread: its start (loading and compiling PGlite, opening the
 * cluster) runs on another core while the main thread loads the service's modules, and its statements run
 * beside the main thread's request handling. The lock stays with this process's main thread. Only for the
 * built service (the worker runs compiled JavaScript); elsewhere see startEmbeddedDatabase.
 */
export class EmbeddedPostgresThread implements EmbeddedDatabase {
  private constructor(
    private readonly worker: Worker,
    private readonly lock: DataDirectoryLock | null,
    readonly url: string,
    readonly cluster: EmbeddedCluster,
  ) {}

  static available(): boolean {
    return existsSync(WORKER_SCRIPT);
  }

  /** @throws DataDirectoryInUseError when another live process holds `dataDir`. */
  static async start(dataDir: string | null, maxConnections = 4): Promise<EmbeddedPostgresThread> {
    const { location, lock } = lockDataDir(dataDir);
    try {
      const worker = new Worker(WORKER_SCRIPT, { workerData: { location, maxConnections } });
      const { url, cluster } = await new Promise<{ url: string; cluster: EmbeddedCluster }>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`embedded PostgreSQL thread exited (code ${code})`)));
        worker.once('message', (message: EmbeddedWorkerMessage) => {
          if ('started' in message) resolve(message.started);
          else
            reject('failed' in message ? message.failed : new Error('embedded PostgreSQL thread: unexpected message'));
        });
      });
      worker.removeAllListeners();
      // The service cannot run without its database: a crash of the thread ends the process, as it did when
      // PGlite ran in the main thread.
      worker.once('error', (error) => {
        console.error('embedded PostgreSQL failed:', error);
        process.exit(1);
      });
      return new EmbeddedPostgresThread(worker, lock, url, cluster);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  async stop(): Promise<void> {
    try {
      const stopped = new Promise<void>((resolve, reject) => {
        this.worker.removeAllListeners();
        this.worker.once('error', reject);
        this.worker.once('exit', () => resolve());
        this.worker.on('message', (message: EmbeddedWorkerMessage) => {
          if ('stopped' in message) resolve();
          else if ('failed' in message) reject(message.failed);
        });
      });
      this.worker.postMessage('stop');
      await stopped;
      await this.worker.terminate();
    } finally {
      this.lock?.release();
    }
  }
}

/** In a worker thread when the service runs built, in this thread otherwise (tests, ts-node). */
export function startEmbeddedDatabase(dataDir: string | null, maxConnections = 4): Promise<EmbeddedDatabase> {
  return EmbeddedPostgresThread.available()
    ? EmbeddedPostgresThread.start(dataDir, maxConnections)
    : EmbeddedPostgres.start(dataDir, maxConnections);
}

/** DATA_DIR for the embedded database: null for memory. */
export const embeddedDataDir = (config: AppConfig) => (config.DATA_DIR === 'memory://' ? null : config.DATA_DIR);

/** Connections the wire-protocol server accepts: the pool's, and two more. */
export const embeddedMaxConnections = (config: AppConfig) => config.dbPoolSize + 2;

let early: { dataDir: string | null; started: Promise<EmbeddedDatabase> } | null = null;

/**
 * Begins starting the embedded database before anything else is loaded (main.ts), for PersistenceModule to
 * take (takeEarlyStart) instead of starting its own. A failure is kept for the taker to throw.
 */
export function startEmbeddedEarly(config: AppConfig): void {
  if (!config.embedded) return;
  const dataDir = embeddedDataDir(config);
  const started = startEmbeddedDatabase(dataDir, embeddedMaxConnections(config));
  started.catch(() => undefined); // thrown where it is taken
  early = { dataDir, started };
}

/** The early start of this data directory, once; null when none was begun. */
export function takeEarlyStart(dataDir: string | null): Promise<EmbeddedDatabase> | null {
  if (!early || early.dataDir !== dataDir) return null;
  const { started } = early;
  early = null;
  return started;
}

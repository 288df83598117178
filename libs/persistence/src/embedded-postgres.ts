import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ConfigError } from '@app/core';
import { createClusterFromTemplate } from './embedded-template';

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
    if (await createClusterFromTemplate(location)) return 'template';
  } catch {
    // Fall through: initdb in place.
  }
  mkdirSync(location, { recursive: true });
  return 'initdb';
}

/**
 * An embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served in-process over the
 * PostgreSQL wire protocol on a loopback port, so the ordinary `pg` driver and TypeORM use it like
 * any server. Data lives in `dataDir` (kept across restarts, locked against a second process), or in
 * memory when `dataDir` is null.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirectoryLock | null,
    readonly url: string,
    /** Where the cluster came from at this start (for the start-up log). */
    readonly cluster: EmbeddedCluster,
  ) {}

  /** @throws DataDirectoryInUseError when another live process holds `dataDir`. */
  static async start(dataDir: string | null, maxConnections = 4): Promise<EmbeddedPostgres> {
    let location: string | undefined;
    let lock: DataDirectoryLock | null = null;
    let cluster: EmbeddedCluster = 'memory';
    if (dataDir) {
      const root = resolve(dataDir);
      location = join(root, 'pgdata');
      mkdirSync(root, { recursive: true });
      lock = DataDirectoryLock.acquire(root);
    }
    try {
      if (location) cluster = await prepareCluster(location);
      const db = await PGlite.create(location, { extensions: { pgcrypto } });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
      await server.start();
      const address = server.getServerConn(); // "127.0.0.1:PORT"
      return new EmbeddedPostgres(db, server, lock, `postgres://postgres@${address}/postgres`, cluster);
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

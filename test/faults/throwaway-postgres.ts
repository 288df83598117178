import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/** PostgreSQL 15's programs as Debian and Ubuntu install them; PG_BIN overrides. */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** The machine's own server listens on 5432 and must never be touched; ours starts at 55432. */
const FIRST_PORT = 55432;
const OS_USER = 'postgres';

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** pids of the processes whose parent is `pid` (the backends and workers of a postmaster). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((child) => child > 0);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

/**
 * A PostgreSQL 15 instance of the fault suite's own: initdb into a temporary folder (as the `postgres`
 * operating-system user, which the server requires), listening on loopback on a free port from 55432,
 * with its socket in its own folder. The suite kills, stalls and restarts it; `destroy()` stops it and
 * removes the folder, and an exit hook does the same if the suite dies first. Every signal goes to the
 * postmaster named in this instance's own postmaster.pid, never to another server.
 */
export class ThrowawayPostgres {
  private static live = new Set<ThrowawayPostgres>();

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** The server URL for `database` (superuser `postgres`, trusted on loopback). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(): Promise<ThrowawayPostgres> {
    if (!existsSync(join(BIN, 'initdb'))) throw new Error(`PostgreSQL 15 programs not found in ${BIN} (set PG_BIN)`);
    let port = FIRST_PORT;
    while (!(await portIsFree(port))) port++;
    const dir = mkdtempSync(join(tmpdir(), 'faults-pg-'));
    const instance = new ThrowawayPostgres(dir, port);
    ThrowawayPostgres.live.add(instance);
    chownSync(dir, ...ownerIds());
    await instance.asPostgres('initdb', [
      '-D',
      instance.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-instructions',
    ]);
    await instance.start();
    return instance;
  }

  private get dataDir() {
    return join(this.dir, 'data');
  }

  /** Runs a PostgreSQL program as its operating-system user, without blocking the suite's event loop. */
  private async asPostgres(program: string, args: string[]) {
    await promisify(execFile)('runuser', ['-u', OS_USER, '--', join(BIN, program), ...args], { cwd: this.dir });
  }

  /** Starts the server (after a kill: with crash recovery) and waits until it accepts connections. */
  async start(): Promise<void> {
    await this.asPostgres('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
      'start',
    ]);
  }

  /** Stops the server as a crash would: no checkpoint, backends killed; the next start recovers from WAL. */
  async killImmediately(): Promise<void> {
    await this.asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** The postmaster's pid, from this instance's own postmaster.pid (null when it is not running). */
  postmasterPid(): number | null {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return pid > 0 ? pid : null;
  }

  /** SIGSTOP to the postmaster and every backend: connections stay open but nothing answers. */
  stall(): number[] {
    const postmaster = this.requirePostmaster();
    const pids = [postmaster, ...childrenOf(postmaster)];
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    return pids;
  }

  /** SIGCONT to the postmaster and its backends: the stall ends. */
  resume(): void {
    const postmaster = this.requirePostmaster();
    for (const pid of [postmaster, ...childrenOf(postmaster)]) process.kill(pid, 'SIGCONT');
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  /** Stops the server (whatever state it is in) and removes its folder. */
  destroy(): void {
    ThrowawayPostgres.live.delete(this);
    const postmaster = this.postmasterPid();
    if (postmaster) {
      // Synchronous, as it also runs from the exit hook: the server's own processes, killed outright
      // (postmaster first, so it cannot restart its children), then resumed in case they were stopped.
      for (const pid of [postmaster, ...childrenOf(postmaster)]) {
        for (const signal of ['SIGKILL', 'SIGCONT'] as const) {
          try {
            process.kill(pid, signal);
          } catch {
            // already exited
          }
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private requirePostmaster(): number {
    const pid = this.postmasterPid();
    if (!pid) throw new Error('the throwaway PostgreSQL is not running');
    return pid;
  }

  static {
    // A suite that crashes or is interrupted still leaves no server running and no folder behind.
    const cleanUp = () => [...ThrowawayPostgres.live].forEach((instance) => instance.destroy());
    process.once('exit', cleanUp);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        cleanUp();
        process.exit(130);
      });
    }
  }
}

function ownerIds(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8' }).trim());
  return [uid, gid];
}

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * An embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served in-process over the
 * PostgreSQL wire protocol on a loopback port, so the ordinary `pg` driver and TypeORM use it like
 * any server. Data lives in `dataDir` (kept across restarts), or in memory when `dataDir` is null.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  static async start(dataDir: string | null, maxConnections = 4): Promise<EmbeddedPostgres> {
    let location: string | undefined;
    if (dataDir) {
      location = resolve(dataDir, 'pgdata');
      mkdirSync(location, { recursive: true });
    }
    const db = await PGlite.create(location, { extensions: { pgcrypto } });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    const address = server.getServerConn(); // "127.0.0.1:PORT"
    return new EmbeddedPostgres(db, server, `postgres://postgres@${address}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}

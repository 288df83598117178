import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { ConcurrentModificationError, NotFoundError, RequestContext } from '@app/core';
import { createDataSource } from './data-source';
import { Db } from './db.service';
import { EmbeddedPostgres } from './embedded-postgres';
import { LockedJobs } from './locked-jobs.service';
import { loadForUpdate, updateIfVersion } from './row-lock';

@Entity('widget')
class Widget {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column('text') name: string;
  @Column('text') status: string;
  @Column('int') version: number;
}

const ORG = randomUUID();
const OTHER_ORG = randomUUID();
const silent = { error: () => undefined, info: () => undefined, warn: () => undefined } as unknown as Logger;

/** The PostgreSQL server of DATABASE_URL (a database of this suite's own), or the embedded one. */
async function openDatabase(): Promise<{ dataSource: DataSource; close: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  let url: string;
  let cleanup: () => Promise<void>;
  if (serverUrl) {
    const name = `t_rowlock_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const embedded = await EmbeddedPostgres.start(null, 1);
    url = embedded.url;
    cleanup = () => embedded.stop();
  }
  // The embedded database answers one connection: the pool holds one, as the service's does.
  const dataSource = createDataSource(url, [Widget], serverUrl ? 4 : 1);
  await dataSource.initialize();
  await dataSource.query(
    `CREATE TABLE widget (id uuid PRIMARY KEY, organisation_id uuid NOT NULL, name text NOT NULL,
       status text NOT NULL, version int NOT NULL)`,
  );
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await cleanup();
    },
  };
}

describe('row locks and conditional updates', () => {
  let db: { dataSource: DataSource; close: () => Promise<void> };
  beforeAll(async () => {
    db = await openDatabase();
  }, 180_000);
  afterAll(() => db?.close());

  const insert = async (values: Partial<Widget> = {}): Promise<Widget> => {
    const row = { id: randomUUID(), organisationId: ORG, name: 'w', status: 'DRAFT', version: 1, ...values };
    await db.dataSource.getRepository(Widget).insert(row);
    return row;
  };
  const stored = (id: string) => db.dataSource.getRepository(Widget).findOneByOrFail({ id });
  /** Runs `fn` in a transaction as the system of `org`; the result is returned, the transaction committed. */
  const inTransaction = <T>(fn: (ctx: RequestContext) => Promise<T>, org = ORG) =>
    db.dataSource.transaction((em) => fn(RequestContext.system(randomUUID(), em, org)));

  describe(loadForUpdate.name, () => {
    it("returns the row of the caller's organisation, and null for another organisation's row", async () => {
      const mine = await insert();
      const theirs = await insert({ organisationId: OTHER_ORG });
      expect(await inTransaction((ctx) => loadForUpdate(ctx, Widget, mine.id, 'Widget'))).toMatchObject(mine);
      expect(await inTransaction((ctx) => loadForUpdate(ctx, Widget, theirs.id, 'Widget'))).toBeNull();
      expect(await inTransaction((ctx) => loadForUpdate(ctx, Widget, randomUUID(), 'Widget'))).toBeNull();
    });

    it('answers NOT_FOUND, naming the entity, for an id that is not a UUID', async () => {
      const attempt = inTransaction((ctx) => loadForUpdate(ctx, Widget, 'nonsense', 'Widget'));
      await expect(attempt).rejects.toThrow(NotFoundError);
      await expect(attempt).rejects.toThrow('Widget nonsense not found');
    });

    it('locks the row until the transaction ends', async () => {
      const row = await insert();
      const locks = await inTransaction(async (ctx) => {
        await loadForUpdate(ctx, Widget, row.id, 'Widget');
        return ctx.em.query(
          `SELECT mode FROM pg_locks WHERE locktype = 'transactionid' AND pid = pg_backend_pid() AND granted`,
        );
      });
      // FOR UPDATE on a row makes the transaction take a transaction id (row locks live in the tuple).
      expect(locks.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe(updateIfVersion.name, () => {
    it('writes the change, raises the version by one and returns the row as stored', async () => {
      const row = await insert({ version: 3 });
      const updated = await inTransaction((ctx) => updateIfVersion(ctx, Widget, row, { name: 'renamed' }, 'Widget'));
      expect(updated).toEqual({ ...row, name: 'renamed', version: 4 });
      expect(await stored(row.id)).toEqual({ ...row, name: 'renamed', version: 4 });
    });

    it('refuses a stale version with the version the row really has, writing nothing', async () => {
      const row = await insert({ version: 1 });
      await db.dataSource.query(`UPDATE widget SET version = 7 WHERE id = $1`, [row.id]);
      const result = await inTransaction((ctx) =>
        updateIfVersion(ctx, Widget, row, { name: 'late' }, `Widget ${row.id}`),
      );
      expect(result).toBeInstanceOf(ConcurrentModificationError);
      expect(result).toMatchObject({
        errorCode: 'CONCURRENT_MODIFICATION',
        currentVersion: 7,
        message: `Widget ${row.id} is at version 7, not 1: reload it and try again`,
      });
      expect(await stored(row.id)).toMatchObject({ name: 'w', version: 7 });
    });

    it('applies the extra condition: a row no longer in the expected status is not written', async () => {
      const row = await insert({ status: 'SUBMITTED', version: 2 });
      const extra = { sql: 'status = :status', params: { status: 'DRAFT' } };
      const refused = await inTransaction((ctx) =>
        updateIfVersion(ctx, Widget, row, { status: 'DONE' }, 'Widget', extra),
      );
      expect(refused).toMatchObject({ currentVersion: 2 });
      expect(await stored(row.id)).toMatchObject({ status: 'SUBMITTED', version: 2 });
      const applied = await inTransaction((ctx) =>
        updateIfVersion(ctx, Widget, row, { status: 'DONE' }, 'Widget', {
          sql: 'status = :status',
          params: { status: 'SUBMITTED' },
        }),
      );
      expect(applied).toMatchObject({ status: 'DONE', version: 3 });
    });

    it("never writes another organisation's row: NOT_FOUND", async () => {
      const theirs = await insert({ organisationId: OTHER_ORG });
      await expect(
        inTransaction((ctx) => updateIfVersion(ctx, Widget, theirs, { name: 'taken over' }, 'Widget')),
      ).rejects.toThrow(NotFoundError);
      expect(await stored(theirs.id)).toMatchObject({ name: 'w', version: 1 });
    });
  });

  describe(LockedJobs.name, () => {
    it('runs the job in a transaction of its own that holds the advisory lock, and returns its answer', async () => {
      const sut = new LockedJobs(new Db(db.dataSource), silent);
      const job = { name: 'test', lockKey: 4242 };
      const seen = await sut.runOnce(job, async (ctx) => {
        const [{ held }] = await ctx.em.query(
          `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted
             AND pid = pg_backend_pid()`,
          [job.lockKey],
        );
        return { inTransaction: ctx.em.queryRunner?.isTransactionActive, held };
      });
      expect(seen).toEqual({ inTransaction: true, held: 1 });
    });

    it('rolls the run back when it fails', async () => {
      const sut = new LockedJobs(new Db(db.dataSource), silent);
      const row = await insert();
      await expect(
        sut.runOnce({ name: 'failing', lockKey: 4243 }, async (ctx) => {
          await ctx.em.query(`UPDATE widget SET name = 'half done' WHERE id = $1`, [row.id]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await stored(row.id)).toMatchObject({ name: 'w' });
    });
  });

  // Two sessions at once need a PostgreSQL server: the embedded database serves one session.
  const onServer = process.env.DATABASE_URL ? describe : describe.skip;
  onServer('between two sessions (PostgreSQL server)', () => {
    /** A transaction held open on a connection of its own until `release` is called. */
    const holdOpen = async (statements: Array<[string, unknown[]]>) => {
      const runner = db.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      for (const [sql, params] of statements) await runner.query(sql, params);
      return async () => {
        await runner.rollbackTransaction();
        await runner.release();
      };
    };

    it('a job run finds the lock held by another session and does nothing (null)', async () => {
      const sut = new LockedJobs(new Db(db.dataSource), silent);
      const release = await holdOpen([[`SELECT pg_advisory_xact_lock($1)`, [4244]]]);
      let ran = false;
      try {
        const answer = await sut.runOnce({ name: 'held', lockKey: 4244 }, async () => {
          ran = true;
          return 1;
        });
        expect(answer).toBeNull();
        expect(ran).toBe(false);
      } finally {
        await release();
      }
      expect(await sut.runOnce({ name: 'held', lockKey: 4244 }, async () => 1)).toBe(1);
    });

    it('a row loaded for update cannot be locked by another session until the first transaction ends', async () => {
      const row = await insert();
      const release = await holdOpen([
        [`SELECT id FROM widget WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [row.id, ORG]],
      ]);
      try {
        await expect(
          inTransaction(async (ctx) => {
            await ctx.em.query(`SET LOCAL lock_timeout = '200ms'`);
            return loadForUpdate(ctx, Widget, row.id, 'Widget');
          }),
        ).rejects.toThrow(/lock timeout/);
      } finally {
        await release();
      }
    });

    it('of two updates from one version, the second gets the version the first wrote', async () => {
      const row = await insert({ version: 5 });
      const first = db.dataSource.createQueryRunner();
      await first.connect();
      await first.startTransaction();
      try {
        const ctx = RequestContext.system(randomUUID(), first.manager, ORG);
        expect(await updateIfVersion(ctx, Widget, row, { name: 'first' }, 'Widget')).toMatchObject({ version: 6 });
        // The second waits on the first's row lock (or starts after its commit): either way its condition no
        // longer holds, and it reports the version the first wrote, not a guess.
        const second = inTransaction((c) => updateIfVersion(c, Widget, row, { name: 'second' }, 'Widget'));
        await first.commitTransaction();
        expect(await second).toMatchObject({ errorCode: 'CONCURRENT_MODIFICATION', currentVersion: 6 });
      } finally {
        await first.release();
      }
      expect(await stored(row.id)).toMatchObject({ name: 'first', version: 6 });
    });
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createClusterFromTemplate, createDataSource, EmbeddedPostgres, ensureClusterTemplate } from '@app/persistence';

async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

/**
 * A new data directory starts from a copy of the kept cluster (initdb and every migration, no rows) instead of
 * running them; what it holds afterwards is its own, and a restart resumes it.
 */
describe('embedded database template cluster (e2e)', () => {
  jest.setTimeout(300_000);
  const scratch = mkdtempSync(join(tmpdir(), 'embedded-template-'));
  const template = join(scratch, 'template');

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('makes the template once, whole, and keeps it', async () => {
    expect(await ensureClusterTemplate(template)).toBe(template);
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
    expect(readdirSync(scratch)).toEqual(['template']); // nothing left aside
  });

  it('fills an empty pgdata with a copy, and leaves one that holds files alone', async () => {
    const pgdata = join(scratch, 'copy', 'pgdata');
    mkdirSync(pgdata, { recursive: true });
    expect(await createClusterFromTemplate(pgdata, template)).toBe(true);
    expect(existsSync(join(pgdata, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(pgdata, 'template-ready'))).toBe(false);

    const other = join(scratch, 'other', 'pgdata');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'stray'), '');
    expect(await createClusterFromTemplate(other, template)).toBe(false);
    expect(readdirSync(other)).toEqual(['stray']);
  });

  it('starts a new data directory from the template; its data is its own and outlives a restart', async () => {
    const dataDir = join(scratch, 'data');
    let db = await EmbeddedPostgres.start(dataDir);
    try {
      expect(db.cluster).toBe('template');
      // Every migration is in the copy: the service's own run finds nothing to apply.
      const dataSource = createDataSource(db.url, [], 1);
      await dataSource.initialize();
      try {
        expect(await dataSource.runMigrations({ transaction: 'each' })).toEqual([]);
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM schema_migration`);
        expect(n).toBe(dataSource.migrations.length);
        expect(await dataSource.query(`SELECT count(*)::int AS n FROM organisation`)).toEqual([{ n: 0 }]);
      } finally {
        await dataSource.destroy();
      }
      await query(db.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written after the copy')`);
    } finally {
      await db.stop();
    }
    db = await EmbeddedPostgres.start(dataDir);
    try {
      expect(db.cluster).toBe('existing');
      expect(await query(db.url, 'SELECT note FROM kept')).toEqual([{ note: 'written after the copy' }]);
    } finally {
      await db.stop();
    }
    // The template stays empty: a second new directory does not see the first one's table.
    db = await EmbeddedPostgres.start(join(scratch, 'data2'));
    try {
      expect(await query(db.url, `SELECT to_regclass('kept') AS t`)).toEqual([{ t: null }]);
    } finally {
      await db.stop();
    }
  });
});

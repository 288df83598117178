import { loadConfig } from '@app/core';
import { createDataSource, databaseTimeouts, migrationTimeouts } from '@app/persistence';

const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres) {
  console.info('migration-timeouts.e2e-spec: not run: the server-side bounds are PostgreSQL settings (DATABASE_URL)');
}
const describeOnPostgres = onPostgres ? describe : describe.skip;

/**
 * Migrations may build indexes over large tables (the request search's trigram indexes over a million rows
 * take minutes): they run on a connection without the per-statement bound of request traffic, while the
 * service's own connections keep it. Lock waits stay bounded on both.
 */
describeOnPostgres('bounds of the migrations connection (e2e, PostgreSQL)', () => {
  const config = loadConfig(
    { DATABASE_URL: process.env.DATABASE_URL, DB_STATEMENT_TIMEOUT_MS: '5000', DB_LOCK_TIMEOUT_MS: '3000' },
    { issuesTokens: false },
  );

  async function settings(timeouts: ReturnType<typeof databaseTimeouts>) {
    const dataSource = createDataSource(process.env.DATABASE_URL!, [], 1, timeouts);
    await dataSource.initialize();
    try {
      const [row] = (await dataSource.query(
        `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
                current_setting('idle_in_transaction_session_timeout') AS idle`,
      )) as Array<{ statement: string; lock: string; idle: string }>;
      // A statement longer than the service's bound completes on the migrations' connection.
      const slept = await dataSource.query(`SELECT pg_sleep(6) IS NULL AS done`).then(
        () => 'completed',
        (error: Error) => error.message,
      );
      return { ...row, slept };
    } finally {
      await dataSource.destroy();
    }
  }

  it('has no statement bound on the migrations connection, and the service keeps its own', async () => {
    expect(await settings(migrationTimeouts(config))).toEqual({
      statement: '0',
      lock: '3s',
      idle: '0',
      slept: 'completed',
    });
    const service = await settings(databaseTimeouts(config));
    expect(service.statement).toBe('5s');
    expect(service.slept).toMatch(/statement timeout/);
  }, 30_000);
});

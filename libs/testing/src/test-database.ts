import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A database of its own for one test suite: a fresh database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), or the embedded in-memory PostgreSQL when DATABASE_URL is unset.
 */
export interface TestDatabase {
  /** DATABASE_URL for the service, or undefined for the embedded database. */
  url: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

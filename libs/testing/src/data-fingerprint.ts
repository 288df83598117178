import { DataSource } from 'typeorm';

/**
 * A digest of every row of every table of the service's schema: equal before and after a call means the
 * call wrote nothing at all (no row inserted, changed or deleted, audit included). Cheap enough to take
 * around each refused call of a suite with a few thousand rows.
 */
export async function dataFingerprint(dataSource: DataSource): Promise<string> {
  const tables = (await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
  )) as Array<{ tablename: string }>;
  const parts = tables.map(
    ({ tablename }) =>
      `SELECT '${tablename}' AS t, count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h
       FROM "${tablename}" x`,
  );
  const rows = (await dataSource.query(parts.join(' UNION ALL '))) as Array<{ t: string; n: string; h: string }>;
  return rows
    .sort((a, b) => a.t.localeCompare(b.t))
    .map((r) => `${r.t}:${r.n}:${r.h}`)
    .join('\n');
}

import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { MIGRATIONS } from './migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/**
 * The one way the service builds its TypeORM data source: PostgreSQL through `pg`, migrations only,
 * and `where` clauses with undefined or null values refused instead of silently matching every row.
 */
export function createDataSource(url: string, entities: EntityList, poolSize: number): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    invalidWhereValuesBehavior: { undefined: 'throw', null: 'throw' },
    extra: { max: poolSize, connectionTimeoutMillis: 15_000 },
  });
}

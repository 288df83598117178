import type { AppConfig } from '@app/core';
import { Client } from 'pg';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { MIGRATIONS } from './migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/**
 * Bounds on how long the service waits for the database (milliseconds; 0 or absent = no bound).
 * The three server-side ones are sent in each connection's start-up packet, so they hold for every
 * statement on the pool's connections; PGlite, the embedded database, runs statements in-process and
 * does not honour them, so they are given for PostgreSQL only.
 */
export interface DatabaseTimeouts {
  /** Waiting for a connection: opening one, or queueing for a free one in the pool. */
  acquireMs: number;
  /** PostgreSQL's statement_timeout: the server cancels a longer statement (SQLSTATE 57014). */
  statementMs?: number;
  /** PostgreSQL's lock_timeout: the server gives up waiting for a row lock (SQLSTATE 55P03). */
  lockMs?: number;
  /** PostgreSQL's idle_in_transaction_session_timeout: the server closes a session left inside a transaction. */
  idleInTransactionMs?: number;
}

/** The configured timeouts; on the embedded database only the acquire timeout means anything. */
export function databaseTimeouts(config: AppConfig): DatabaseTimeouts {
  if (config.embedded) return { acquireMs: config.dbAcquireTimeoutMs };
  return {
    acquireMs: config.dbAcquireTimeoutMs,
    statementMs: config.DB_STATEMENT_TIMEOUT_MS,
    lockMs: config.DB_LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/**
 * The client-side limit on one query, past the server's own: statement_timeout makes a live server
 * answer in time; when the server does not answer at all (stopped, or the network lost), only this
 * fires. A little later than statement_timeout, so a live server's own cancellation comes first.
 */
export const QUERY_READ_GRACE_MS = 2000;

/**
 * A `pg` client that closes its connection when a query read times out. `pg` itself then rejects the
 * query but keeps the connection, whose next queries would queue behind the unanswered one; closed,
 * the pool discards it and the request's remaining statements (ROLLBACK) fail at once instead of
 * waiting again.
 */
export class StallSafeClient extends Client {}
const query = Client.prototype.query as (...args: unknown[]) => unknown;
StallSafeClient.prototype.query = function (this: Client, ...args: unknown[]) {
  const result = query.apply(this, args);
  if (!(result instanceof Promise)) return result;
  return result.catch((error: unknown) => {
    if (error instanceof Error && error.message === 'Query read timeout') void this.end().catch(() => undefined);
    throw error;
  });
} as Client['query'];

/**
 * The one way the service builds its TypeORM data source: PostgreSQL through `pg`, migrations only,
 * `where` clauses with undefined or null values refused instead of silently matching every row, and
 * bounded waits (see DatabaseTimeouts).
 */
export function createDataSource(
  url: string,
  entities: EntityList,
  poolSize: number,
  timeouts: DatabaseTimeouts = { acquireMs: 15_000 },
  onPoolError?: (error: Error) => void,
): DataSource {
  const statementMs = timeouts.statementMs || 0;
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    invalidWhereValuesBehavior: { undefined: 'throw', null: 'throw' },
    // An idle connection whose server went away raises an error on the pool; without a handler TypeORM
    // logs it itself.
    ...(onPoolError ? { poolErrorHandler: onPoolError } : {}),
    extra: {
      max: poolSize,
      connectionTimeoutMillis: timeouts.acquireMs,
      ...(statementMs > 0
        ? { statement_timeout: statementMs, query_timeout: statementMs + QUERY_READ_GRACE_MS, Client: StallSafeClient }
        : {}),
      ...(timeouts.lockMs ? { lock_timeout: timeouts.lockMs } : {}),
      ...(timeouts.idleInTransactionMs ? { idle_in_transaction_session_timeout: timeouts.idleInTransactionMs } : {}),
    },
  });
}

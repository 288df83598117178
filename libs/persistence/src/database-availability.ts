/**
 * The one place that decides whether an error means "the database is down, stalled or refusing" (the
 * client should retry later) rather than "this request is wrong" or "the service has a bug".
 *
 * SQLSTATE codes from https://www.postgresql.org/docs/15/errcodes-appendix.html:
 * - class 08 (connection exception): the connection failed or was lost;
 * - 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down);
 * - 57014 query_canceled: statement_timeout fired (or an operator cancelled the query);
 * - 55P03 lock_not_available: lock_timeout fired while another transaction held the row;
 * - 25P03 idle_in_transaction_session_timeout: the session was closed under an abandoned transaction;
 * - 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '55P03', '25P03', '53300']);

/** Socket errors of a server that is gone or unreachable. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Messages of `pg` and `pg-pool` that carry no code: a lost or closed connection, a connection or pool
 * acquire that timed out, and the client-side read timeout that catches a server that stopped answering.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // "Connection terminated unexpectedly", "... due to connection timeout"
  /^timeout exceeded when trying to connect$/, // pg-pool: no connection within connectionTimeoutMillis
  /^Query read timeout$/, // pg: query_timeout, the server did not answer at all
  /^Client was closed and is not queryable$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/** The fields of a driver or connection error the service reads. */
export interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * The error and what it wraps (TypeORM's `driverError`, a `cause`, the attempts of an AggregateError such as
 * a refused dual-stack connect), outermost first, at most six levels deep.
 */
export function* errorChain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 5 || typeof error !== 'object' || error === null) return;
  const e = error as ErrorLike;
  yield e;
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    if (inner !== error) yield* errorChain(inner, depth + 1);
  }
}

/**
 * True when `error` (or what it wraps: TypeORM's `driverError`, a `cause`, the attempts of an
 * AggregateError such as a refused dual-stack connect) says the database cannot serve right now.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string') {
      if (e.code.startsWith('08') && e.code.length === 5) return true;
      if (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code)) return true;
    }
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message as string))) {
      return true;
    }
  }
  return false;
}

/** A one-line description for the log (no stack: an outage is an operating condition, not a bug). */
export function describeUnavailability(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  const inner = (e.driverError ?? e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined)) as
    ErrorLike | undefined;
  const source = inner && typeof inner === 'object' ? inner : e;
  const code = typeof source.code === 'string' ? `${source.code}: ` : '';
  return `${code}${typeof source.message === 'string' && source.message ? source.message : String(error)}`;
}

import { ConfigError } from '@app/core';
import { errorChain } from './database-availability';

/**
 * DATABASE_URL names a database the service cannot open for a reason only the operator can fix (it does
 * not exist, no server answers there, the server refuses the user or the password). A configuration
 * error: the process stops with exit code 78, printing this one line, which names the problem and the fix.
 */
export class DatabaseConnectionError extends ConfigError {
  constructor(line: string, options?: ErrorOptions) {
    super([line], options);
    this.message = line;
    this.name = 'DatabaseConnectionError';
  }
}

/** Where DATABASE_URL points, as `pg` reads it (no password: this goes to logs). */
interface Target {
  host: string;
  port: number;
  user: string;
  database: string;
}

function target(url: string): Target {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username) || process.env.PGUSER || process.env.USER || 'postgres';
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: Number(parsed.port) || 5432,
    user,
    database: decodeURIComponent(parsed.pathname.slice(1)) || user,
  };
}

/** A word as a shell argument: as is when plain, single-quoted otherwise. */
const arg = (word: string) => (/^[\w.:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The client tools' options naming the server (`-p` only when not the default port). */
const serverOptions = (t: Target) => `-h ${arg(t.host)}${t.port === 5432 ? '' : ` -p ${t.port}`}`;

/** The client tools' options naming the server and the user. */
const connectOptions = (t: Target, user = t.user) => `${serverOptions(t)} -U ${arg(user)}`;

/**
 * Why `error`, raised while opening the connection to `url`, is the operator's to fix, as one line with
 * the fix; null when it is something else (a bug, or an outage that waiting may cure), which stays as it is.
 *
 * SQLSTATE 3D000 invalid_catalog_name, 28P01 invalid_password, 28000 invalid_authorization_specification
 * (no such role, or no pg_hba.conf entry), 42501 insufficient_privilege (no CONNECT on the database);
 * socket errors ECONNREFUSED, ENOTFOUND/EAI_AGAIN, ETIMEDOUT/EHOSTUNREACH/ENETUNREACH; and the messages
 * `pg` raises without a code (connect timeout, a password asked for but not given, SSL refused).
 */
export function databaseConnectionError(error: unknown, url: string): DatabaseConnectionError | null {
  let t: Target;
  try {
    t = target(url);
  } catch {
    return null;
  }
  const at = `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  const problem = (line: string) => new DatabaseConnectionError(`DATABASE_URL: ${line}`, { cause: error });
  for (const e of errorChain(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    switch (code) {
      case '3D000':
        return problem(
          `database "${t.database}" does not exist on ${at}: create it with ` +
            `createdb ${connectOptions(t)} ${arg(t.database)} (or name an existing database in DATABASE_URL)`,
        );
      case '28P01':
        return problem(
          `the server at ${at} refused the password of user "${t.user}": ` +
            `correct the password in DATABASE_URL (postgres://${t.user}:PASSWORD@${at}/${t.database})`,
        );
      case '28000':
        if (/^role ".*" does not exist$/.test(message)) {
          return problem(
            `role "${t.user}" does not exist on ${at}: create it with ` +
              `createuser ${connectOptions(t, 'postgres')} --pwprompt ${arg(t.user)} (or name an existing role in DATABASE_URL)`,
          );
        }
        return problem(
          `the server at ${at} refuses user "${t.user}" on database "${t.database}" (${message}): ` +
            `allow the connection in the server's pg_hba.conf, or connect as a user and from a host it allows`,
        );
      case '42501':
        return problem(
          `user "${t.user}" may not connect to database "${t.database}" on ${at} (${message}): ` +
            `grant it with psql ${connectOptions(t, 'postgres')} -c 'GRANT CONNECT ON DATABASE "${t.database}" TO "${t.user}"'`,
        );
      case 'ECONNREFUSED':
        return problem(
          `no PostgreSQL server accepts connections at ${at} (connection refused): start the server ` +
            `(pg_isready ${serverOptions(t)} tells when it accepts), or correct the host and port in DATABASE_URL`,
        );
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return problem(`host "${t.host}" was not found (DNS: ${code}): correct the host in DATABASE_URL`);
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return problem(
          `${at} cannot be reached (${code}): check that the server runs and that the network ` +
            `(a firewall, a VPN) lets this machine reach it, or correct the host and port in DATABASE_URL`,
        );
    }
    if (/^(timeout exceeded when trying to connect|Connection terminated due to connection timeout)$/.test(message)) {
      return problem(
        `${at} did not answer in time (DB_ACQUIRE_TIMEOUT_MS): check that the server runs and that the ` +
          `network (a firewall) lets this machine reach it, or correct the host and port in DATABASE_URL`,
      );
    }
    if (/client password must be a string/.test(message)) {
      return problem(
        `the server at ${at} asks a password of user "${t.user}" and DATABASE_URL gives none: ` +
          `add it (postgres://${t.user}:PASSWORD@${at}/${t.database})`,
      );
    }
    if (/^The server does not support SSL connections$/.test(message)) {
      return problem(`the server at ${at} does not accept SSL: remove sslmode (or ssl) from DATABASE_URL`);
    }
  }
  return null;
}

import { createServer } from 'node:net';
import { ConfigError } from '@app/core';
import { Client, DatabaseError } from 'pg';
import { DatabaseConnectionError, databaseConnectionError } from './database-connection-error';

/** A server refusal as `pg` reports it. */
function refused(code: string, message: string) {
  const error = new DatabaseError(message, 0, 'error');
  error.code = code;
  return error;
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

/** What `pg` raises when it connects to `url`. */
async function connectError(url: string): Promise<unknown> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  return client.connect().then(
    async () => {
      await client.end();
      throw new Error(`${url} accepted the connection`);
    },
    (error: unknown) => error,
  );
}

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(databaseConnectionError.name, () => {
  const url = 'postgres://governance:secret@db.example:5433/governance';

  it.each([
    [
      '3D000 database does not exist',
      refused('3D000', 'database "governance" does not exist'),
      'DATABASE_URL: database "governance" does not exist on db.example:5433: create it with ' +
        'createdb -h db.example -p 5433 -U governance governance (or name an existing database in DATABASE_URL)',
    ],
    [
      '28P01 wrong password',
      refused('28P01', 'password authentication failed for user "governance"'),
      'DATABASE_URL: the server at db.example:5433 refused the password of user "governance": ' +
        'correct the password in DATABASE_URL (postgres://governance:PASSWORD@db.example:5433/governance)',
    ],
    [
      '28000 no such role',
      refused('28000', 'role "governance" does not exist'),
      'DATABASE_URL: role "governance" does not exist on db.example:5433: create it with ' +
        'createuser -h db.example -p 5433 -U postgres --pwprompt governance (or name an existing role in DATABASE_URL)',
    ],
    [
      '28000 no pg_hba.conf entry',
      refused(
        '28000',
        'no pg_hba.conf entry for host "10.0.0.7", user "governance", database "governance", no encryption',
      ),
      'DATABASE_URL: the server at db.example:5433 refuses user "governance" on database "governance" ' +
        '(no pg_hba.conf entry for host "10.0.0.7", user "governance", database "governance", no encryption): ' +
        "allow the connection in the server's pg_hba.conf, or connect as a user and from a host it allows",
    ],
    [
      '42501 no CONNECT privilege',
      refused('42501', 'permission denied for database "governance"'),
      'DATABASE_URL: user "governance" may not connect to database "governance" on db.example:5433 ' +
        '(permission denied for database "governance"): grant it with psql -h db.example -p 5433 -U postgres ' +
        `-c 'GRANT CONNECT ON DATABASE "governance" TO "governance"'`,
    ],
    [
      'ECONNREFUSED',
      withCode('connect ECONNREFUSED 10.0.0.5:5433', 'ECONNREFUSED'),
      'DATABASE_URL: no PostgreSQL server accepts connections at db.example:5433 (connection refused): start ' +
        'the server (pg_isready -h db.example -p 5433 tells when it accepts), or correct the host and port in DATABASE_URL',
    ],
    [
      'ENOTFOUND',
      withCode('getaddrinfo ENOTFOUND db.example', 'ENOTFOUND'),
      'DATABASE_URL: host "db.example" was not found (DNS: ENOTFOUND): correct the host in DATABASE_URL',
    ],
    [
      'EHOSTUNREACH',
      withCode('connect EHOSTUNREACH 10.0.0.5:5433', 'EHOSTUNREACH'),
      'DATABASE_URL: db.example:5433 cannot be reached (EHOSTUNREACH): check that the server runs and that the ' +
        'network (a firewall, a VPN) lets this machine reach it, or correct the host and port in DATABASE_URL',
    ],
    [
      'a connect timeout',
      new Error('timeout exceeded when trying to connect'),
      'DATABASE_URL: db.example:5433 did not answer in time (DB_ACQUIRE_TIMEOUT_MS): check that the server runs ' +
        'and that the network (a firewall) lets this machine reach it, or correct the host and port in DATABASE_URL',
    ],
    [
      'a password asked for and not given',
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      'DATABASE_URL: the server at db.example:5433 asks a password of user "governance" and DATABASE_URL gives ' +
        'none: add it (postgres://governance:PASSWORD@db.example:5433/governance)',
    ],
  ])('%s: one line naming the problem and the fix', (_name, error, line) => {
    const sut = databaseConnectionError(error, url);
    expect(sut).toBeInstanceOf(DatabaseConnectionError);
    expect(sut).toBeInstanceOf(ConfigError); // exit code 78 at both entry points
    expect(sut!.message).toBe(line);
    expect(sut!.message).not.toContain('\n');
    expect(sut!.message).not.toContain('secret'); // the password never reaches the log
    expect(sut!.cause).toBe(error);
  });

  it('finds the reason inside what wraps it (TypeORM driverError, cause, the attempts of a dual-stack connect)', () => {
    const refusedTwice = new AggregateError(
      [
        withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'),
        withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      ],
      'connect ECONNREFUSED',
    );
    const sut = databaseConnectionError(new Error('outer', { cause: refusedTwice }), 'postgres://app@localhost/app');
    expect(sut?.message).toBe(
      'DATABASE_URL: no PostgreSQL server accepts connections at localhost:5432 (connection refused): start the ' +
        'server (pg_isready -h localhost tells when it accepts), or correct the host and port in DATABASE_URL',
    );
  });

  it('names the database after the user when the URL names none, and quotes names a shell would split', () => {
    const sut = databaseConnectionError(
      refused('3D000', 'database "x" does not exist'),
      'postgresql://my%20user@[::1]:5432',
    );
    expect(sut?.message).toBe(
      `DATABASE_URL: database "my user" does not exist on [::1]:5432: create it with createdb -h ::1 -U 'my user' ` +
        `'my user' (or name an existing database in DATABASE_URL)`,
    );
  });

  it.each([
    ['a unique violation', refused('23505', 'duplicate key value violates unique constraint')],
    ['a bug', new TypeError('x is not a function')],
    ['an outage that waiting may cure (too many connections)', refused('53300', 'sorry, too many clients already')],
    ['not an error at all', 'a string'],
  ])('leaves %s as it is', (_name, error) => {
    expect(databaseConnectionError(error, url)).toBeNull();
  });

  describe('with what `pg` really raises (the server refusals: database-connection-errors.e2e-spec.ts)', () => {
    it('a closed port (ECONNREFUSED)', async () => {
      const to = `postgres://postgres@127.0.0.1:${await closedPort()}/test`;
      expect(databaseConnectionError(await connectError(to), to)?.message).toMatch(
        /^DATABASE_URL: no PostgreSQL server accepts connections at 127\.0\.0\.1:\d+ \(connection refused\)/,
      );
    });
  });
});

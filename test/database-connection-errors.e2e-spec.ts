import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { refusingPostgres, RefusingPostgres } from '@app/testing';
import { API_MAIN, CLI_MAIN, runToExit, STACK_LINE } from './source-process';

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * An operator's DATABASE_URL mistakes, through the real entry points (`npm start`, `npm run cli -- migrate`
 * and `seed`): each ends the process with exit code 78 and one line naming the problem and the fix, and
 * nothing else at the CLI's default log level. The mapping of every refusal is unit-tested
 * (database-connection-error.spec.ts); these run one process each, the whole service loading every time.
 *
 * A missing database is asked of the PostgreSQL server under test when DATABASE_URL is set; the test
 * server trusts every local connection, so a wrong password (and, on the embedded database, a missing
 * database) is refused by a stand-in server that answers as PostgreSQL does.
 */
describe('DATABASE_URL mistakes stop the process with exit code 78 and one line (e2e)', () => {
  const env = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const missingName = `no_such_db_${randomBytes(4).toString('hex')}`;
  const servers: RefusingPostgres[] = [];
  const urls: Record<'missing database' | 'closed port' | 'wrong password', string> = {
    'missing database': '',
    'closed port': '',
    'wrong password': '',
  };

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${missingName}`;
      urls['missing database'] = url.toString();
    } else {
      const server = await refusingPostgres({ code: '3D000', message: `database "${missingName}" does not exist` });
      servers.push(server);
      urls['missing database'] = `postgres://postgres@127.0.0.1:${server.port}/${missingName}`;
    }
    urls['closed port'] = `postgres://postgres@127.0.0.1:${await closedPort()}/governance`;
    const wrongPassword = await refusingPostgres({
      code: '28P01',
      message: 'password authentication failed for user "governance"',
      askPassword: true,
    });
    servers.push(wrongPassword);
    urls['wrong password'] = `postgres://governance:not-the-password@127.0.0.1:${wrongPassword.port}/governance`;
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const expected: Record<keyof typeof urls, RegExp> = {
    'missing database': new RegExp(
      `^DATABASE_URL: database "${missingName}" does not exist on [\\w.:[\\]]+: create it with createdb -h \\S+( -p \\d+)? -U \\S+ ${missingName} `,
    ),
    'closed port':
      /^DATABASE_URL: no PostgreSQL server accepts connections at 127\.0\.0\.1:\d+ \(connection refused\): start the server \(pg_isready -h 127\.0\.0\.1 -p \d+ tells when it accepts\)/,
    'wrong password':
      /^DATABASE_URL: the server at 127\.0\.0\.1:\d+ refused the password of user "governance": correct the password in DATABASE_URL \(postgres:\/\/governance:PASSWORD@127\.0\.0\.1:\d+\/governance\)$/,
  };

  it.each([
    ['the server', 'missing database', API_MAIN, []],
    ['the server', 'closed port', API_MAIN, []],
    ['the server', 'wrong password', API_MAIN, []],
    ['migrate', 'missing database', CLI_MAIN, ['migrate']],
    ['seed', 'closed port', CLI_MAIN, ['seed']],
    ['migrate', 'wrong password', CLI_MAIN, ['migrate']],
  ] as const)(
    '%s, given a DATABASE_URL with a %s',
    async (_who, mistake, entry, args) => {
      const { code, output } = await runToExit(entry, [...args], { ...env, DATABASE_URL: urls[mistake] }, 230_000);
      const lines = output.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(expected[mistake]);
      expect(output).not.toMatch(STACK_LINE);
      expect(output).not.toContain('not-the-password');
      expect(code).toBe(78);
    },
    240_000,
  );
});

import { createServer } from 'node:net';
import { Client, DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { describeUnavailability, isDatabaseUnavailable } from './database-availability';

/** A server error as `pg` reports it, wrapped as TypeORM throws it from a query. */
function queryFailed(code: string, message = 'server said no') {
  const driverError = new DatabaseError(message, 0, 'error');
  driverError.code = code;
  return new QueryFailedError('SELECT 1', [], driverError);
}

function withCode(message: string, code: string) {
  return Object.assign(new Error(message), { code });
}

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(isDatabaseUnavailable.name, () => {
  it.each([
    [
      'statement_timeout fired (57014 query_canceled)',
      queryFailed('57014', 'canceling statement due to statement timeout'),
    ],
    ['administrator shutdown (57P01)', queryFailed('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', queryFailed('57P02')],
    ['server starting up (57P03)', queryFailed('57P03', 'the database system is starting up')],
    ['connection exception class 08 (08006)', queryFailed('08006')],
    ['connection does not exist (08003)', queryFailed('08003')],
    ['too many connections (53300)', queryFailed('53300')],
    ['lock_timeout fired (55P03)', queryFailed('55P03')],
    ['idle-in-transaction session timeout (25P03)', queryFailed('25P03')],
    ['refused TCP connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['reset TCP connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['client-side read timeout of a stalled server', new Error('Query read timeout')],
    ['closed client', new Error('Client was closed and is not queryable')],
    ['TypeORM wrapping a lost connection', new QueryFailedError('COMMIT', [], new Error('Connection terminated'))],
    ['a cause chain', new Error('outer', { cause: withCode('inner', 'ECONNREFUSED') })],
    [
      'a dual-stack connect refused on every address (AggregateError)',
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all attempts failed'),
    ],
  ])('%s means the database is unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation (23505)', queryFailed('23505', 'duplicate key value violates unique constraint')],
    ['serialization failure (40001)', queryFailed('40001')],
    ['syntax error (42601)', queryFailed('42601')],
    ['invalid text representation (22P02)', queryFailed('22P02')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that merely mentions a timeout', new Error('timeout while rendering the report')],
    ['not an error', 'Connection terminated'],
    ['null', null],
  ])('%s does not', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('recognises what pg really raises when nothing listens on the port', async () => {
    const client = new Client({ host: '127.0.0.1', port: await closedPort(), user: 'x', database: 'x' });
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('describes an outage by its code and message, without a stack', () => {
    const text = describeUnavailability(queryFailed('57014', 'canceling statement due to statement timeout'));
    expect(text).toBe('57014: canceling statement due to statement timeout');
  });
});

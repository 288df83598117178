import { createServer, Server, Socket } from 'node:net';
import { Client } from 'pg';
import { StallSafeClient } from './data-source';

/**
 * A PostgreSQL server that stops answering after sign-in, as a SIGSTOPped server does: it completes the
 * start-up handshake (AuthenticationOk, ReadyForQuery) and then reads queries without ever replying.
 */
async function stalledServer(): Promise<{ port: number; closed: Promise<void>; server: Server }> {
  let onClose!: () => void;
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  const server = createServer((socket: Socket) => {
    socket.once('data', () => {
      const authenticationOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]); // 'R', length 8, 0 = ok
      const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]); // 'Z', length 5, 'I' = idle
      socket.write(Buffer.concat([authenticationOk, readyForQuery]));
    });
    socket.on('close', onClose);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, closed, server };
}

const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'answered',
    (e: Error) => e.message,
  );

describe(StallSafeClient.name, () => {
  it('closes its connection when a query read times out, so nothing queues behind the unanswered query', async () => {
    const { port, closed, server } = await stalledServer();
    const sut = new StallSafeClient({ host: '127.0.0.1', port, user: 'u', database: 'd', query_timeout: 200 });
    try {
      await sut.connect();
      expect(await settle(sut.query('SELECT 1'))).toBe('Query read timeout');
      await closed; // the server sees the connection go
      // The ROLLBACK that follows a failed statement fails at once instead of waiting behind it.
      expect(await settle(sut.query('ROLLBACK'))).toMatch(/not queryable/);
    } finally {
      await sut.end().catch(() => undefined);
      server.close();
    }
  });

  it('differs from the plain pg client, which keeps the connection and queues the next query behind', async () => {
    const { port, server } = await stalledServer();
    const plain = new Client({ host: '127.0.0.1', port, user: 'u', database: 'd', query_timeout: 200 });
    try {
      await plain.connect();
      expect(await settle(plain.query('SELECT 1'))).toBe('Query read timeout');
      expect(await settle(plain.query('ROLLBACK'))).toBe('Query read timeout');
    } finally {
      server.close();
      await plain.end().catch(() => undefined);
    }
  });
});

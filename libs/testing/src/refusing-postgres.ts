import { createServer, Socket } from 'node:net';

/** How the stand-in server refuses a connection: the SQLSTATE and message PostgreSQL would send. */
export interface Refusal {
  code: string;
  message: string;
  /** Ask for a password first (AuthenticationCleartextPassword), and refuse once it is sent: a wrong password. */
  askPassword?: boolean;
}

export interface RefusingPostgres {
  port: number;
  close(): Promise<void>;
}

/** A backend message: type byte, length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

/** An ErrorResponse at FATAL severity, as PostgreSQL ends a connection it refuses. */
function fatal({ code, message: text }: Refusal): Buffer {
  const field = (tag: string, value: string) => Buffer.from(`${tag}${value}\0`);
  return message(
    'E',
    Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', code), field('M', text), Buffer.from([0])]),
  );
}

/**
 * A stand-in PostgreSQL server on loopback that speaks just enough of the protocol (v3) to refuse every
 * connection the way a real server does (a wrong password, a pg_hba.conf rule), for the refusals the test
 * server, which trusts every local connection, cannot produce.
 */
export async function refusingPostgres(refusal: Refusal): Promise<RefusingPostgres> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let startup = true;
    socket.on('data', (data) => {
      if (startup) {
        startup = false;
        if (!refusal.askPassword) return void socket.end(fatal(refusal));
        const cleartext = Buffer.alloc(4);
        cleartext.writeInt32BE(3);
        return void socket.write(message('R', cleartext));
      }
      if (data[0] === 'p'.charCodeAt(0)) socket.end(fatal(refusal));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

import type { ClientBase, Submittable } from 'pg';

/** The part of pg's connection a submitted query uses. */
interface Connection {
  query(text: string): void;
}

/**
 * `COPY ... TO STDOUT` on a `pg` client, its whole output gathered in one buffer: a query object `pg` runs
 * like any other (queued behind the client's other queries, its errors and `query_timeout` included), which
 * copies each CopyData message's bytes as they arrive (pg's parser may reuse the memory it read them into).
 * For outputs that fit in memory, such as one batch of a chain.
 */
class CopyOut implements Submittable {
  /** Set by pg's `client.query` when a read timeout applies; called once, when the COPY ends. */
  callback?: (error: Error | null, result?: unknown) => void;
  private data: Buffer;
  private length = 0;
  private settled = false;
  readonly done: Promise<Buffer>;
  private resolve!: (data: Buffer) => void;
  private reject!: (error: Error) => void;

  constructor(
    private readonly text: string,
    expectedBytes: number,
  ) {
    this.data = Buffer.allocUnsafeSlow(Math.max(64 * 1024, expectedBytes));
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    const { chunk } = message;
    if (this.length + chunk.length > this.data.length) {
      let size = this.data.length * 2;
      while (size < this.length + chunk.length) size *= 2;
      const larger = Buffer.allocUnsafeSlow(size);
      this.data.copy(larger, 0, 0, this.length);
      this.data = larger;
    }
    this.length += chunk.copy(this.data, this.length);
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  handleError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.callback?.(error);
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    const data = this.data.subarray(0, this.length);
    this.callback?.(null, data);
    this.resolve(data);
  }
}

/**
 * The output of a `COPY ... TO STDOUT` statement run on the client. `expectedBytes` sizes the buffer first
 * (e.g. the previous batch's size and some): growing it copies what was read so far.
 */
export function copyOut(client: ClientBase, text: string, expectedBytes = 256 * 1024): Promise<Buffer> {
  const query = new CopyOut(text, expectedBytes);
  client.query(query);
  return query.done;
}

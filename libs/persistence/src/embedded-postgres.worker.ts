/**
 * The embedded PostgreSQL's worker thread (see EmbeddedPostgresThread): starts PGlite and its wire-protocol
 * server, posts the address, and stops both when asked. The data directory's lock is held by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedWorkerMessage, servePglite } from './embedded-postgres';

const port = parentPort!;
const post = (message: EmbeddedWorkerMessage) => port.postMessage(message);
const { location, maxConnections } = workerData as { location: string | undefined; maxConnections: number };

servePglite(location, maxConnections).then(
  ({ db, server, url, cluster }) => {
    port.once('message', () => {
      server
        .stop()
        .then(() => db.close())
        .then(
          () => post({ stopped: true }),
          (error: unknown) => post({ failed: error }),
        );
    });
    post({ started: { url, cluster } });
  },
  (error: unknown) => post({ failed: error }),
);

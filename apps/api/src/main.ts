import 'reflect-metadata';
import { AddressInfo } from 'node:net';
// Only the configuration and the embedded database here: the rest (Nest, GraphQL, the service's modules: seconds
// of loading) is required once the database has begun starting, so that both go on at once.
import { AppConfig, ConfigError, loadConfig } from '@app/core/config/config.schema';
import { startEmbeddedEarly } from '@app/persistence/embedded-postgres';
import type { Logger } from 'pino';
import type * as Bootstrap from './bootstrap';

const EX_CONFIG = 78;

async function main() {
  const config: AppConfig = loadConfig();
  startEmbeddedEarly(config);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp, LOGGER } = require('./bootstrap') as typeof Bootstrap;
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  app.get<Logger>(LOGGER).info({ address, port }, `listening on http://${host}:${port}/graphql`);
}

main().catch((error) => {
  // A configuration problem (a bad variable, a data directory in use) is the operator's to fix: the
  // message names it, and a stack would only hide it.
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(EX_CONFIG);
  }
  console.error(error);
  process.exit(1);
});

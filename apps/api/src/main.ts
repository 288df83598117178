import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { AppConfig, ConfigError, LOGGER, loadConfig } from '@app/core';
import type { Logger } from 'pino';
import { createApp } from './bootstrap';

const EX_CONFIG = 78;

async function main() {
  const config: AppConfig = loadConfig();
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

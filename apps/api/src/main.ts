import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/core';
import { createApp } from './bootstrap';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, '0.0.0.0');
  console.log(JSON.stringify({ level: 'info', msg: `listening on http://localhost:${config.PORT}/graphql` }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

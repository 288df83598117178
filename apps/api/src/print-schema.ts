import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { loadConfig } from '@app/core';
import { printSchema } from 'graphql';
import { createApp } from './bootstrap';

/** Writes the generated GraphQL schema to schema.gql (committed, so API changes show in diffs). */
async function main() {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: undefined,
    DATA_DIR: 'memory://',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
  });
  const app = await createApp(config);
  const file = resolve(process.cwd(), 'schema.gql');
  writeFileSync(file, printSchema(app.get(GraphQLSchemaHost).schema) + '\n');
  await app.close();
  console.log(`wrote ${file}`);
}

void main();

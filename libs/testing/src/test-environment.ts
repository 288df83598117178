import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { AppConfig, loadConfig } from '@app/core';
import { DATA_SOURCE } from '@app/persistence';
import { DataSource } from 'typeorm';
import { createApp, seedDemoData } from '../../../apps/api/src/bootstrap';
import { GraphqlClient } from './graphql-client';
import { createTestDatabase, TestDatabase } from './test-database';

export const DEMO_PASSWORD = 'demo-password-for-tests';

/** The seeded demo users by the name tests use for them. */
export const DEMO_USERS = {
  admin: 'admin@example.org',
  requester: 'requester@example.org',
  reviewer: 'reviewer@example.org',
  approver1: 'approver1@example.org',
  approver2: 'approver2@example.org',
  approver3: 'approver3@example.org',
  auditor: 'auditor@example.org',
  policy: 'policy@example.org',
  otherRequester: 'requester@other.example',
} as const;
export type DemoUser = keyof typeof DEMO_USERS;

export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken expiresAt user { id email } }
}`;

export interface TestEnvironment {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  dataSource: DataSource;
  /** An anonymous client. */
  anonymous: GraphqlClient;
  /** Signs in a demo user (cached per environment). */
  as(user: DemoUser): Promise<GraphqlClient>;
  login(email: string, password: string): Promise<GraphqlClient>;
  close(): Promise<void>;
}

/**
 * Starts the real service on a database of its own (fresh PostgreSQL database when DATABASE_URL is set,
 * embedded in-memory PostgreSQL otherwise), seeded with the demo organisations, listening on a free port.
 */
export async function createTestEnvironment(env: Record<string, string> = {}): Promise<TestEnvironment> {
  const database: TestDatabase = await createTestDatabase();
  // The service refuses to seed the demo users in production; a test of production mode still signs in as them.
  const production = env.NODE_ENV === 'production';
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: 'memory://',
    DEMO_PASSWORD,
    SEED_DEMO: production ? 'false' : 'true',
    // Every test client signs in from 127.0.0.1: the per-address limit is tested where it is set low.
    LOGIN_IP_MAX_PER_MINUTE: '10000',
    MOT_DATA_DIR: process.env.MOT_DATA_DIR,
    // A database server is shared by processes that must agree on a secret: JWT_SECRET is required there.
    ...(database.url ? { DATABASE_URL: database.url, JWT_SECRET: randomBytes(32).toString('hex') } : {}),
    ...env,
  });
  const app = await createApp(config);
  if (production) await seedDemoData(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const anonymous = new GraphqlClient(baseUrl);
  const sessions = new Map<string, GraphqlClient>();

  const login = async (email: string, password: string) => {
    const data = await anonymous.ok<{ login: { accessToken: string } }>(LOGIN, { email, password });
    return anonymous.withToken(data.login.accessToken);
  };

  return {
    app,
    config,
    baseUrl,
    dataSource: app.get<DataSource>(DATA_SOURCE),
    anonymous,
    login,
    async as(user: DemoUser) {
      let client = sessions.get(user);
      if (!client) {
        client = await login(DEMO_USERS[user], DEMO_PASSWORD);
        sessions.set(user, client);
      }
      return client;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

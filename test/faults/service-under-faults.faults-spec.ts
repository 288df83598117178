import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  ApiProcess,
  DEMO_PASSWORD,
  DEMO_USERS,
  DemoUser,
  GraphqlClient,
  LOGIN,
  modelId,
  startApiProcess,
} from '@app/testing';
import { ThrowawayPostgres } from './throwaway-postgres';
import { lostWrites, WriteBurst } from './write-burst';

/**
 * The service against a real PostgreSQL 15 of the suite's own (never the machine's server), under the
 * faults of production: the database killed and restarted, the database stalled (every process
 * SIGSTOPped), and the API process SIGKILLed, each in the middle of a burst of audited writes. After each:
 * every acknowledged write is there with its audit event, the audit chain verifies, and the service
 * serves again without a restart of its own. Timeouts are the configured defaults.
 *
 * Tests assert behaviour; the timings seen (first 503 after the fault, /ready and /health latency,
 * recovery) are printed and, with FAULTS_MEASUREMENTS=<file>, written as JSON for RELIABILITY.md.
 */
jest.setTimeout(600_000);

const measurements: Record<string, number | string> = {};
let postgres: ThrowawayPostgres;

beforeAll(async () => {
  postgres = await ThrowawayPostgres.create();
});

afterAll(() => {
  postgres?.destroy();
  console.info(`fault suite measurements (ms):\n${JSON.stringify(measurements, null, 2)}`);
  if (process.env.FAULTS_MEASUREMENTS)
    writeFileSync(process.env.FAULTS_MEASUREMENTS, JSON.stringify(measurements, null, 2));
});

/** One scenario's service: a database of its own on the throwaway server and the built API on it. */
class Deployment {
  api!: ApiProcess;
  databaseUrl!: string;
  private readonly sessions = new Map<DemoUser, string>();
  private readonly env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DEMO_PASSWORD,
    EXPIRY_INTERVAL_SECONDS: '0',
    CHECKPOINT_INTERVAL_HOURS: '0',
    // The burst signs in once per user; the per-address sign-in limit is not under test here.
    LOGIN_IP_MAX_PER_MINUTE: '1000',
    ...(process.env.MOT_DATA_DIR ? { MOT_DATA_DIR: process.env.MOT_DATA_DIR } : {}),
  };

  async start(name: string) {
    this.databaseUrl = await postgres.createDatabase(`${name}_${randomBytes(3).toString('hex')}`);
    this.env.DATABASE_URL = this.databaseUrl;
    this.api = await startApiProcess({ ...this.env, SEED_DEMO: 'true' });
  }

  /** Starts the API again on the same database (no seeding: the data is there), as an orchestrator would. */
  async restartApi() {
    this.api = await startApiProcess({ ...this.env, SEED_DEMO: 'false' });
  }

  /** A client of `user` aimed at the current API process (tokens outlive a restart: one JWT_SECRET). */
  async as(user: DemoUser): Promise<GraphqlClient> {
    let token = this.sessions.get(user);
    if (!token) {
      const data = await new GraphqlClient(this.api.baseUrl).ok<{ login: { accessToken: string } }>(LOGIN, {
        email: DEMO_USERS[user],
        password: DEMO_PASSWORD,
      });
      token = data.login.accessToken;
      this.sessions.set(user, token);
    }
    return new GraphqlClient(this.api.baseUrl, token);
  }

  async get(path: string): Promise<{ status: number; ms: number; retryAfter: string | null }> {
    const started = Date.now();
    const res = await fetch(`${this.api.baseUrl}${path}`, { signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - started, retryAfter: res.headers.get('retry-after') };
  }

  /** Verifies the audit chain of the demo organisation through the API, as an auditor does. */
  async verifyChain() {
    const auditor = await this.as('auditor');
    const data = await auditor.ok<{ verifyAuditChain: { valid: boolean; checked: number; reason: string | null } }>(
      `query { verifyAuditChain { valid checked reason } }`,
    );
    return data.verifyAuditChain;
  }

  async stop() {
    await this.api?.stop();
  }
}

/** The checks every scenario ends with: nothing acknowledged lost, the chain intact, service resumed. */
async function expectNothingLost(deployment: Deployment, burst: WriteBurst) {
  expect(burst.acknowledged.length).toBeGreaterThan(0);
  expect(await lostWrites(deployment.databaseUrl, burst.acknowledged)).toEqual({
    missing: [],
    unsubmitted: [],
    unaudited: [],
  });
  const chain = await deployment.verifyChain();
  expect(chain).toMatchObject({ valid: true, reason: null });
  expect(chain.checked).toBeGreaterThanOrEqual(burst.acknowledged.length);
}

describe('PostgreSQL killed and restarted during a burst of writes', () => {
  const deployment = new Deployment();
  afterAll(() => deployment.stop());

  it('answers 503 with Retry-After while it is down, recovers by itself, and loses nothing acknowledged', async () => {
    await deployment.start('faults_kill');
    const requester = await deployment.as('requester');
    await deployment.as('auditor');
    const burst = new WriteBurst(() => requester, await modelId(requester, 'Mistral 7B v0.1'));
    try {
      await burst.until('writes acknowledged before the fault', () => burst.acknowledged.length >= 20);
      const killedAt = Date.now();
      await postgres.killImmediately();
      measurements.postgresImmediateStopMs = Date.now() - killedAt;
      await burst.until('outage answers while the database is down', () => burst.outageAnswers.length >= 8);
      measurements.killFirst503Ms = burst.outageAnswers[0] - killedAt;
      const ready = await deployment.get('/ready');
      const health = await deployment.get('/health');
      expect(ready.status).toBe(503);
      expect(Number(ready.retryAfter)).toBeGreaterThan(0);
      expect(health.status).toBe(200);
      measurements.killReadyMs = ready.ms;
      measurements.killHealthMs = health.ms;

      const restartedAt = Date.now();
      await postgres.start();
      const upAt = Date.now();
      measurements.postgresRestartMs = upAt - restartedAt;
      await burst.until('writes acknowledged after the restart', () => burst.acknowledgedSince(upAt) >= 10);
      measurements.killFirstAckAfterRestartMs = burst.acknowledged.find((a) => a.at >= upAt)!.at - upAt;
    } finally {
      await burst.stop();
    }
    measurements.killAcknowledged = burst.acknowledged.length;
    measurements.killOutageAnswers = burst.outageAnswers.length;
    expect(burst.unexpected).toEqual([]);
    expect({ unreachable: burst.unreachable, api: burst.unreachable.length ? deployment.api.output() : '' }).toEqual({
      unreachable: [],
      api: '',
    });
    expect((await deployment.get('/ready')).status).toBe(200);
    await expectNothingLost(deployment, burst);
  });
});

describe('PostgreSQL stalled (SIGSTOP) during a burst of writes', () => {
  const deployment = new Deployment();
  afterAll(() => {
    if (postgres?.postmasterPid()) postgres.resume();
    return deployment.stop();
  });

  it('answers 503 within the timeouts while it is stalled, /ready 503, /health 200, then recovers', async () => {
    await deployment.start('faults_stall');
    const requester = await deployment.as('requester');
    await deployment.as('auditor');
    const burst = new WriteBurst(() => requester, await modelId(requester, 'Mistral 7B v0.1'));
    let resumed = false;
    try {
      await burst.until('writes acknowledged before the fault', () => burst.acknowledged.length >= 20);
      const stalledAt = Date.now();
      postgres.stall();
      // Every client gets its answer while the database is still stopped: nothing waits for it to return.
      await burst.until('an outage answer for every client during the stall', () => burst.outageAnswers.length >= 4);
      measurements.stallFirst503Ms = burst.outageAnswers[0] - stalledAt;
      measurements.stallFourth503Ms = burst.outageAnswers[3] - stalledAt;
      const [ready, health] = await Promise.all([deployment.get('/ready'), deployment.get('/health')]);
      expect(ready.status).toBe(503);
      expect(health.status).toBe(200);
      measurements.stallReadyMs = ready.ms;
      measurements.stallHealthMs = health.ms;
      measurements.stallDurationMs = Date.now() - stalledAt;

      const resumedAt = Date.now();
      postgres.resume();
      resumed = true;
      await burst.until('writes acknowledged after the stall', () => burst.acknowledgedSince(resumedAt) >= 10);
      measurements.stallFirstAckAfterResumeMs = burst.acknowledged.find((a) => a.at >= resumedAt)!.at - resumedAt;
    } finally {
      if (!resumed) postgres.resume();
      await burst.stop();
    }
    measurements.stallAcknowledged = burst.acknowledged.length;
    measurements.stallOutageAnswers = burst.outageAnswers.length;
    expect(burst.unexpected).toEqual([]);
    expect(burst.unreachable).toEqual([]);
    expect((await deployment.get('/ready')).status).toBe(200);
    await expectNothingLost(deployment, burst);
  });
});

describe('the API process SIGKILLed during a burst of writes', () => {
  const deployment = new Deployment();
  afterAll(() => deployment.stop());

  it('keeps every acknowledged write and an intact chain after a restart', async () => {
    await deployment.start('faults_sigkill');
    let requester = await deployment.as('requester');
    await deployment.as('auditor');
    const burst = new WriteBurst(() => requester, await modelId(requester, 'Mistral 7B v0.1'));
    try {
      await burst.until('writes acknowledged before the fault', () => burst.acknowledged.length >= 20);
      process.kill(deployment.api.pid, 'SIGKILL');
      await deployment.api.stop(); // reaps the killed process
      await burst.until('clients see the process gone', () => burst.unreachable.length >= 4);
      const restartedAt = Date.now();
      await deployment.restartApi();
      measurements.apiRestartMs = Date.now() - restartedAt;
      requester = await deployment.as('requester');
      await burst.until('writes acknowledged by the new process', () => burst.acknowledgedSince(restartedAt) >= 10);
    } finally {
      await burst.stop();
    }
    measurements.sigkillAcknowledged = burst.acknowledged.length;
    expect(burst.unexpected).toEqual([]);
    await expectNothingLost(deployment, burst);
  });
});

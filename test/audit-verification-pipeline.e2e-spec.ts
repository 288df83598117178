import { randomUUID } from 'node:crypto';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import {
  AuditHashWorkers,
  AuditVerificationExtensions,
  AuditVerificationService,
  AuditVerificationTuning,
  verifyChain,
} from '@app/audit';
import { buildChain, HashedEvent } from '@app/audit/testing';
import { createTestEnvironment, TestEnvironment } from '@app/testing';

const COLUMNS =
  'organisation_id seq occurred_at actor_id actor_label actor_roles action subject_type subject_id ' +
  'from_state to_state payload request_id correlation_id previous_hash hash';
const EVENTS = 120;

/**
 * Verification reads a chain in batches ahead of the hashing, which runs in worker threads, and merges the
 * batches' results in order. Whatever the batch size, and whether or not threads hash, the report must be
 * the one an event-by-event walk gives: the first break, its reason, the events checked before it.
 */
describe('audit verification pipeline (e2e)', () => {
  let env: TestEnvironment;
  const workers = new AuditHashWorkers(2);
  const tunings: Array<[string, AuditVerificationTuning]> = [
    ['one batch, calling thread', { batchSize: 10_000, workersFrom: Number.MAX_SAFE_INTEGER }],
    ['batches of 7, worker threads', { batchSize: 7, workersFrom: 1 }],
    ['batches of 50, worker threads', { batchSize: 50, workersFrom: 1 }],
    ['batches of 7, calling thread', { batchSize: 7, workersFrom: Number.MAX_SAFE_INTEGER }],
  ];

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => {
    await workers.close();
    await env?.close();
  });

  async function verifyAll(orgId: string, range: { fromSeq?: number; toSeq?: number } = {}) {
    const ctx = RequestContext.system('pipeline-spec', env.dataSource.manager, orgId);
    const reports = [];
    for (const [, tuning] of tunings) {
      const sut = new AuditVerificationService(env.app.get(Db), new AuditVerificationExtensions(), workers, tuning);
      const { valid, checked, firstInvalidSeq, reason, headSeq, headHash } = await sut.verify(ctx, range);
      reports.push({ valid, checked, firstInvalidSeq, reason, headSeq, headHash });
    }
    return reports;
  }

  /** A fresh organisation whose chain is built as the service builds it, then damaged; its head stored. */
  async function scenario(damage: (events: HashedEvent[]) => void, headOf?: (events: HashedEvent[]) => HashedEvent) {
    const orgId = randomUUID();
    const events = buildChain(EVENTS, { organisationId: orgId });
    damage(events);
    await organisationWithId(orgId, events, headOf ? headOf(events) : events[events.length - 1]);
    return { id: orgId, events };
  }

  async function organisationWithId(id: string, events: HashedEvent[], head: HashedEvent) {
    await env.dataSource.query(`INSERT INTO organisation (id, slug, name) VALUES ($1, $2, $2)`, [
      id,
      `pipeline-${id.slice(0, 8)}`,
    ]);
    const width = COLUMNS.split(' ').length;
    const tuples = events.map((_, i) => `(${Array.from({ length: width }, (__, c) => `$${i * width + c + 1}`)})`);
    const params = events.flatMap((e) => [
      id,
      e.seq,
      e.occurredAt,
      e.actorId,
      e.actorLabel,
      e.actorRoles,
      e.action,
      e.subjectType,
      e.subjectId,
      e.fromState,
      e.toState,
      JSON.stringify(e.payload),
      e.requestId,
      e.correlationId,
      e.previousHash,
      e.hash,
    ]);
    await env.dataSource.query(
      `INSERT INTO audit_event (${COLUMNS.split(' ').join(', ')}) VALUES ${tuples.join(',')}`,
      params,
    );
    await env.dataSource.query(`INSERT INTO audit_chain_head (organisation_id, seq, hash) VALUES ($1, $2, $3)`, [
      id,
      head.seq,
      head.hash,
    ]);
    return id;
  }

  it.each<[string, (events: HashedEvent[]) => void, { firstInvalidSeq: number | null; reason: string | null }]>([
    ['an intact chain', () => undefined, { firstInvalidSeq: null, reason: null }],
    [
      'a payload changed on the first event of a batch of 7',
      (e) => (e[7].payload = { changed: true }),
      { firstInvalidSeq: 8, reason: 'HASH_MISMATCH' },
    ],
    [
      'a payload changed on the last event of a batch of 50',
      (e) => (e[49].payload = { changed: true }),
      { firstInvalidSeq: 50, reason: 'HASH_MISMATCH' },
    ],
    ['an event removed where a batch of 7 starts', (e) => e.splice(14, 1), { firstInvalidSeq: 16, reason: 'GAP' }],
    ['a run of events removed across batches', (e) => e.splice(30, 60), { firstInvalidSeq: 91, reason: 'GAP' }],
    [
      'a hash rewritten on a batch boundary',
      (e) => (e[6].hash = 'f'.repeat(64)),
      { firstInvalidSeq: 7, reason: 'HASH_MISMATCH' },
    ],
    ['the first event removed', (e) => e.splice(0, 1), { firstInvalidSeq: 2, reason: 'GAP' }],
  ])('%s: every batch size reports what the event-by-event walk reports', async (_name, damage, expected) => {
    const { id, events } = await scenario(damage);
    const reference = verifyChain(events);
    expect(reference).toMatchObject(expected);
    const reports = await verifyAll(id);
    for (const report of reports) expect(report).toEqual(reference);
  });

  it('a chain cut short behind its stored head is TRUNCATED whatever the batch size', async () => {
    const { id } = await scenario(
      (e) => e.splice(100),
      (e) => ({ ...e[e.length - 1], seq: EVENTS, hash: 'a'.repeat(64) }),
    );
    for (const report of await verifyAll(id)) {
      expect(report).toMatchObject({ valid: false, reason: 'TRUNCATED', firstInvalidSeq: 101, checked: 100 });
    }
  });

  it('a range verifies from its predecessor and stops at its end, whatever the batch size', async () => {
    const { id, events } = await scenario((e) => (e[60].payload = { changed: true }));
    const [first, ...others] = await verifyAll(id, { fromSeq: 5, toSeq: 58 });
    expect(first).toMatchObject({ valid: true, checked: 54, headSeq: 58, headHash: events[57].hash });
    for (const report of others) expect(report).toEqual(first);
    for (const report of await verifyAll(id, { fromSeq: 20, toSeq: 90 })) {
      expect(report).toMatchObject({ valid: false, firstInvalidSeq: 61, reason: 'HASH_MISMATCH', checked: 41 });
    }
  });

  it("inside a transaction, batches are read on the transaction's connection and report the same", async () => {
    const { id, events } = await scenario((e) => (e[30].payload = { changed: true }));
    const reference = verifyChain(events);
    expect(reference).toMatchObject({ firstInvalidSeq: 31, reason: 'HASH_MISMATCH' });
    for (const [, tuning] of tunings) {
      const sut = new AuditVerificationService(env.app.get(Db), new AuditVerificationExtensions(), workers, tuning);
      const report = await env.dataSource.transaction(async (em) => {
        expect(em.queryRunner).toBeDefined();
        return sut.verify(RequestContext.system('pipeline-spec', em, id));
      });
      const { valid, checked, firstInvalidSeq, reason, headSeq, headHash } = report;
      expect({ valid, checked, firstInvalidSeq, reason, headSeq, headHash }).toEqual(reference);
    }
  });
});

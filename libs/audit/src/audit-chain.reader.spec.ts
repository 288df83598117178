import { types } from 'pg';
import { hashEvent } from './audit-chain';
import {
  ChainBatch,
  parseChainBatch,
  parseStoredTextArray,
  parseStoredTimestamp,
  verifyChainBatch,
} from './audit-chain.reader';
import { AuditHashWorkers } from './audit-hash-workers';
import { buildChain, HashedEvent, ORG_ID } from './checkpoint/audit-export.test-support';

const pgParser = types.getTypeParser as (oid: number) => (text: string) => unknown;

/** A batch as CHAIN_BATCH_SQL returns it: timestamps and arrays in PostgreSQL's text form. */
function batchOf(events: HashedEvent[]): ChainBatch {
  const pgTimestamp = (d: Date) =>
    d
      .toISOString()
      .replace('T', ' ')
      .replace(/\.?0*Z$/, '+00');
  const pgArray = (a: string[]) => `{${a.map((x) => (/^\w+$/.test(x) ? x : JSON.stringify(x))).join(',')}}`;
  const rows = events.map((e) => [
    String(e.seq),
    pgTimestamp(e.occurredAt),
    e.actorId,
    e.actorLabel,
    pgArray(e.actorRoles),
    e.action,
    e.subjectType,
    e.subjectId,
    e.fromState,
    e.toState,
    e.payload,
    e.requestId,
    e.correlationId,
    e.previousHash,
    e.hash,
  ]);
  return { organisation_id: ORG_ID, events: JSON.stringify(rows) };
}

describe('reading chain batches', () => {
  it.each([
    '2026-11-27 10:00:01+00',
    '2026-11-27 10:00:01.29+00',
    '2026-11-27 10:00:01.123456+00',
    '2026-11-27 10:00:01.999999+00',
    '1999-12-31 23:59:59.5+00',
    '0099-01-01 00:00:00+00',
    '2026-11-27 10:00:01.25+02',
    '2026-11-27 10:00:01-05:30',
    '0044-03-15 12:00:00+00 BC',
    'infinity',
  ])('reads the timestamp %s as pg does', (text) => {
    const expected = pgParser(1184)(text);
    expect(parseStoredTimestamp(text)).toEqual(expected);
  });

  it('reads every millisecond and many microseconds as pg does', () => {
    const base = Date.UTC(2026, 0, 1);
    for (let us = 0; us < 1_000_000; us += 13) {
      const frac = String(us).padStart(6, '0').replace(/0+$/, '');
      const text = `2026-01-01 00:00:00${frac ? `.${frac}` : ''}+00`;
      expect(parseStoredTimestamp(text).getTime()).toBe((pgParser(1184)(text) as Date).getTime());
    }
    expect(parseStoredTimestamp('2026-01-01 00:00:00.29+00').getTime()).toBe(base + 290);
  });

  it.each([
    '{}',
    '{APPROVER,REQUESTER}',
    '{NULL}',
    '{null,A}',
    '{"a b",c}',
    '{""}',
    '{"NULL"}',
    '{é}',
    '{{a,b},{c,d}}',
  ])('reads the array %s as pg does', (text) => expect(parseStoredTextArray(text)).toEqual(pgParser(1009)(text)));

  it('rebuilds the events, which verify', () => {
    const chain = buildChain(6);
    // As jsonb keeps it: -0 reads back as 0 (the canonical form writes both as 0).
    const stored = chain.map((e) => ({ ...e, payload: JSON.parse(JSON.stringify(e.payload)) as typeof e.payload }));
    expect(parseChainBatch(batchOf(chain))).toEqual(stored);
    expect(verifyChainBatch(batchOf(chain))).toEqual({
      count: 6,
      first: { seq: 1, previousHash: chain[0].previousHash },
      checked: 6,
      last: { seq: 6, hash: chain[5].hash },
      failure: null,
    });
    expect(verifyChainBatch({ organisation_id: ORG_ID, events: null })).toMatchObject({ count: 0, first: null });
  });
});

describe(AuditHashWorkers.name, () => {
  const sut = new AuditHashWorkers(2);
  afterAll(() => sut.close());

  it('answers what verifying on the calling thread answers, batch by batch, in any number at once', async () => {
    const chain = buildChain(40);
    chain[25] = { ...chain[25], payload: { changed: true } };
    const batches = [0, 10, 20, 30].map((from) => batchOf(chain.slice(from, from + 10)));
    const segments = await Promise.all(batches.map((b) => sut.verify(b)));
    expect(segments).toEqual(batches.map(verifyChainBatch));
    expect(segments[2].failure).toEqual({ seq: 26, reason: 'HASH_MISMATCH' });
  });

  it('rejects with the error a batch raised, and keeps working', async () => {
    const [e] = buildChain(1);
    const bad = batchOf([{ ...e, hash: hashEvent(e) }]);
    const broken = { ...bad, events: bad.events!.replace('"z":1', '"z":1e999') };
    await expect(sut.verify(broken)).rejects.toThrow('Infinity is not allowed');
    await expect(sut.verify(bad)).resolves.toMatchObject({ checked: 1, failure: null });
  });
});

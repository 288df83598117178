import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  ChainedEvent,
  ChainVerifier,
  GENESIS_HASH,
  canonicalEvent,
  canonicalHash,
  canonicalStoredEvent,
  compareWithStoredHead,
  hashEvent,
  hashStoredEvent,
  verifyChain,
  verifySegment,
} from './audit-chain';
import { buildChain } from './checkpoint/audit-export.test-support';

function chain(n: number): Array<ChainedEvent & { hash: string }> {
  const events: Array<ChainedEvent & { hash: string }> = [];
  let previousHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e: ChainedEvent = {
      organisationId: '11111111-1111-4111-8111-111111111111',
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 27, 10, 0, seq)),
      actorId: null,
      actorLabel: 'system',
      actorRoles: [],
      action: 'user.created',
      subjectType: 'User',
      subjectId: `u${seq}`,
      fromState: null,
      toState: null,
      payload: { email: `u${seq}@example.org`, roles: ['REQUESTER'], n: seq },
      requestId: null,
      correlationId: null,
      previousHash,
    };
    const hash = hashEvent(e);
    events.push({ ...e, hash });
    previousHash = hash;
  }
  return events;
}

describe('audit hash chain', () => {
  it('serialises canonically: key order and whitespace do not matter', () => {
    const [e] = chain(1);
    const reordered = { ...e, payload: { n: 1, roles: ['REQUESTER'], email: 'u1@example.org' } };
    expect(canonicalEvent(reordered)).toBe(canonicalEvent(e));
    expect(canonicalEvent(e)).toContain('"occurredAt":"2026-11-27T10:00:01.000Z"');
  });

  it('verifies an untouched chain', () => {
    const sut = verifyChain(chain(5));
    expect(sut).toEqual({
      valid: true,
      checked: 5,
      firstInvalidSeq: null,
      reason: null,
      headSeq: 5,
      headHash: chain(5)[4].hash,
    });
  });

  it('detects a changed byte in any field of any event', () => {
    const fields: Array<[keyof ChainedEvent, unknown]> = [
      ['actorLabel', 'systen'],
      ['action', 'user.createe'],
      ['subjectId', 'u9'],
      ['payload', { email: 'u3@example.orh', roles: ['REQUESTER'], n: 3 }],
      ['occurredAt', new Date(Date.UTC(2026, 10, 27, 10, 0, 3, 1))],
      ['actorRoles', ['ORG_ADMIN']],
    ];
    for (const [field, value] of fields) {
      const events = chain(5);
      (events[2] as unknown as Record<string, unknown>)[field] = value;
      expect(verifyChain(events)).toMatchObject({
        valid: false,
        firstInvalidSeq: 3,
        reason: 'HASH_MISMATCH',
        checked: 2,
      });
    }
  });

  it('detects an edited hash as a broken link to the next event', () => {
    const events = chain(4);
    events[1] = { ...events[1], hash: 'f'.repeat(64) };
    expect(verifyChain(events)).toMatchObject({ valid: false, firstInvalidSeq: 2, reason: 'HASH_MISMATCH' });
  });

  it('order matters: swapped events are refused', () => {
    const events = chain(4);
    [events[1], events[2]] = [events[2], events[1]];
    expect(verifyChain(events)).toMatchObject({ valid: false, firstInvalidSeq: 3, reason: 'GAP' });
  });

  it('a swap with renumbered seq still breaks the links', () => {
    const events = chain(4);
    const swapped = [events[0], { ...events[2], seq: 2 }, { ...events[1], seq: 3 }, events[3]];
    expect(verifyChain(swapped)).toMatchObject({ valid: false, firstInvalidSeq: 2, reason: 'BROKEN_LINK' });
  });

  it('detects a deleted event as a gap', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ valid: false, firstInvalidSeq: 3, reason: 'GAP' });
  });

  it('detects events removed from the start of the chain as a gap', () => {
    const events = chain(5).slice(2);
    expect(verifyChain(events)).toMatchObject({ valid: false, firstInvalidSeq: 3, reason: 'GAP', checked: 0 });
  });

  it('refuses a first event that does not start from the genesis hash', () => {
    const events = chain(2);
    events[0] = { ...events[0], previousHash: 'a'.repeat(64) };
    expect(verifyChain(events)).toMatchObject({ valid: false, firstInvalidSeq: 1, reason: 'BAD_GENESIS' });
  });
});

describe(compareWithStoredHead.name, () => {
  const events = chain(5);
  const at = (seq: number) => ({ seq, hash: events[seq - 1].hash });

  it('agrees when the walked chain ends at the stored head', () => {
    expect(compareWithStoredHead(at(5), at(5), 5)).toBeNull();
    expect(compareWithStoredHead(null, { seq: 0, hash: GENESIS_HASH }, 0)).toBeNull();
  });

  it('reports TRUNCATED, naming both heads, when events were removed from the end', () => {
    const walked = verifyChain(events.slice(0, 3));
    expect(walked.valid).toBe(true);
    expect(compareWithStoredHead({ seq: walked.headSeq!, hash: walked.headHash! }, at(5), 3)).toEqual({
      reason: 'TRUNCATED',
      firstInvalidSeq: 4,
      expected: at(5),
      found: at(3),
    });
    expect(compareWithStoredHead(null, at(5), 0)).toMatchObject({ reason: 'TRUNCATED', firstInvalidSeq: 1 });
  });

  it('reports HEAD_MISMATCH for another hash at the head, or events past it', () => {
    expect(compareWithStoredHead(at(5), { seq: 5, hash: 'f'.repeat(64) }, 5)).toMatchObject({
      reason: 'HEAD_MISMATCH',
      firstInvalidSeq: 5,
    });
    expect(compareWithStoredHead(at(4), at(4), 5)).toEqual({
      reason: 'HEAD_MISMATCH',
      firstInvalidSeq: 5,
      expected: at(4),
      found: { seq: 5, hash: null },
    });
  });
});

describe(canonicalHash.name, () => {
  it('hashes the RFC 8785 form: key order does not matter, any value change does', () => {
    const sut = canonicalHash({ b: [1, { y: 'x', x: null }], a: 'é' });
    expect(sut).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalHash({ a: 'é', b: [1, { x: null, y: 'x' }] })).toBe(sut);
    expect(canonicalHash({ a: 'é', b: [1, { x: null, y: 'y' }] })).not.toBe(sut);
  });
});

describe(canonicalStoredEvent.name, () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const nullableText = fc.option(text, { nil: null });
  // What JSON.parse can return, as a payload read back from jsonb would be.
  const payload = fc
    .dictionary(text, fc.jsonValue(), { maxKeys: 6 })
    .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
  const event: fc.Arbitrary<ChainedEvent> = fc.record({
    organisationId: fc.uuid(),
    seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    occurredAt: fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true }),
    actorId: fc.option(fc.uuid(), { nil: null }),
    actorLabel: text,
    actorRoles: fc.array(text, { maxLength: 3 }),
    action: text,
    subjectType: text,
    subjectId: text,
    fromState: nullableText,
    toState: nullableText,
    payload,
    requestId: fc.option(fc.uuid(), { nil: null }),
    correlationId: nullableText,
    previousHash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
  });

  it('gives the bytes canonicalEvent gives, for any event read back from the database', () => {
    fc.assert(
      fc.property(event, (e) => expect(canonicalStoredEvent(e)).toBe(canonicalEvent(e))),
      { numRuns: 1000 },
    );
    for (const e of buildChain(5)) expect(canonicalStoredEvent(e)).toBe(canonicalEvent(e));
  });

  it('hashes to what SHA-256 of the canonical form gives', () => {
    for (const e of buildChain(3)) {
      const expected = createHash('sha256').update(canonicalEvent(e), 'utf8').digest('hex');
      expect(hashStoredEvent(e)).toBe(expected);
      expect(hashEvent(e)).toBe(expected);
    }
  });

  it('refuses what canonicalize refuses', () => {
    const [e] = buildChain(1);
    expect(() => canonicalStoredEvent({ ...e, payload: { n: Infinity } })).toThrow('Infinity is not allowed');
  });
});

describe('chain segments', () => {
  type Hashed = ChainedEvent & { hash: string };
  /** Damage as tampering would leave it: an edited field, a removed, swapped or renumbered event, a new hash. */
  const damages: Array<(events: Hashed[], at: number) => void> = [
    (events, at) => (events[at] = { ...events[at], payload: { changed: true } }),
    (events, at) => events.splice(at, 1),
    (events, at) => at + 1 < events.length && ([events[at], events[at + 1]] = [events[at + 1], events[at]]),
    (events, at) => (events[at] = { ...events[at], seq: events[at].seq + 1 }),
    (events, at) => (events[at] = { ...events[at], hash: 'f'.repeat(64) }),
    (events, at) => (events[at] = { ...events[at], previousHash: GENESIS_HASH }),
  ];

  it('merged in order, report exactly what feeding the events one by one reports', () => {
    const chain = buildChain(24);
    const scenario = fc.record({
      damage: fc.option(fc.tuple(fc.nat(damages.length - 1), fc.nat(23)), { nil: null }),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { maxLength: 6 }),
      fromStart: fc.nat(3),
    });
    fc.assert(
      fc.property(scenario, ({ damage, cuts, fromStart }) => {
        const events = chain.map((e) => ({ ...e }));
        if (damage) damages[damage[0]](events, Math.min(damage[1], events.length - 1));
        const walked = events.slice(fromStart);
        const start = fromStart > 0 ? { seq: chain[fromStart - 1].seq, hash: chain[fromStart - 1].hash } : null;

        const oneByOne = new ChainVerifier(start);
        for (const e of walked) if (!oneByOne.push(e)) break;
        const merged = new ChainVerifier(start);
        const bounds = [0, ...[...cuts].sort((a, b) => a - b).filter((c) => c < walked.length), walked.length];
        for (let i = 0; i + 1 < bounds.length; i++) {
          if (!merged.pushSegment(verifySegment(walked.slice(bounds[i], bounds[i + 1]), hashStoredEvent))) break;
        }
        expect(merged.result()).toEqual(oneByOne.result());
      }),
      { numRuns: 500 },
    );
  });

  it('an empty segment changes nothing', () => {
    const sut = new ChainVerifier();
    expect(sut.pushSegment(verifySegment([]))).toBe(true);
    expect(sut.result()).toEqual(verifyChain([]));
  });

  it("a HASH_MISMATCH on a segment's first event is reported after its link checks pass", () => {
    const events = chain(4);
    events[2] = { ...events[2], payload: { changed: true } };
    const sut = new ChainVerifier();
    sut.pushSegment(verifySegment(events.slice(0, 2)));
    sut.pushSegment(verifySegment(events.slice(2)));
    expect(sut.result()).toMatchObject({ valid: false, firstInvalidSeq: 3, reason: 'HASH_MISMATCH', checked: 2 });
  });
});

import {
  ChainedEvent,
  GENESIS_HASH,
  canonicalEvent,
  canonicalHash,
  compareWithStoredHead,
  hashEvent,
  verifyChain,
} from './audit-chain';

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

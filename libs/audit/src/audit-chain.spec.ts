import { ChainedEvent, GENESIS_HASH, canonicalEvent, hashEvent, verifyChain } from './audit-chain';

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

  it('refuses a first event that does not start from the genesis hash', () => {
    const events = chain(2);
    events[0] = { ...events[0], previousHash: 'a'.repeat(64) };
    expect(verifyChain(events)).toMatchObject({ valid: false, firstInvalidSeq: 1, reason: 'BAD_GENESIS' });
  });
});

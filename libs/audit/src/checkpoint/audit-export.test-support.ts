import { ChainedEvent, GENESIS_HASH, hashEvent } from '../audit-chain';

export const ORG_ID = '11111111-1111-4111-8111-111111111111';
export const OTHER_ORG_ID = '22222222-2222-4222-8222-222222222222';

export type HashedEvent = ChainedEvent & { hash: string };

/**
 * A chain of `count` events hashed with the service's own `hashEvent`, starting at `fromSeq` (linked to
 * `previousHash`, the genesis hash by default). Payloads hold the values canonicalisation is fussy about.
 */
export function buildChain(
  count: number,
  options: { fromSeq?: number; previousHash?: string; organisationId?: string; salt?: string } = {},
): HashedEvent[] {
  const events: HashedEvent[] = [];
  let previousHash = options.previousHash ?? GENESIS_HASH;
  const fromSeq = options.fromSeq ?? 1;
  for (let seq = fromSeq; seq < fromSeq + count; seq++) {
    const event: ChainedEvent = {
      organisationId: options.organisationId ?? ORG_ID,
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 27, 10, 0, seq % 60, seq)),
      actorId: seq % 2 ? '33333333-3333-4333-8333-333333333333' : null,
      actorLabel: seq % 2 ? 'Ada, "approver" \u00e9' : 'system',
      actorRoles: seq % 2 ? ['APPROVER', 'REVIEWER'] : [],
      action: 'adoption_request.transition',
      subjectType: 'AdoptionRequest',
      subjectId: `AR-2026-${String(seq).padStart(4, '0')}`,
      fromState: seq % 2 ? 'AWAITING_DECISION' : null,
      toState: seq % 2 ? 'APPROVED' : null,
      payload: {
        note: `line one\nline two, with a comma ${options.salt ?? ''}`,
        z: 1,
        a: [0.1, 1e21, -0, 1e-7, 100, [[]], { '\u20ac': true, '\r': null, '\ud83d\ude00': 'x', '\ufb33': 'y' }],
        rationale: `marginal risk ${seq}`,
      },
      requestId: seq % 3 ? '44444444-4444-4444-8444-444444444444' : null,
      correlationId: seq % 2 ? `req-${seq}` : null,
      previousHash,
    };
    const hash = hashEvent(event);
    events.push({ ...event, hash });
    previousHash = hash;
  }
  return events;
}

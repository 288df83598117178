import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** previousHash of an organisation's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers. */
export interface ChainedEvent {
  organisationId: string;
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  actorRoles: string[];
  action: string;
  subjectType: string;
  subjectId: string;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  requestId: string | null;
  correlationId: string | null;
  previousHash: string;
}

/**
 * The canonical bytes of an event: RFC 8785 JSON Canonicalization Scheme over the covered fields,
 * timestamps as UTC ISO 8601 with milliseconds. Anyone can recompute it from an export.
 */
export function canonicalEvent(e: ChainedEvent): string {
  const text = canonicalize({
    organisationId: e.organisationId,
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    actorRoles: e.actorRoles,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    fromState: e.fromState,
    toState: e.toState,
    payload: e.payload,
    requestId: e.requestId,
    correlationId: e.correlationId,
    previousHash: e.previousHash,
  });
  if (text === undefined) throw new Error('event cannot be canonicalised');
  return text;
}

/** SHA-256 (hex) of the canonical event; it includes previousHash, which links the chain. */
export function hashEvent(e: ChainedEvent): string {
  return createHash('sha256').update(canonicalEvent(e), 'utf8').digest('hex');
}

export type ChainBreak = 'GAP' | 'BROKEN_LINK' | 'HASH_MISMATCH' | 'BAD_GENESIS';

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstInvalidSeq: number | null;
  reason: ChainBreak | null;
  headSeq: number | null;
  headHash: string | null;
}

/**
 * Incremental verifier: feed events in sequence order; it keeps only the last one, so any number of
 * events verifies in constant memory. `start` gives the expected predecessor when verifying a range.
 */
export class ChainVerifier {
  private checked = 0;
  private failure: { seq: number; reason: ChainBreak } | null = null;
  private last: { seq: number; hash: string } | null;

  constructor(start: { seq: number; hash: string } | null = null) {
    this.last = start;
  }

  /** Returns false once the chain is found broken (further events are ignored). */
  push(e: ChainedEvent & { hash: string }): boolean {
    if (this.failure) return false;
    const fail = (reason: ChainBreak) => {
      this.failure = { seq: e.seq, reason };
      return false;
    };
    if (this.last === null) {
      if (e.seq === 1 && e.previousHash !== GENESIS_HASH) return fail('BAD_GENESIS');
      if (e.seq !== 1 && this.checked === 0 && e.seq < 1) return fail('GAP');
    } else {
      if (e.seq !== this.last.seq + 1) return fail('GAP');
      if (e.previousHash !== this.last.hash) return fail('BROKEN_LINK');
    }
    if (hashEvent(e) !== e.hash) return fail('HASH_MISMATCH');
    this.checked++;
    this.last = { seq: e.seq, hash: e.hash };
    return true;
  }

  result(): ChainVerification {
    return {
      valid: this.failure === null,
      checked: this.checked,
      firstInvalidSeq: this.failure?.seq ?? null,
      reason: this.failure?.reason ?? null,
      headSeq: this.last?.seq ?? null,
      headHash: this.last?.hash ?? null,
    };
  }
}

/** Verifies a whole chain held in memory (tests, small exports). */
export function verifyChain(events: Iterable<ChainedEvent & { hash: string }>): ChainVerification {
  const verifier = new ChainVerifier();
  for (const e of events) if (!verifier.push(e)) break;
  return verifier.result();
}

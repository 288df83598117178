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
  return sha256Hex(canonicalEvent(e));
}

/**
 * SHA-256 (hex) of any JSON value's RFC 8785 canonical form: the same bytes whatever the key order, so a
 * document stored as jsonb (which reorders keys) hashes as it did when it was written. Features bind such
 * documents into the chain by recording this hash in an event's payload.
 */
export function canonicalHash(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return sha256Hex(text);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Breaks found by walking the events. */
export type ChainBreak = 'GAP' | 'BROKEN_LINK' | 'HASH_MISMATCH' | 'BAD_GENESIS';

/**
 * Breaks found by comparing the walked chain with the head the append path recorded (`audit_chain_head`):
 * TRUNCATED when the chain ends before it (events were removed from the end), HEAD_MISMATCH when the event at
 * the head's seq has another hash, or events exist after it.
 */
export type HeadBreak = 'TRUNCATED' | 'HEAD_MISMATCH';

/** A chain head: the seq and hash of an organisation's last event (seq 0 and the genesis hash when empty). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface HeadComparison {
  reason: HeadBreak;
  /** The first seq that is missing (TRUNCATED) or wrong (HEAD_MISMATCH). */
  firstInvalidSeq: number;
  expected: ChainHead;
  /** What the events say: the last verified event, or the highest seq present (hash null: not verified). */
  found: { seq: number; hash: string | null };
}

/**
 * Compares the last event of a chain verified up to the stored head with that head. `lastSeq` is the
 * highest seq present in the table, read in the same statement as `stored`, so an append that commits
 * meanwhile cannot look like tampering. Returns null when they agree.
 */
export function compareWithStoredHead(
  found: ChainHead | null,
  stored: ChainHead,
  lastSeq: number,
): HeadComparison | null {
  const walked = found ?? { seq: 0, hash: GENESIS_HASH };
  if (walked.seq < stored.seq) {
    return { reason: 'TRUNCATED', firstInvalidSeq: walked.seq + 1, expected: stored, found: walked };
  }
  if (walked.seq === stored.seq && walked.hash !== stored.hash) {
    return { reason: 'HEAD_MISMATCH', firstInvalidSeq: stored.seq, expected: stored, found: walked };
  }
  if (lastSeq > stored.seq) {
    return {
      reason: 'HEAD_MISMATCH',
      firstInvalidSeq: stored.seq + 1,
      expected: stored,
      found: { seq: lastSeq, hash: null },
    };
  }
  return null;
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstInvalidSeq: number | null;
  reason: ChainBreak | HeadBreak | null;
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
      // Without a given predecessor the chain starts at seq 1: events removed from its start are a gap.
      if (e.seq !== 1) return fail('GAP');
      if (e.previousHash !== GENESIS_HASH) return fail('BAD_GENESIS');
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

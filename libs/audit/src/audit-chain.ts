import { hash as oneShotHash } from 'node:crypto';
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

/** The covered fields as the canonical form serialises them (timestamps as UTC ISO 8601 with milliseconds). */
function canonicalFields(e: ChainedEvent) {
  return {
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
  };
}

/**
 * The canonical bytes of an event: RFC 8785 JSON Canonicalization Scheme over the covered fields,
 * timestamps as UTC ISO 8601 with milliseconds. Anyone can recompute it from an export.
 */
export function canonicalEvent(e: ChainedEvent): string {
  const text = canonicalize(canonicalFields(e));
  if (text === undefined) throw new Error('event cannot be canonicalised');
  return text;
}

/** The covered fields' names in RFC 8785 order (UTF-16 code units), worked out once from canonicalFields. */
const SORTED_FIELDS = Object.keys(canonicalFields({ occurredAt: new Date(0) } as ChainedEvent)).sort() as Array<
  keyof ReturnType<typeof canonicalFields>
>;

/**
 * The same bytes as `canonicalEvent`, about twice as fast, for an event read back from the database: every
 * field is a string, number, null or an array, and the payload is what JSON.parse returns (plain objects,
 * arrays, strings, finite numbers, booleans, null; never undefined, a Date or a toJSON method). A property
 * test holds the two equal. Verification spends most of its time here.
 */
export function canonicalStoredEvent(e: ChainedEvent): string {
  const fields = canonicalFields(e);
  let text = '{';
  for (let i = 0; i < SORTED_FIELDS.length; i++) {
    const name = SORTED_FIELDS[i];
    text += `${i === 0 ? '' : ','}"${name}":${canonicalJson(fields[name])}`;
  }
  return `${text}}`;
}

/** Characters JSON.stringify escapes in a string; strings without them are quoted as they are. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
export const quote = (text: string) => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

/** RFC 8785 of a value JSON.parse returned; the errors are canonicalize's. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new Error('NaN is not allowed');
    if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
    return JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${text}]`;
  }
  if (typeof value !== 'object') throw new Error(`a stored event holds a ${typeof value}`);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    if (object[key] === undefined) continue;
    text += `${first ? '' : ','}${quote(key)}:${canonicalJson(object[key])}`;
    first = false;
  }
  return `${text}}`;
}

/** SHA-256 (hex) of the canonical event; it includes previousHash, which links the chain. */
export function hashEvent(e: ChainedEvent): string {
  return sha256Hex(canonicalEvent(e));
}

/** `hashEvent` for an event read back from the database (see canonicalStoredEvent). */
export function hashStoredEvent(e: ChainedEvent): string {
  return sha256Hex(canonicalStoredEvent(e));
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

export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
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
 * What verifying a run of consecutive events found on its own, without their predecessor: `verifySegment`
 * computes it (in a worker thread, say), `ChainVerifier.pushSegment` checks the first event's link and
 * merges it. Feeding a chain's segments in order gives exactly what feeding its events one by one gives.
 */
export interface ChainSegment {
  /** Events in the segment (the rows read). */
  count: number;
  /** The first event's seq and previousHash, whose link to the predecessor is left to the merge; null if empty. */
  first: { seq: number; previousHash: string } | null;
  /** Events verified, from the first, before the first failure. */
  checked: number;
  /** The last verified event, null if none. */
  last: ChainHead | null;
  /** The first failure inside the segment (the first event's GAP, link and genesis checks excepted). */
  failure: { seq: number; reason: ChainBreak } | null;
}

/** What the walk over a chain reads of each event besides recomputing its hash. */
export interface LinkedEvent {
  seq: number;
  previousHash: string;
  hash: string;
}

/**
 * Incremental verifier: feed events in sequence order; it keeps only the last one, so any number of
 * events verifies in constant memory. `start` gives the expected predecessor when verifying a range.
 * For each event, in this order: its seq follows the last (GAP; the first event without a start must be
 * seq 1), it links to the last one's hash (BROKEN_LINK; BAD_GENESIS for seq 1), its own hash recomputes
 * (HASH_MISMATCH). The first failure is the answer.
 */
export class ChainVerifier<E extends LinkedEvent = ChainedEvent & { hash: string }> {
  private checked = 0;
  private failure: { seq: number; reason: ChainBreak } | null = null;
  private last: { seq: number; hash: string } | null;

  constructor(
    start: { seq: number; hash: string } | null = null,
    // The default hashes ChainedEvents (E's default); another E brings its own function.
    private readonly hash: (e: E) => string = hashEvent as unknown as (e: E) => string,
  ) {
    this.last = start;
  }

  /** Returns false once the chain is found broken (further events are ignored). */
  push(e: E): boolean {
    if (this.failure) return false;
    const reason = this.linkBreak(e) ?? (this.hash(e) !== e.hash ? 'HASH_MISMATCH' : null);
    if (reason) {
      this.failure = { seq: e.seq, reason };
      return false;
    }
    this.checked++;
    this.last = { seq: e.seq, hash: e.hash };
    return true;
  }

  /** Merges a segment verified on its own (see ChainSegment); false once the chain is found broken. */
  pushSegment(segment: ChainSegment): boolean {
    if (this.failure) return false;
    if (!segment.first) return true;
    const reason = this.linkBreak(segment.first);
    if (reason) {
      this.failure = { seq: segment.first.seq, reason };
      return false;
    }
    this.checked += segment.checked;
    if (segment.last) this.last = segment.last;
    this.failure = segment.failure;
    return this.failure === null;
  }

  /** The checks of an event against the last one (or the chain's start). */
  private linkBreak(e: { seq: number; previousHash: string }): ChainBreak | null {
    if (this.last === null) {
      // Without a given predecessor the chain starts at seq 1: events removed from its start are a gap.
      if (e.seq !== 1) return 'GAP';
      if (e.previousHash !== GENESIS_HASH) return 'BAD_GENESIS';
    } else {
      if (e.seq !== this.last.seq + 1) return 'GAP';
      if (e.previousHash !== this.last.hash) return 'BROKEN_LINK';
    }
    return null;
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

/**
 * Verifies consecutive events without knowing their predecessor: the first event is taken to link to
 * whatever it names, and the merge (`ChainVerifier.pushSegment`) checks that link.
 */
export function verifySegment<E extends LinkedEvent = ChainedEvent & { hash: string }>(
  events: Iterable<E>,
  hash: (e: E) => string = hashEvent as unknown as (e: E) => string,
): ChainSegment {
  // One pass (the events may be read as they are walked): those after a failure are only counted.
  let count = 0;
  let first: { seq: number; previousHash: string } | null = null;
  let verifier: ChainVerifier<E> | null = null;
  let going = true;
  for (const e of events) {
    count++;
    if (verifier === null) {
      first = { seq: e.seq, previousHash: e.previousHash };
      verifier = new ChainVerifier<E>({ seq: e.seq - 1, hash: e.previousHash }, hash);
    }
    if (going) going = verifier.push(e);
  }
  if (verifier === null) return { count: 0, first: null, checked: 0, last: null, failure: null };
  const r = verifier.result();
  return {
    count,
    first,
    checked: r.checked,
    last: r.checked > 0 ? { seq: r.headSeq!, hash: r.headHash! } : null,
    failure: r.valid ? null : { seq: r.firstInvalidSeq!, reason: r.reason as ChainBreak },
  };
}

/** Verifies a whole chain held in memory (tests, small exports). */
export function verifyChain(events: Iterable<ChainedEvent & { hash: string }>): ChainVerification {
  const verifier = new ChainVerifier();
  for (const e of events) if (!verifier.push(e)) break;
  return verifier.result();
}

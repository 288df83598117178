import { types } from 'pg';
import type { AuditEventEntity } from './audit-event.entity';
import { ChainedEvent, ChainSegment, hashStoredEvent, verifySegment } from './audit-chain';

/** Turns a stored row back into the fields its hash covers. */
export function toChainedEvent(row: AuditEventEntity): ChainedEvent & { hash: string } {
  return {
    organisationId: row.organisationId,
    seq: Number(row.seq),
    occurredAt: new Date(row.occurredAt),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    actorRoles: row.actorRoles,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    fromState: row.fromState,
    toState: row.toState,
    payload: row.payload,
    requestId: row.requestId,
    correlationId: row.correlationId,
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

/**
 * The next events of a chain as ONE text value: a JSON array with one array per event, in seq order.
 * Reading thousands of rows as a single value costs the reading thread one string instead of seventeen per
 * row, and that string goes to a worker thread as it is. Timestamps and arrays are sent in PostgreSQL's
 * text form (`::text`), the payload as its jsonb text: exactly what `pg` would receive for the row, parsed
 * below with `pg`'s own parsers, so an event rebuilt here is the one `toChainedEvent` rebuilds.
 * Parameters: organisation id, seq after which to start, last seq, rows at most.
 */
export const CHAIN_BATCH_SQL = `
  SELECT $1::uuid::text AS organisation_id,
         json_agg(json_build_array(e.seq::text, e.occurred_at::text, e.actor_id, e.actor_label, e.actor_roles::text,
                                   e.action, e.subject_type, e.subject_id, e.from_state, e.to_state, e.payload,
                                   e.request_id, e.correlation_id, e.previous_hash, e.hash) ORDER BY e.seq)::text AS events
  FROM (SELECT * FROM audit_event WHERE organisation_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4) e`;

/** One row of CHAIN_BATCH_SQL (events is null when no event was in range). */
export interface ChainBatch {
  organisation_id: string;
  events: string | null;
}

const parserOf = types.getTypeParser as (oid: number) => (text: string) => unknown;
const parseTimestamptz = parserOf(types.builtins.TIMESTAMPTZ) as (text: string) => Date;
const parseTextArray = parserOf(1009 /* text[] */) as (text: string) => string[];
type BatchRow = [string, string, ...Array<string | null>];

// Fast paths for the common forms, falling back to pg's parsers; a unit test holds them equal to pg's.
/** `YYYY-MM-DD HH:MM:SS[.ffffff]+00`: a session in UTC, a year pg's parser needs no correction for. */
const UTC_TIMESTAMP = /^([1-9]\d{3})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d{1,6})?\+00$/;
/** `{A,B}` with bare words: split on commas, unless a word reads NULL (an SQL NULL unquoted). */
const BARE_WORDS = /^\{\w+(?:,\w+)*\}$/;

/** What pg's timestamptz parser returns for the text (postgres-date: fraction times 1000, truncated). */
export function parseStoredTimestamp(text: string): Date {
  const m = UTC_TIMESTAMP.exec(text);
  if (!m) return parseTimestamptz(text);
  const ms = m[7] ? 1000 * parseFloat(m[7]) : 0;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
}

/** What pg's text[] parser returns for the text. */
export function parseStoredTextArray(text: string): string[] {
  if (text === '{}') return [];
  if (!BARE_WORDS.test(text)) return parseTextArray(text);
  const words = text.slice(1, -1).split(',');
  return words.some((w) => w.toUpperCase() === 'NULL') ? parseTextArray(text) : words;
}

/** The events of a batch, as `toChainedEvent` would give them for the same rows. */
export function parseChainBatch(batch: ChainBatch): Array<ChainedEvent & { hash: string }> {
  if (batch.events === null) return [];
  const rows = JSON.parse(batch.events) as BatchRow[];
  return rows.map((r) => ({
    organisationId: batch.organisation_id,
    seq: Number(r[0]),
    occurredAt: parseStoredTimestamp(r[1]),
    actorId: r[2],
    actorLabel: r[3]!,
    actorRoles: parseStoredTextArray(r[4]!),
    action: r[5]!,
    subjectType: r[6]!,
    subjectId: r[7]!,
    fromState: r[8],
    toState: r[9],
    payload: r[10] as unknown as Record<string, unknown>,
    requestId: r[11],
    correlationId: r[12],
    previousHash: r[13]!,
    hash: r[14]!,
  }));
}

/** Verifies one batch on its own (see ChainSegment); what the worker threads run. */
export function verifyChainBatch(batch: ChainBatch): ChainSegment {
  return verifySegment(parseChainBatch(batch), hashStoredEvent);
}

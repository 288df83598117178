import { ChainedEvent } from '../audit-chain';
import { AuditCheckpoint } from './audit-checkpoint';

/**
 * The audit export format, shared by `GET /audit/export` and the offline verifier
 * (`scripts/verify-audit-export.mjs`, which re-implements the reading side with Node built-ins only).
 *
 * NDJSON: one JSON object per line, `\n`-terminated, in this order:
 * ```
 * {"type":"event","seq":1,"occurredAt":"2026-…Z",…,"previousHash":"000…","hash":"ab…"}   one per event, by seq
 * {"type":"head","seq":N,"hash":"…"}                                                       the chain head (see below)
 * {"type":"checkpoint","organisation":"demo",…,"signature":"…","publicKey":"…","keyId":"…"} signed over the head
 * ```
 * An event line carries exactly the fields `hashEvent` covers, with `occurredAt` as UTC ISO 8601 with
 * milliseconds, plus `type` and `hash`, so anyone can recompute each hash from the line alone. A range export
 * (from > 1) starts with an event whose previousHash is the hash of the event before the range.
 *
 * The head is the chain head the service recorded at every append when the export reaches the end of the chain,
 * and the last event exported when it stops before (`to`). Its last event line must be that head: when events
 * were removed from the end of the chain, the head names a seq the lines do not reach (TRUNCATED offline).
 *
 * CSV (RFC 4180, CRLF row ends): a header row of {@link CSV_COLUMNS}, one row per event, then a `head` row and a
 * `checkpoint` row, told apart by the `type` column. actorRoles and payload are JSON text. A null is an empty
 * unquoted cell and an empty string a quoted `""` (PostgreSQL's COPY convention), so nulls survive the trip.
 */

/** The fields of an event line, in line order, after `type`; `hash` follows them. */
export const EVENT_FIELDS = [
  'seq',
  'occurredAt',
  'organisationId',
  'actorId',
  'actorLabel',
  'actorRoles',
  'action',
  'subjectType',
  'subjectId',
  'fromState',
  'toState',
  'payload',
  'requestId',
  'correlationId',
  'previousHash',
] as const;

const CHECKPOINT_FIELDS = [
  'organisation',
  'organisationId',
  'seq',
  'hash',
  'signedAt',
  'signature',
  'publicKey',
  'keyId',
] as const;

/** CSV header: the event columns, then the checkpoint columns that events do not have. */
export const CSV_COLUMNS = [
  'type',
  ...EVENT_FIELDS,
  'hash',
  'organisation',
  'signedAt',
  'signature',
  'publicKey',
  'keyId',
] as const;

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
/** Line functions return a line without its terminator; writers append this. */
export const NDJSON_LINE_END = '\n';
export const CSV_LINE_END = '\r\n';

export interface ExportEventLine {
  type: 'event';
  seq: number;
  occurredAt: string;
  organisationId: string;
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
  hash: string;
}

export interface ExportHeadLine {
  type: 'head';
  seq: number;
  hash: string;
}

export type ExportCheckpointLine = { type: 'checkpoint' } & AuditCheckpoint;

export type ExportLine = ExportEventLine | ExportHeadLine | ExportCheckpointLine;

/** A line that is not in the export format. */
export class ExportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFormatError';
  }
}

export function eventLine(event: ChainedEvent & { hash: string }): string {
  return JSON.stringify(toEventLine(event));
}

export function headLine(head: { seq: number; hash: string }): string {
  const line: ExportHeadLine = { type: 'head', seq: head.seq, hash: head.hash };
  return JSON.stringify(line);
}

export function checkpointLine(checkpoint: AuditCheckpoint): string {
  return JSON.stringify({ type: 'checkpoint', ...pick(checkpoint, CHECKPOINT_FIELDS) });
}

/**
 * Reads one NDJSON line (without its terminator) and checks it strictly: a known type, every field present
 * with its type, no other field (a field the hash does not cover must not slip into an export unnoticed).
 */
export function parseExportLine(line: string): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ExportFormatError('line is not JSON');
  }
  if (!isObject(value)) throw new ExportFormatError('line is not a JSON object');
  switch (value.type) {
    case 'event':
      checkFields(value, ['type', ...EVENT_FIELDS, 'hash']);
      checkEvent(value);
      return value as unknown as ExportEventLine;
    case 'head':
      checkFields(value, ['type', 'seq', 'hash']);
      checkField(value, 'seq', isSeq);
      checkField(value, 'hash', isHash);
      return value as unknown as ExportHeadLine;
    case 'checkpoint':
      checkFields(value, ['type', ...CHECKPOINT_FIELDS]);
      checkField(value, 'seq', isSeq);
      checkField(value, 'hash', isHash);
      for (const field of ['organisation', 'organisationId', 'signedAt', 'signature', 'publicKey', 'keyId'])
        checkField(value, field, isString);
      return value as unknown as ExportCheckpointLine;
    default:
      throw new ExportFormatError(`unknown line type ${JSON.stringify(value.type)}`);
  }
}

/** The chained event an event line describes, ready for `hashEvent` or `ChainVerifier`. */
export function chainedEventFromLine(line: ExportEventLine): ChainedEvent & { hash: string } {
  const { type: _type, occurredAt, ...rest } = line;
  return { ...rest, occurredAt: new Date(occurredAt) };
}

export function csvHeader(): string {
  return csvRow(CSV_COLUMNS);
}

export function eventCsvRow(event: ChainedEvent & { hash: string }): string {
  const line = toEventLine(event);
  return csvColumns({
    ...line,
    actorRoles: JSON.stringify(line.actorRoles),
    payload: JSON.stringify(line.payload),
  });
}

export function headCsvRow(head: { seq: number; hash: string }): string {
  return csvColumns({ type: 'head', seq: head.seq, hash: head.hash });
}

export function checkpointCsvRow(checkpoint: AuditCheckpoint): string {
  return csvColumns({ type: 'checkpoint', ...pick(checkpoint, CHECKPOINT_FIELDS) });
}

/** One RFC 4180 cell: quoted when it holds a comma, quote, CR or LF (quotes doubled); null is an empty cell. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvRow(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return cells.map(csvCell).join(',');
}

function toEventLine(event: ChainedEvent & { hash: string }): ExportEventLine {
  // Fields picked one by one: whatever else the caller's object carries (an entity id) stays out.
  return {
    type: 'event',
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    organisationId: event.organisationId,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    actorRoles: event.actorRoles,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    fromState: event.fromState,
    toState: event.toState,
    payload: event.payload,
    requestId: event.requestId,
    correlationId: event.correlationId,
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

function csvColumns(values: Record<string, unknown>): string {
  return csvRow(CSV_COLUMNS.map((column) => (values[column] ?? null) as string | number | null));
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = value[key];
  return picked;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isString = (v: unknown) => typeof v === 'string';
const isNullableString = (v: unknown) => v === null || typeof v === 'string';
const isSeq = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 1;
const isHash = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const isStringArray = (v: unknown) => Array.isArray(v) && v.every(isString);
// The hash covers occurredAt as Date#toISOString() writes it; any other spelling could not be rehashed.
const isIsoTime = (v: unknown) =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;

function checkEvent(value: Json): void {
  checkField(value, 'seq', isSeq);
  checkField(value, 'occurredAt', isIsoTime);
  for (const field of ['organisationId', 'actorLabel', 'action', 'subjectType', 'subjectId'])
    checkField(value, field, isString);
  for (const field of ['actorId', 'fromState', 'toState', 'requestId', 'correlationId'])
    checkField(value, field, isNullableString);
  checkField(value, 'actorRoles', isStringArray);
  checkField(value, 'payload', isObject);
  checkField(value, 'previousHash', isHash);
  checkField(value, 'hash', isHash);
}

function checkFields(value: Json, allowed: readonly string[]): void {
  const missing = allowed.filter((field) => !Object.hasOwn(value, field));
  if (missing.length) throw new ExportFormatError(`${value.type} line lacks ${missing.join(', ')}`);
  const extra = Object.keys(value).filter((field) => !allowed.includes(field));
  if (extra.length) throw new ExportFormatError(`${value.type} line has unexpected ${extra.join(', ')}`);
}

function checkField(value: Json, field: string, test: (v: unknown) => boolean): void {
  if (!test(value[field])) throw new ExportFormatError(`${value.type} line has an invalid ${field}`);
}

/*
 * How the scale seed (scale-seed.ts) writes its rows: one jsonb array per statement, or COPY text on
 * PostgreSQL, and the canonical JSON its hashes are computed over.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import canonicalize from 'canonicalize';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { RequestContext } from '@app/core';

/** Rows per statement: fewer for the tables with large documents (a decision record's snapshot is ~20 kB). */
export const BATCH_ROWS = 2_000;
/** Rows generated between two COPY rounds (each round one COPY per table, sent while the next is generated). */
export const COPY_ROWS = 20_000;
export const STATEMENT_ROWS: Record<string, number> = { decision_record: 200, risk_assessment: 500 };

/** Column lists with their SQL types: rows go in as one jsonb array per statement (PostgreSQL and PGlite alike). */
export const TABLES = {
  adoption_request: `id uuid, organisation_id uuid, reference varchar, title varchar, requester_id uuid, model_id uuid,
    use_case text, sector varchar, deployment_mode varchar, data_sensitivity varchar, intended_adaptation varchar,
    languages text[], affected_population text, expected_users bigint, justification text, alternatives jsonb,
    status varchar, revision integer, version integer, tier varchar, required_expertise text[],
    required_conditions text[], conditions text[], status_reason text, submitted_at timestamptz,
    decided_at timestamptz, expires_at timestamptz, created_at timestamptz, updated_at timestamptz,
    connectivity varchar, data_residency text[], hardware varchar, public_facing boolean`,
  audit_event: `id uuid, organisation_id uuid, seq bigint, occurred_at timestamptz, actor_id uuid, actor_label varchar,
    actor_roles text[], action varchar, subject_type varchar, subject_id varchar, from_state varchar,
    to_state varchar, payload jsonb, request_id uuid, correlation_id varchar, previous_hash char(64), hash char(64)`,
  risk_assessment: `id uuid, organisation_id uuid, request_id uuid, revision integer, assessor_ids uuid[], items jsonb,
    auto_items jsonb, eu_ai_act_class varchar, eu_ai_act_screen jsonb, marginal_risk jsonb, inherent_score integer,
    residual_score integer, tier varchar, version integer, created_at timestamptz, updated_at timestamptz`,
  decision_vote: `id uuid, organisation_id uuid, request_id uuid, revision integer, approver_id uuid, expertise text[],
    vote varchar, rationale text, conditions text[], created_at timestamptz`,
  decision_record: `id uuid, organisation_id uuid, request_id uuid, revision integer, outcome varchar, snapshot jsonb,
    audit_event_id uuid, audit_seq bigint, created_at timestamptz`,
} as const;
export type Table = keyof typeof TABLES;
export const TABLE_ORDER: Table[] = [
  'adoption_request',
  'audit_event',
  'risk_assessment',
  'decision_vote',
  'decision_record',
];

/** Each table's columns with their SQL types, in the order of TABLES. */
export const COLUMNS = Object.fromEntries(
  Object.entries(TABLES).map(([table, spec]) => [
    table,
    spec.split(',').map((c) => {
      const [name, ...type] = c.trim().split(/\s+/);
      return { name, type: type.join(' ') };
    }),
  ]),
) as Record<Table, Array<{ name: string; type: string }>>;
export const columnList = (table: Table) => COLUMNS[table].map((c) => c.name).join(', ');

export function insertSql(table: Table): string {
  const columns = columnList(table);
  return `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS x(${TABLES[table]})`;
}

/**
 * A JSON document repeated in many rows (a template's assessment items, screen, model and policy): its text
 * and its UTF-8 bytes, plain (for hashing) and escaped for COPY, encoded once and shared by every row.
 */
export class Chunk {
  readonly utf8: Buffer;
  private escaped?: Buffer;
  constructor(readonly text: string) {
    this.utf8 = Buffer.from(text, 'utf8');
  }
  /** The bytes in COPY's text format (computed on first use: the embedded database never needs them). */
  get copy(): Buffer {
    return (this.escaped ??= Buffer.from(copyText(this.text), 'utf8'));
  }
}

/**
 * A value already serialised as JSON (canonical where it is hashed), written as it is: pieces of text and
 * shared chunks, concatenated. Large documents are never copied into one string per row.
 */
export class Json {
  readonly parts: ReadonlyArray<string | Chunk>;
  constructor(...parts: Array<string | Chunk>) {
    this.parts = parts;
  }
  get text(): string {
    return this.parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
  }
  /** SHA-256 (hex) of the UTF-8 text. */
  sha256(): string {
    const hash = createHash('sha256');
    for (const p of this.parts) {
      if (typeof p === 'string') hash.update(p, 'utf8');
      else hash.update(p.utf8);
    }
    return hash.digest('hex');
  }
}
export type Row = Record<string, unknown>;

/** One row as a JSON object, for the batched inserts. */
export function jsonRow(table: Table, row: Row): string {
  return `{${COLUMNS[table]
    .map((c) => {
      const v = row[c.name];
      return `"${c.name}":${v instanceof Json ? v.text : JSON.stringify(v ?? null)}`;
    })
    .join(',')}}`;
}

export const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
export const copyText = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : s);
export const arrayElement = (v: unknown) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`);

/** What COPY is sent: text, and the shared chunks' bytes as they are. */
export type CopyPiece = string | Buffer;

/**
 * Appends one row in COPY's text format to `out`: tab-separated, \N for NULL, arrays as PostgreSQL array
 * literals; a chunk of a JSON value goes in as its shared, already escaped bytes.
 */
export function copyRow(table: Table, row: Row, out: CopyPiece[]): void {
  let text = '';
  const columns = COLUMNS[table];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    const v = row[c.name];
    if (i > 0) text += '\t';
    if (v === null || v === undefined) text += '\\N';
    else if (v instanceof Json) {
      for (const p of v.parts) {
        if (typeof p === 'string') text += copyText(p);
        else {
          out.push(text, p.copy);
          text = '';
        }
      }
    } else if (c.type === 'jsonb') text += copyText(JSON.stringify(v));
    else if (c.type.endsWith('[]')) text += copyText(`{${(v as unknown[]).map(arrayElement).join(',')}}`);
    else if (typeof v === 'boolean') text += v ? 't' : 'f';
    else text += copyText(String(v));
  }
  out.push(text + '\n');
}

/** Streams COPY pieces into `table` on the transaction's connection, text gathered into 64 kB buffers. */
export async function copyInto(client: PoolClient, table: Table, pieces: CopyPiece[]): Promise<void> {
  const buffers = function* () {
    let text = '';
    for (const p of pieces) {
      if (typeof p === 'string') {
        text += p;
        if (text.length < 65_536) continue;
      } else if (text === '') {
        yield p;
        continue;
      }
      yield Buffer.from(text, 'utf8');
      text = '';
      if (typeof p !== 'string') yield p;
    }
    if (text) yield Buffer.from(text, 'utf8');
  };
  await pipeline(
    Readable.from(buffers(), { objectMode: false }),
    client.query(copyFrom(`COPY ${table} (${columnList(table)}) FROM STDIN`)),
  );
}

export function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

/** The transaction's own pg client (COPY needs it directly). */
export async function connection(ctx: RequestContext): Promise<PoolClient> {
  const runner = ctx.em.queryRunner as unknown as { connect(): Promise<PoolClient> } | undefined;
  if (!runner) throw new Error('the scale seed must run inside a transaction');
  return runner.connect();
}

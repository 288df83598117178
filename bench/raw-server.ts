/**
 * The raw baseline of `npm run bench`: a minimal `node:http` + `pg` (Pool) server that does for a read
 * operation what the service does in PostgreSQL, and nothing else, so that service ÷ raw shows what our
 * layers cost (HTTP framework, authentication, guards, abilities, GraphQL, plugins, ORM).
 *
 * It is given a plan (BENCH_RAW_PLAN, a JSON file written by bench/run.ts) holding, for each operation,
 * the statements the service ran for one request (captured by bench/sql-capture.cjs: text, parameters,
 * connection, start and end) and the service's JSON answer to that request. For every request to
 * `POST /<operation>` it
 *  - replays the same statements with the same parameters, in the same order, sending together the
 *    statements the service had in flight together (a DataLoader batch), a transaction's statements on one
 *    connection and the others on any free pooled connection, as the service's ORM does;
 *  - builds the same JSON as the service: at start-up every value of the service's answer is looked up
 *    among the rows the statements return, and the answer is rebuilt from the fresh rows at each request
 *    (a value computed from several rows, such as a count or a quorum, is copied as it was captured).
 * At start-up it checks that the answer it builds equals the service's and prints, on stdout, one JSON
 * line: `{"ready": true, "port": ..., "operations": {name: {statements, batches, values, fromRows}}}`.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Pool, PoolClient } from 'pg';

export interface CapturedStatement {
  connection: number;
  start: number;
  end: number;
  text: string;
  values: Array<string | null | { base64: string }>;
}

export interface RawPlan {
  databaseUrl: string;
  poolSize: number;
  port: number;
  operations: Record<string, { statements: CapturedStatement[]; response: unknown }>;
}

type Row = Record<string, unknown>;
type Convert = 'same' | 'number' | 'iso' | 'json';
type Template =
  | { k: 'const'; v: unknown }
  | { k: 'ref'; s: number; r: number; c: string; conv: Convert }
  | { k: 'arr'; items: Template[] }
  | { k: 'obj'; fields: Array<[string, Template]> };

interface Statement {
  index: number;
  /** The service's connection, when the statement is part of a transaction on it (else null: any pooled one). */
  connection: number | null;
  /** The transaction ends with this statement: the connection goes back to the pool. */
  ends: boolean;
  text: string;
  values: unknown[];
}

const BEGIN = /^\s*(BEGIN|START TRANSACTION)\b/i;
const END = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i;

/** Statements in the order the service started them, split where one started after all before it ended. */
export function batches(statements: CapturedStatement[]): Statement[][] {
  const sorted = statements.map((s, index) => ({ ...s, index })).sort((a, b) => a.start - b.start);
  const out: Statement[][] = [];
  const inTransaction = new Set<number>();
  let end = -Infinity;
  for (const s of sorted) {
    if (BEGIN.test(s.text)) inTransaction.add(s.connection);
    const held = inTransaction.has(s.connection);
    const ends = held && END.test(s.text);
    if (ends) inTransaction.delete(s.connection);
    const st = {
      index: s.index,
      connection: held ? s.connection : null,
      ends,
      text: s.text,
      values: s.values.map((v) => (v !== null && typeof v === 'object' ? Buffer.from(v.base64, 'base64') : v)),
    };
    if (s.start >= end || out.length === 0) out.push([st]);
    else out[out.length - 1].push(st);
    end = Math.max(end, s.end);
  }
  return out;
}

/** The key a value is looked up by: the way it reads in the service's JSON. */
function key(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return `s:${v.toISOString()}`;
  if (Array.isArray(v)) return `a:${JSON.stringify(v.map((x) => (x instanceof Date ? x.toISOString() : String(x))))}`;
  if (typeof v === 'object') return `s:${JSON.stringify(v)}`;
  return `s:${String(v)}`;
}

function convertFor(leaf: unknown, value: unknown): Convert {
  if (value instanceof Date) return 'iso';
  if (typeof leaf === 'number' && typeof value !== 'number') return 'number';
  if (typeof leaf === 'string' && value !== null && typeof value === 'object' && !Array.isArray(value)) return 'json';
  return 'same';
}

function convert(conv: Convert, v: unknown): unknown {
  switch (conv) {
    case 'number':
      return Number(v);
    case 'iso':
      return (v as Date).toISOString();
    case 'json':
      return JSON.stringify(v);
    default:
      return v;
  }
}

/** Maps each value of the answer to the first row column holding it; what no row holds stays constant. */
export function compile(response: unknown, results: Row[][]): { template: Template; values: number; fromRows: number } {
  const index = new Map<string, { s: number; r: number; c: string; value: unknown }>();
  results.forEach((rows, s) =>
    rows.forEach((row, r) => {
      for (const [c, value] of Object.entries(row)) {
        const k = key(value);
        if (k !== null && !index.has(k)) index.set(k, { s, r, c, value });
      }
    }),
  );
  let values = 0;
  let fromRows = 0;
  const walk = (node: unknown): Template => {
    const isScalarArray = Array.isArray(node) && node.every((x) => x === null || typeof x !== 'object');
    if (node === null || typeof node !== 'object' || (isScalarArray && node.length > 0)) {
      values++;
      const k = node === null ? null : Array.isArray(node) ? key(node) : `s:${String(node)}`;
      const hit = k === null ? undefined : index.get(k);
      if (!hit) return { k: 'const', v: node };
      fromRows++;
      return { k: 'ref', s: hit.s, r: hit.r, c: hit.c, conv: convertFor(node, hit.value) };
    }
    if (Array.isArray(node)) return { k: 'arr', items: node.map(walk) };
    return { k: 'obj', fields: Object.entries(node).map(([f, v]) => [f, walk(v)]) };
  };
  return { template: walk(response), values, fromRows };
}

export function build(t: Template, results: Row[][]): unknown {
  switch (t.k) {
    case 'const':
      return t.v;
    case 'ref':
      return convert(t.conv, results[t.s][t.r][t.c]);
    case 'arr':
      return t.items.map((i) => build(i, results));
    case 'obj': {
      const o: Record<string, unknown> = {};
      for (const [f, v] of t.fields) o[f] = build(v, results);
      return o;
    }
  }
}

/**
 * Runs the statements as the service did: a transaction's statements on one connection held from its BEGIN
 * to its COMMIT or ROLLBACK, every other statement on whichever pooled connection is free (as TypeORM does
 * outside a transaction).
 */
async function replay(pool: Pool, plan: Statement[][], count: number): Promise<Row[][]> {
  const clients = new Map<number, Promise<PoolClient>>();
  const results: Row[][] = new Array<Row[]>(count);
  const client = (connection: number) => {
    let c = clients.get(connection);
    if (!c) clients.set(connection, (c = pool.connect()));
    return c;
  };
  try {
    for (const batch of plan) {
      await Promise.all(
        batch.map(async (st) => {
          if (st.connection === null) {
            results[st.index] = (await pool.query<Row>(st.text, st.values)).rows;
            return;
          }
          const c = await client(st.connection);
          results[st.index] = (await c.query<Row>(st.text, st.values)).rows;
          if (st.ends) {
            clients.delete(st.connection);
            c.release();
          }
        }),
      );
    }
    return results;
  } finally {
    for (const c of clients.values())
      void c.then(
        (x) => x.release(),
        () => undefined,
      );
  }
}

async function main(): Promise<void> {
  const file = process.env.BENCH_RAW_PLAN;
  if (!file) throw new Error('BENCH_RAW_PLAN must name the plan file written by bench/run.ts');
  const plan = JSON.parse(readFileSync(file, 'utf8')) as RawPlan;
  const pool = new Pool({ connectionString: plan.databaseUrl, max: plan.poolSize });
  const routes = new Map<string, { plan: Statement[][]; count: number; template: Template }>();
  const report: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(plan.operations)) {
    if (op.statements.length === 0) throw new Error(`${name}: no statements were captured`);
    const p = batches(op.statements);
    const results = await replay(pool, p, op.statements.length);
    const { template, values, fromRows } = compile(op.response, results);
    const again = build(template, await replay(pool, p, op.statements.length));
    if (!isDeepStrictEqual(again, op.response)) {
      throw new Error(`${name}: the answer rebuilt from the rows differs from the service's`);
    }
    routes.set(`/${name}`, { plan: p, count: op.statements.length, template });
    report[name] = { statements: op.statements.length, batches: p.length, values, fromRows };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = routes.get(req.url ?? '');
    req.resume(); // the body (the GraphQL document the service would parse) is read and ignored
    req.on('end', () => {
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      replay(pool, route.plan, route.count).then(
        (results) => {
          const body = JSON.stringify(build(route.template, results));
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
        (error: unknown) => {
          console.error(error);
          res.writeHead(500).end();
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(plan.port, '127.0.0.1', () => {
    console.log(JSON.stringify({ ready: true, port: plan.port, operations: report }));
  });
  const stop = () => server.close(() => void pool.end().finally(() => process.exit(0)));
  process.once('SIGTERM', stop).once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

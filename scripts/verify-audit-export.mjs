#!/usr/bin/env node
/**
 * Offline verifier for an audit export (NDJSON or CSV) of the model adoption governance service.
 *
 * It depends on nothing but Node.js (version 20 or later) and its built-in modules: no npm install, no network,
 * no access to the service or its database. Copy this one file to a machine you trust and read it; it is short.
 *
 * OFFLINE PROCEDURE
 *   1. Export (as an AUDITOR):
 *        curl -fsS -H "Authorization: Bearer $TOKEN" \
 *          "https://<host>/audit/export?format=ndjson&from=<seq>&to=<seq>" -o export.ndjson
 *      Omit from/to for the whole history. Keep the file as received. A CSV export (format=csv) is verified the
 *      same way: the verifier tells the two apart by the first line (CSV starts with its header row, `type,seq,…`).
 *   2. Obtain the organisation's checkpoint public key (base64 SPKI DER, the `publicKey` of a checkpoint from
 *      `createAuditCheckpoint`) through a channel independent of the export, e.g. a checkpoint you kept earlier
 *      or the key published by the operator. Its key id is the first 16 hex of SHA-256 over the decoded bytes.
 *   3. Verify, giving the checkpoints you kept from earlier exports or from `createAuditCheckpoint` (each file
 *      holds one checkpoint as JSON, an array of them, or checkpoint lines of an earlier export):
 *        node verify-audit-export.mjs export.ndjson --public-key <base64> --checkpoint kept.json [--checkpoint …]
 *      (`-` reads the export from standard input: curl … | node verify-audit-export.mjs - --public-key …)
 *   4. Read the verdict, one line on standard output:
 *        VALID: N events, head seq S hash H, checkpoint signed by KEYID[, K kept checkpoints match]   exit 0
 *        INVALID at seq S: REASON (detail; line L | row R of a CSV export | kept checkpoint K)      exit 1
 *      Exit code 2 means the script could not run (bad arguments, unreadable file). Notes go to standard error.
 *   5. Keep the new head (S, H) and the export's checkpoint line for next time.
 *
 * WHAT IS CHECKED
 *   - every line is an event, head or checkpoint line with exactly the expected fields; in a CSV export, the
 *     header is the export's, every row has its cells, a row's cells outside its type's fields are empty, a null
 *     is an empty unquoted cell and an empty string a quoted "" (as the service writes them), and actorRoles and
 *     payload are JSON text: each row is read back into the line it stands for, which is then checked as above;
 *   - events are consecutive by seq and belong to one organisation; the first event of a full export (seq 1)
 *     links to the genesis hash (64 zeros); in a range export (first seq > 1) the first previousHash is taken
 *     as given, so the range is verified, not the history before it;
 *   - each event's previousHash is the previous event's hash, and each hash is the SHA-256 (hex) of the RFC 8785
 *     canonical JSON of the event's fields other than `type` and `hash` (the same bytes the service hashes);
 *   - the head line names the last event. For an export that reaches the end of the chain the service writes
 *     the head it recorded at every append, so events removed from the end of the chain (or of the file) show
 *     as TRUNCATED: the head names a seq the event lines do not reach;
 *   - the checkpoint is for that head and organisation, its key id is
 *     the id of its public key, and its Ed25519 signature over the RFC 8785 canonical JSON of
 *     {organisation, organisationId, seq, hash, signedAt} is valid;
 *   - with --public-key, that the checkpoint was signed by that key. Without it, a valid signature only shows
 *     the checkpoint is intact: whoever rewrote the history could have signed it with a key of their own, so
 *     compare the printed key id with the one you trust;
 *   - each kept checkpoint (--checkpoint): its signature (and key, with --public-key) and organisation; that the
 *     export reaches its seq (TRUNCATED otherwise: the history lost events since you kept it, or a range export
 *     stops before it) and that the event at its seq still has its hash (HASH_DIFFERS: history rewritten, even
 *     with every hash recomputed and the head moved). One before the first event of a range export is noted
 *     on standard error and not compared.
 *
 * DEBUG: `node verify-audit-export.mjs --canonicalise <json> [<json> ...]` prints the RFC 8785 form of each
 * JSON text on its own line (the project's tests use it to compare this implementation with the service's).
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const GENESIS_HASH = '0'.repeat(64);
const HASH = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const EVENT_FIELDS = [
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
];
const SIGNED_CHECKPOINT_FIELDS = ['organisation', 'organisationId', 'seq', 'hash', 'signedAt'];
const LINE_FIELDS = {
  event: ['type', ...EVENT_FIELDS, 'hash'],
  head: ['type', 'seq', 'hash'],
  checkpoint: ['type', ...SIGNED_CHECKPOINT_FIELDS, 'signature', 'publicKey', 'keyId'],
};
/** The CSV export's header: the event columns, then the checkpoint columns that events do not have. */
export const CSV_COLUMNS = [
  'type',
  ...EVENT_FIELDS,
  'hash',
  'organisation',
  'signedAt',
  'signature',
  'publicKey',
  'keyId',
];
/** CSV columns holding JSON text (of event rows). */
const CSV_JSON_COLUMNS = new Set(['actorRoles', 'payload']);

/**
 * RFC 8785 JSON Canonicalization Scheme for values read by JSON.parse (null, booleans, numbers, strings,
 * arrays, objects): object keys sorted by UTF-16 code units, numbers and strings serialised as ECMAScript's
 * JSON.stringify does (shortest round-trip number form, -0 as 0, 1e21 as 1e+21), no whitespace.
 */
export function canonicalise(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('RFC 8785 has no form for NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalise).join(',')}]`;
  if (typeof value === 'object') {
    // `<` on strings compares UTF-16 code units, which is the order RFC 8785 section 3.2.3 prescribes.
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalise(value[key])}`).join(',')}}`;
  }
  throw new TypeError(`cannot canonicalise a ${typeof value}`);
}

/** SHA-256 (hex) of an event line's canonical form, as the service computes it when the event is appended. */
export function hashEventLine(line) {
  const covered = {};
  for (const field of EVENT_FIELDS) covered[field] = line[field];
  return createHash('sha256').update(canonicalise(covered), 'utf8').digest('hex');
}

/**
 * Verifies an export given as an (async) iterable of lines, holding only the previous event in memory. A line is
 * NDJSON text, or (from csvExportLines) `{ line }`, the object a CSV row stands for, or `{ problem }`, a row that
 * could not be read. Returns { valid: true, events, headSeq, headHash, keyId, firstSeq, firstPreviousHash } or
 * { valid: false, seq, reason, detail, line } (line: the line's number, or with `options.firstLine` = 2 for a
 * CSV export, the row's, the header being row 1).
 */
export async function verifyExport(lines, options = {}) {
  const kept = options.checkpoints ?? [];
  const keptSeqs = new Set(kept.map((c) => c.seq));
  const hashesAtKept = new Map();
  let lineNo = (options.firstLine ?? 1) - 1;
  let count = 0;
  let first = null;
  let last = null;
  let head = null;
  let checkpoint = null;
  const fail = (seq, reason, detail) => ({ valid: false, seq, reason, detail, line: lineNo });
  const nextSeq = () => (last ? last.seq + 1 : '?');

  for await (const item of lines) {
    lineNo++;
    let line;
    if (typeof item !== 'string') {
      if (item.problem) return fail(item.seq ?? nextSeq(), 'MALFORMED_LINE', item.problem);
      line = item.line;
    } else {
      try {
        line = JSON.parse(item);
      } catch {
        return fail(nextSeq(), 'MALFORMED_LINE', 'not JSON');
      }
    }
    const problem = shapeProblem(line);
    if (problem) return fail(Number.isSafeInteger(line?.seq) ? line.seq : nextSeq(), 'MALFORMED_LINE', problem);
    if (checkpoint) return fail(line.seq, 'MALFORMED_LINE', 'a line follows the checkpoint');

    if (line.type === 'event') {
      if (head) return fail(line.seq, 'MALFORMED_LINE', 'an event follows the head line');
      if (last === null) {
        if (line.seq === 1 && line.previousHash !== GENESIS_HASH) {
          return fail(1, 'BAD_GENESIS', 'the first event does not link to the genesis hash');
        }
        first = { seq: line.seq, previousHash: line.previousHash, organisationId: line.organisationId };
      } else {
        if (line.seq !== last.seq + 1) return fail(line.seq, 'GAP', `expected seq ${last.seq + 1}`);
        if (line.organisationId !== first.organisationId) {
          return fail(line.seq, 'WRONG_ORGANISATION', `event of ${line.organisationId} in ${first.organisationId}`);
        }
        if (line.previousHash !== last.hash) {
          return fail(line.seq, 'BROKEN_LINK', `previousHash is not the hash of seq ${last.seq}`);
        }
      }
      const recomputed = hashEventLine(line);
      if (recomputed !== line.hash) {
        return fail(line.seq, 'HASH_MISMATCH', `recomputed ${recomputed}, recorded ${line.hash}`);
      }
      last = { seq: line.seq, hash: line.hash };
      if (keptSeqs.has(line.seq)) hashesAtKept.set(line.seq, line.hash);
      count++;
    } else if (line.type === 'head') {
      if (head) return fail(line.seq, 'MALFORMED_LINE', 'a second head line');
      if (last === null) return fail(line.seq, 'NO_EVENTS', 'the head line comes before any event');
      if (line.seq > last.seq) {
        return fail(last.seq + 1, 'TRUNCATED', `the head is seq ${line.seq}, the events end at seq ${last.seq}`);
      }
      if (line.seq !== last.seq || line.hash !== last.hash) {
        return fail(line.seq, 'HEAD_MISMATCH', `the last event is seq ${last.seq} hash ${last.hash}`);
      }
      head = line;
    } else {
      if (head === null) return fail(nextSeq(), 'MISSING_HEAD', 'the checkpoint comes before the head line');
      const refused = checkpointProblem(line, head, first.organisationId, options.publicKey);
      if (refused) return fail(line.seq, refused[0], refused[1]);
      checkpoint = line;
    }
  }
  if (last === null) return fail(0, 'NO_EVENTS', 'the export holds no events');
  if (head === null) return fail(last.seq, 'MISSING_HEAD', 'the export ends without a head line (truncated?)');
  if (checkpoint === null) return fail(head.seq, 'MISSING_CHECKPOINT', 'the export ends without a checkpoint');
  const notCovered = [];
  for (const [index, keptCheckpoint] of kept.entries()) {
    const refused = keptCheckpointProblem(keptCheckpoint, { first, head, hashesAtKept }, options.publicKey);
    if (refused === 'NOT_COVERED') notCovered.push(keptCheckpoint.seq);
    else if (refused) {
      return { valid: false, seq: keptCheckpoint.seq, reason: refused[0], detail: refused[1], kept: index + 1 };
    }
  }
  return {
    valid: true,
    events: count,
    headSeq: head.seq,
    headHash: head.hash,
    keyId: checkpoint.keyId,
    firstSeq: first.seq,
    firstPreviousHash: first.previousHash,
    keptMatched: kept.length - notCovered.length,
    keptNotCovered: notCovered,
  };
}

/**
 * RFC 4180 records from an (async) iterable of text chunks, as arrays of cells `{ text, quoted }`. Quoted cells
 * keep their line breaks byte for byte (a CR LF inside a cell is part of the value); rows end with CR LF (or LF).
 * A quote inside an unquoted cell, text after a closing quote or an unterminated quote yield `{ problem }`.
 */
async function* csvRecords(chunks) {
  let cells = [];
  let text = '';
  let quoted = false; // the current cell started with a quote
  let inQuotes = false;
  let quoteSeen = false; // a quote inside quotes: the end of the cell, or the first of a doubled quote
  let crSeen = false;
  let started = false; // the current record has content
  const endCell = () => {
    cells.push({ text, quoted });
    text = '';
    quoted = false;
  };
  for await (const chunk of chunks) {
    for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
      if (inQuotes) {
        if (quoteSeen) {
          quoteSeen = false;
          if (ch === '"') {
            text += '"';
            continue;
          }
          inQuotes = false; // the quote closed the cell: this character follows it
        } else if (ch === '"') {
          quoteSeen = true;
          continue;
        } else {
          text += ch;
          continue;
        }
      }
      if (crSeen) {
        crSeen = false;
        if (ch !== '\n') return yield { problem: 'a carriage return outside quotes that does not end a row' };
        endCell();
        yield { cells };
        cells = [];
        started = false;
        continue;
      }
      started = true;
      if (ch === ',') endCell();
      else if (ch === '\r') crSeen = true;
      else if (ch === '\n') {
        endCell();
        yield { cells };
        cells = [];
        started = false;
      } else if (ch === '"') {
        if (quoted || text !== '') return yield { problem: 'a quote inside a cell that is not quoted' };
        quoted = true;
        inQuotes = true;
      } else if (quoted) {
        return yield { problem: 'text after the closing quote of a cell' };
      } else text += ch;
    }
  }
  if (inQuotes && !quoteSeen) return yield { problem: 'a quoted cell is not closed (truncated file?)' };
  if (started || crSeen) {
    endCell();
    yield { cells };
  }
}

/**
 * The lines of a CSV export, read back from its rows, for verifyExport: each `{ line }` holds the object the
 * row's NDJSON line would hold (a null is an empty unquoted cell, an empty string a quoted one; actorRoles and
 * payload are parsed from their JSON text; cells outside the row type's fields must be empty), or `{ problem }`.
 */
export async function* csvExportLines(chunks) {
  let header = null;
  for await (const record of csvRecords(chunks)) {
    if (record.problem) return yield record;
    const { cells } = record;
    if (header === null) {
      header = cells.map((cell) => cell.text);
      if (header[0]?.startsWith('\ufeff')) header[0] = header[0].slice(1); // a byte order mark a spreadsheet added
      if (header.join(',') !== CSV_COLUMNS.join(',')) {
        return yield { problem: `the CSV header is not the export's (${CSV_COLUMNS.join(',')})` };
      }
      continue;
    }
    if (cells.length !== header.length) {
      return yield { problem: `a row of ${cells.length} cells, the header has ${header.length}` };
    }
    const type = cells[0].text;
    const fields = LINE_FIELDS[type] ?? ['type'];
    const line = {};
    for (const [index, column] of header.entries()) {
      const { text, quoted } = cells[index];
      const value = quoted || text !== '' ? text : null;
      if (value === null && !fields.includes(column)) continue; // a column of the other row types
      if (column === 'seq' && /^[0-9]{1,16}$/.test(text) && !quoted) line.seq = Number(text);
      else if (type === 'event' && CSV_JSON_COLUMNS.has(column) && value !== null) {
        try {
          line[column] = JSON.parse(value);
        } catch {
          return yield { problem: `${column} is not JSON text`, seq: line.seq };
        }
      } else line[column] = value;
    }
    yield { line };
  }
}

/**
 * The lines of an NDJSON text given in chunks, split as JSON lines are (LF, CR LF or CR; no line break can
 * occur inside a JSON text), without their terminators; the last line counts without one too.
 */
async function* textLines(chunks) {
  let rest = '';
  for await (const chunk of chunks) {
    rest += chunk;
    const parts = rest.split(/\r\n|\n|\r(?!$)/);
    rest = parts.pop();
    yield* parts;
  }
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest !== '') yield rest;
}

/**
 * Splits a stream of text (or any async iterable of strings) into what verifyExport reads: its lines for
 * NDJSON, its rows read back into lines for CSV (which starts with its header row, `type,seq,…`). The stream
 * is read as the lines are asked for, and released (its iterator returned) when they stop being asked for.
 * Returns { format, lines }.
 */
export async function exportLines(input) {
  const iterator = input[Symbol.asyncIterator]();
  const buffered = [];
  const start = () =>
    buffered
      .join('')
      .replace(/^\ufeff/, '')
      .trimStart();
  while (start().length < 'type,'.length) {
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
  }
  const chunks = (async function* () {
    try {
      yield* buffered;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  })();
  return start().startsWith('type,')
    ? { format: 'csv', lines: csvExportLines(chunks) }
    : { format: 'ndjson', lines: textLines(chunks) };
}

/** What is wrong with a checkpoint kept from earlier, against a verified export; 'NOT_COVERED' or null. */
function keptCheckpointProblem(kept, { first, head, hashesAtKept }, trustedPublicKey) {
  const signature = signatureProblem(kept, trustedPublicKey);
  if (signature) return signature;
  if (kept.organisationId !== first.organisationId) {
    return ['WRONG_ORGANISATION', `kept checkpoint of ${kept.organisationId}, events of ${first.organisationId}`];
  }
  if (kept.seq > head.seq) {
    return [
      'TRUNCATED',
      `the kept checkpoint is at seq ${kept.seq}, the export's head at seq ${head.seq}: events were removed ` +
        'since it was signed (or this range export stops before it)',
    ];
  }
  if (kept.seq < first.seq) return 'NOT_COVERED';
  const actual = hashesAtKept.get(kept.seq);
  if (actual !== kept.hash) {
    return ['HASH_DIFFERS', `the kept checkpoint records hash ${kept.hash}, the export has ${actual} at that seq`];
  }
  return null;
}

function checkpointProblem(line, head, organisationId, trustedPublicKey) {
  if (line.organisationId !== organisationId) {
    return ['WRONG_ORGANISATION', `checkpoint of ${line.organisationId}, events of ${organisationId}`];
  }
  if (line.seq !== head.seq || line.hash !== head.hash) {
    return ['CHECKPOINT_MISMATCH', `checkpoint is for seq ${line.seq} hash ${line.hash}, not the head`];
  }
  return signatureProblem(line, trustedPublicKey);
}

/** [reason, detail] when a checkpoint's signature, key id or (with a trusted key) signer is wrong; else null. */
function signatureProblem(line, trustedPublicKey) {
  let der;
  let publicKey;
  try {
    der = decodeBase64(line.publicKey);
    publicKey = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return ['BAD_SIGNATURE', 'the checkpoint public key is not a readable SPKI DER key'];
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return ['BAD_SIGNATURE', 'the checkpoint key is not Ed25519'];
  const keyId = createHash('sha256').update(der).digest('hex').slice(0, 16);
  if (line.keyId !== keyId) return ['BAD_SIGNATURE', `keyId ${line.keyId} is not the key's id ${keyId}`];
  const signed = {};
  for (const field of SIGNED_CHECKPOINT_FIELDS) signed[field] = line[field];
  let signatureValid;
  try {
    signatureValid = verify(null, Buffer.from(canonicalise(signed), 'utf8'), publicKey, decodeBase64(line.signature));
  } catch {
    signatureValid = false; // unreadable base64 or a signature of the wrong length
  }
  if (!signatureValid) return ['BAD_SIGNATURE', 'the checkpoint signature does not verify'];
  if (trustedPublicKey !== undefined && !der.equals(trustedPublicKey)) {
    return ['UNTRUSTED_KEY', `signed by key ${keyId}, not by the key given with --public-key`];
  }
  return null;
}

/** The first thing wrong with a parsed line's shape, or null. */
function shapeProblem(line) {
  if (typeof line !== 'object' || line === null || Array.isArray(line)) return 'not a JSON object';
  if (!Object.hasOwn(LINE_FIELDS, line.type)) return `unknown line type ${JSON.stringify(line.type)}`;
  const fields = LINE_FIELDS[line.type];
  const missing = fields.filter((field) => !Object.hasOwn(line, field));
  if (missing.length) return `${line.type} line lacks ${missing.join(', ')}`;
  const extra = Object.keys(line).filter((field) => !fields.includes(field));
  if (extra.length) return `${line.type} line has unexpected ${extra.join(', ')}`;
  const invalid = (field) => `${line.type} line has an invalid ${field}`;
  if (!Number.isSafeInteger(line.seq) || line.seq < 1) return invalid('seq');
  if (!HASH.test(line.hash)) return invalid('hash');
  const isString = (v) => typeof v === 'string';
  const isNullableString = (v) => v === null || typeof v === 'string';
  if (line.type === 'event') {
    for (const field of ['occurredAt', 'organisationId', 'actorLabel', 'action', 'subjectType', 'subjectId']) {
      if (!isString(line[field])) return invalid(field);
    }
    for (const field of ['actorId', 'fromState', 'toState', 'requestId', 'correlationId']) {
      if (!isNullableString(line[field])) return invalid(field);
    }
    if (!Array.isArray(line.actorRoles) || !line.actorRoles.every(isString)) return invalid('actorRoles');
    if (typeof line.payload !== 'object' || line.payload === null || Array.isArray(line.payload)) {
      return invalid('payload');
    }
    if (!HASH.test(line.previousHash)) return invalid('previousHash');
  }
  if (line.type === 'checkpoint') {
    for (const field of ['organisation', 'organisationId', 'signedAt', 'signature', 'publicKey', 'keyId']) {
      if (!isString(line[field])) return invalid(field);
    }
  }
  return null;
}

/** Strict base64: Buffer.from(…, 'base64') would silently skip characters that do not belong. */
function decodeBase64(text) {
  if (!BASE64.test(text) || text.length % 4 !== 0) throw new Error('not base64');
  return Buffer.from(text, 'base64');
}

function readPublicKeyArgument(text) {
  const value = text.trim();
  const key = value.startsWith('-----BEGIN')
    ? createPublicKey({ key: value, format: 'pem' })
    : createPublicKey({ key: decodeBase64(value), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key.export({ format: 'der', type: 'spki' });
}

const USAGE =
  'usage: node verify-audit-export.mjs <export.ndjson | export.csv | -> [--public-key <base64 SPKI DER>] [--checkpoint <file>]…';

/**
 * Kept checkpoints from a file's text: one JSON checkpoint, a JSON array of them, or lines of which those with
 * "type":"checkpoint" (or no type) are checkpoints, e.g. an earlier export, NDJSON or CSV. Each must have the
 * checkpoint fields.
 */
async function readKeptCheckpoints(text) {
  let values;
  if (text.replace(/^\ufeff/, '').startsWith('type,')) {
    values = [];
    for await (const item of csvExportLines([text])) {
      if (item.problem) throw new Error(item.problem);
      if (item.line.type === 'checkpoint') values.push(item.line);
    }
  } else {
    try {
      const parsed = JSON.parse(text);
      values = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      values = text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line))
        .filter((value) => value?.type === 'checkpoint' || value?.type === undefined);
    }
  }
  const checkpoints = values.map((value) => {
    const { type: _type, ...checkpoint } = value ?? {};
    const problem = shapeProblem({ type: 'checkpoint', ...checkpoint });
    if (problem) throw new Error(problem);
    return checkpoint;
  });
  if (checkpoints.length === 0) throw new Error('no checkpoint in it');
  return checkpoints;
}

async function main(argv) {
  if (argv[0] === '--canonicalise') {
    for (const text of argv.slice(1)) process.stdout.write(`${canonicalise(JSON.parse(text))}\n`);
    return 0;
  }
  let file;
  let publicKey;
  const checkpointFiles = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg === '--public-key') {
      if (i + 1 >= argv.length) return usageError('--public-key needs a value');
      try {
        publicKey = readPublicKeyArgument(argv[++i]);
      } catch (error) {
        return usageError(`--public-key is not a usable Ed25519 public key (${error.message})`);
      }
    } else if (arg === '--checkpoint') {
      if (i + 1 >= argv.length) return usageError('--checkpoint needs a file');
      checkpointFiles.push(argv[++i]);
    } else if (arg.startsWith('--') || file !== undefined) {
      return usageError(`unexpected argument ${arg}`);
    } else {
      file = arg;
    }
  }
  if (file === undefined) return usageError('no export file given');
  const checkpoints = [];
  for (const keptFile of checkpointFiles) {
    try {
      checkpoints.push(...(await readKeptCheckpoints(readFileSync(keptFile, 'utf8'))));
    } catch (error) {
      return usageError(`--checkpoint ${keptFile} holds no usable checkpoint (${error.message})`);
    }
  }

  const input = file === '-' ? process.stdin.setEncoding('utf8') : createReadStream(file, { encoding: 'utf8' });
  let result;
  let format;
  try {
    const read = await exportLines(input);
    format = read.format;
    result = await verifyExport(read.lines, { publicKey, checkpoints, firstLine: format === 'csv' ? 2 : 1 });
    await read.lines.return?.();
  } catch (error) {
    process.stderr.write(`error: cannot read ${file}: ${error.message}\n`);
    return 2;
  } finally {
    if (input !== process.stdin) input.destroy();
  }
  if (!result.valid) {
    const where = result.kept
      ? `kept checkpoint ${result.kept}`
      : `${format === 'csv' ? 'row' : 'line'} ${result.line}`;
    process.stdout.write(`INVALID at seq ${result.seq}: ${result.reason} (${result.detail}; ${where})\n`);
    return 1;
  }
  const keptNote = checkpoints.length ? `, ${result.keptMatched} kept checkpoints match` : '';
  process.stdout.write(
    `VALID: ${result.events} events, head seq ${result.headSeq} hash ${result.headHash}, ` +
      `checkpoint signed by ${result.keyId}${keptNote}\n`,
  );
  for (const seq of result.keptNotCovered) {
    process.stderr.write(`note: kept checkpoint at seq ${seq} lies before this range export: not compared\n`);
  }
  if (result.firstSeq > 1) {
    process.stderr.write(
      `note: range export starting at seq ${result.firstSeq}; its previousHash ` +
        `${result.firstPreviousHash} is taken as given (the history before it is not checked)\n`,
    );
  }
  if (publicKey === undefined) {
    process.stderr.write(
      `note: no --public-key given: make sure key ${result.keyId} is the organisation's signing key\n`,
    );
  }
  return 0;
}

function usageError(message) {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  return 2;
}

function isEntryPoint() {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}

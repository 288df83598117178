import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { types } from 'pg';
import { canonicalEvent, ChainedEvent, hashEvent } from './audit-chain';
import {
  canonicalCopiedEvent,
  canonicalJsonbText,
  ChainBatch,
  chainCopySql,
  parseChainBatch,
  parseCopyLine,
  parseStoredTextArray,
  parseStoredTimestamp,
  storedTimestampIso,
  verifyChainBatch,
} from './audit-chain.reader';
import { AuditHashWorkers } from './audit-hash-workers';
import { buildChain, HashedEvent, ORG_ID } from './checkpoint/audit-export.test-support';

const pgParser = types.getTypeParser as (oid: number) => (text: string) => unknown;

/** PostgreSQL's text form of a timestamptz in a UTC session. */
const pgTimestamp = (d: Date) =>
  d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.?0*Z$/, '+00');

/** array_out of a text[]: elements quoted when empty, NULL-like or holding a delimiter, quote, backslash or space. */
const pgArray = (a: string[]) =>
  `{${a.map((x) => (x !== '' && !/^null$/i.test(x) && !/[{},"\\\s]/.test(x) ? x : `"${x.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/** UTF-8 byte order, as jsonb compares keys of one length. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** jsonb_out of a value as JSON.parse returns it: keys by length then bytes, ", " and ": " between items. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || byteOrder(a, b));
    const object = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText(object[k])}`).join(', ')}}`;
  }
  // numeric_out writes no exponent; JSON.stringify does past 1e21 and below 1e-6 (either reads back the same).
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e21) return BigInt(value).toString();
  return JSON.stringify(value);
}

/** A field as COPY's text format writes it. */
const copyField = (text: string | null) =>
  text === null
    ? '\\N'
    : text.replace(
        /[\\\b\f\n\r\t\v]/g,
        (c) => `\\${{ '\\': '\\', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' }[c]}`,
      );

/** The COPY line chainCopySql gives for an event. */
function copyLine(e: HashedEvent): string {
  return [
    String(e.seq),
    pgTimestamp(e.occurredAt),
    e.actorId,
    e.actorLabel,
    pgArray(e.actorRoles),
    e.action,
    e.subjectType,
    e.subjectId,
    e.fromState,
    e.toState,
    jsonbText(e.payload),
    e.requestId,
    e.correlationId,
    e.previousHash,
    e.hash,
  ]
    .map(copyField)
    .join('\t');
}

/** A batch as chainCopySql returns it. */
function batchOf(events: HashedEvent[], organisationId = ORG_ID): ChainBatch {
  return { organisationId, data: Buffer.from(events.map((e) => `${copyLine(e)}\n`).join('')) };
}

describe('reading chain batches', () => {
  it.each([
    '2026-11-27 10:00:01+00',
    '2026-11-27 10:00:01.29+00',
    '2026-11-27 10:00:01.123456+00',
    '2026-11-27 10:00:01.999999+00',
    '1999-12-31 23:59:59.5+00',
    '0099-01-01 00:00:00+00',
    '2026-11-27 10:00:01.25+02',
    '2026-11-27 10:00:01-05:30',
    '0044-03-15 12:00:00+00 BC',
    'infinity',
  ])('reads the timestamp %s as pg does', (text) => {
    const expected = pgParser(1184)(text);
    expect(parseStoredTimestamp(text)).toEqual(expected);
  });

  it('reads every millisecond and many microseconds as pg does', () => {
    const base = Date.UTC(2026, 0, 1);
    for (let us = 0; us < 1_000_000; us += 13) {
      const frac = String(us).padStart(6, '0').replace(/0+$/, '');
      const text = `2026-01-01 00:00:00${frac ? `.${frac}` : ''}+00`;
      expect(parseStoredTimestamp(text).getTime()).toBe((pgParser(1184)(text) as Date).getTime());
    }
    expect(parseStoredTimestamp('2026-01-01 00:00:00.29+00').getTime()).toBe(base + 290);
  });

  it.each([
    '{}',
    '{APPROVER,REQUESTER}',
    '{NULL}',
    '{null,A}',
    '{"a b",c}',
    '{""}',
    '{"NULL"}',
    '{é}',
    '{{a,b},{c,d}}',
  ])('reads the array %s as pg does', (text) => expect(parseStoredTextArray(text)).toEqual(pgParser(1009)(text)));

  it('rebuilds the events, which verify', () => {
    const chain = buildChain(6);
    // As jsonb keeps it: -0 reads back as 0 (the canonical form writes both as 0).
    const stored = chain.map((e) => ({ ...e, payload: JSON.parse(JSON.stringify(e.payload)) as typeof e.payload }));
    expect(parseChainBatch(batchOf(chain))).toEqual(stored);
    expect(verifyChainBatch(batchOf(chain))).toEqual({
      count: 6,
      first: { seq: 1, previousHash: chain[0].previousHash },
      checked: 6,
      last: { seq: 6, hash: chain[5].hash },
      failure: null,
    });
    expect(verifyChainBatch({ organisationId: ORG_ID, data: new Uint8Array(0) })).toMatchObject({
      count: 0,
      first: null,
    });
  });
});

describe('canonical form from COPY lines', () => {
  // Text PostgreSQL can hold: any well-formed string without NUL.
  const text = fc
    .string({ unit: 'binary', maxLength: 12 })
    .filter((t) => (t as unknown as { isWellFormed(): boolean }).isWellFormed() && !t.includes('\u0000'));
  const nullableText = fc.option(text, { nil: null });
  const key = fc.oneof(
    text,
    fc.constantFrom('0', '1', '10', '9', 'a', 'B', '__proto__', 'toJSON', '\u00e9', '\ud83d\ude00'),
  );
  const number = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(0.1, 1e21, 1e-7, 100, 2 ** 53 + 2, -0),
  );
  const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      text,
      number,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    ),
  })).value;
  // What JSON.parse returns for the stored payload (-0 reads back as 0).
  const payload = fc
    .dictionary(key, json, { maxKeys: 6 })
    .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
  const event: fc.Arbitrary<HashedEvent> = fc
    .record({
      organisationId: fc.uuid(),
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      occurredAt: fc.date({
        min: new Date(Date.UTC(1000, 0, 1)),
        max: new Date(Date.UTC(9999, 0, 1)),
        noInvalidDate: true,
      }),
      actorId: fc.option(fc.uuid(), { nil: null }),
      actorLabel: text,
      actorRoles: fc.array(fc.oneof(text, fc.constantFrom('APPROVER', 'NULL', 'null', 'a b', '')), { maxLength: 3 }),
      action: text,
      subjectType: text,
      subjectId: text,
      fromState: nullableText,
      toState: nullableText,
      payload,
      requestId: fc.option(fc.uuid(), { nil: null }),
      correlationId: nullableText,
      previousHash: fc.oneof(
        text,
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
      ),
      hash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
    })
    .map((e) => ({ ...e, organisationId: e.organisationId.toLowerCase() }));

  it('gives the bytes canonicalEvent gives, for any event, and reads it back as it was stored', () => {
    fc.assert(
      fc.property(event, (e) => {
        const [line] = Buffer.from(batchOf([e]).data)
          .toString()
          .split('\n');
        expect(canonicalCopiedEvent(e.organisationId, parseCopyLine(line))).toBe(canonicalEvent(e));
        const [read] = parseChainBatch(batchOf([e], e.organisationId));
        expect(read).toEqual({ ...e, payload: JSON.parse(JSON.stringify(e.payload)) });
      }),
      { numRuns: 2000 },
    );
    for (const e of buildChain(8)) {
      expect(canonicalCopiedEvent(ORG_ID, parseCopyLine(copyLine(e)))).toBe(canonicalEvent(e));
    }
  });

  it.each([
    ['keys jsonb orders by length first', '{"b": 1, "aa": 2}'],
    ['integer-like keys', '{"1": 1, "10": 2, "9": 3, "a": 4}'],
    ['numbers jsonb keeps as written', '{"a": [1.0, 2.50, 1000000000000000000000, 0.0000001, -0, 1e999]}'],
    ['escapes', '{"a\\"b": "line\\nnext \\u0001 \\\\ é 😀", "b": {"y": [], "x": {}}}'],
    ['a scalar', '"just text"'],
  ])('handles payloads with %s', (_, payloadText) => {
    const [e] = buildChain(1);
    const fields = parseCopyLine(copyLine(e));
    fields[10] = payloadText;
    const stored: ChainedEvent = { ...e, payload: JSON.parse(payloadText) as Record<string, unknown> };
    if (payloadText.includes('1e999')) {
      expect(() => canonicalCopiedEvent(ORG_ID, fields)).toThrow('Infinity is not allowed');
    } else {
      expect(canonicalCopiedEvent(ORG_ID, fields)).toBe(canonicalEvent(stored));
    }
  });

  it('writes a jsonb text in canonical form by dropping its spaces, or leaves it to be parsed', () => {
    let direct = 0;
    fc.assert(
      fc.property(json, (value) => {
        const stored = JSON.parse(JSON.stringify(value)) as unknown;
        const sut = canonicalJsonbText(jsonbText(stored));
        if (sut !== null) direct++;
        expect(sut ?? canonicalize(stored)).toBe(canonicalize(stored));
      }),
      { numRuns: 2000 },
    );
    expect(direct).toBeGreaterThan(200);
    const usual = { n: 300001, tags: ['bench', 'adoption.submitted'], title: 'Request 1', ok: [true, false, null, -5] };
    expect(canonicalJsonbText(jsonbText(usual))).toBe(canonicalize(usual));
    expect(canonicalJsonbText('{"a": "x, y: z", "b": {}, "c": [[], {"d": 0}]}')).toBe(
      '{"a":"x, y: z","b":{},"c":[[],{"d":0}]}',
    );
    for (const text of ['{"b": 1, "aa": 2}', '{"a": 1.5}', '{"a": 10000000000000000}', '{"a": "\\n"}', '{"a": -0}']) {
      expect(canonicalJsonbText(text)).toBeNull();
    }
  });

  it('writes every millisecond of a timestamp as its Date would', () => {
    for (let us = 0; us < 1_000_000; us += us % 1000 === 0 ? 1000 - 97 : 97) {
      const frac = String(us).padStart(6, '0').replace(/0+$/, '');
      const text = `2026-01-01 00:00:00${frac ? `.${frac}` : ''}+00`;
      expect(storedTimestampIso(text)).toBe((pgParser(1184)(text) as Date).toISOString());
    }
    for (const text of ['2026-11-27 10:00:01.25+02', '2026-11-27 10:00:01-05:30', '1999-12-31 23:59:59.5+00']) {
      expect(storedTimestampIso(text)).toBe((pgParser(1184)(text) as Date).toISOString());
    }
  });

  it('unescapes COPY fields and reads \\N as null', () => {
    expect(parseCopyLine(['a\\\\b\\tc\\nd\\re\\bf\\fg\\vh', '\\N', ...Array(13).fill('x')].join('\t'))).toEqual([
      'a\\b\tc\nd\re\bf\fg\vh',
      null,
      ...Array(13).fill('x'),
    ]);
    expect(() => parseCopyLine(['\\x41', ...Array(14).fill('x')].join('\t'))).toThrow('unexpected escape');
    expect(() => parseCopyLine('a\tb')).toThrow('2 fields');
  });

  it('refuses to write a statement around what is not a canonical uuid or a safe integer', () => {
    expect(chainCopySql(ORG_ID, 0, 10, 5)).toContain(`organisation_id = '${ORG_ID}' AND seq > 0 AND seq <= 10`);
    expect(() => chainCopySql(`${ORG_ID}'; --`, 0, 10, 5)).toThrow('not a canonical uuid');
    expect(() => chainCopySql('ABCDEF01-1111-4111-8111-111111111111', 0, 10, 5)).toThrow('not a canonical uuid');
    expect(() => chainCopySql(ORG_ID, 0.5, 10, 5)).toThrow('not a safe integer');
  });
});

describe(AuditHashWorkers.name, () => {
  const sut = new AuditHashWorkers(2);
  afterAll(() => sut.close());

  it('answers what verifying on the calling thread answers, batch by batch, in any number at once', async () => {
    const chain = buildChain(40);
    chain[25] = { ...chain[25], payload: { changed: true } };
    const batches = [0, 10, 20, 30].map((from) => batchOf(chain.slice(from, from + 10)));
    const segments = await Promise.all(batches.map((b) => sut.verify(b)));
    expect(segments).toEqual(batches.map(verifyChainBatch));
    expect(segments[2].failure).toEqual({ seq: 26, reason: 'HASH_MISMATCH' });
  });

  it('rejects with the error a batch raised, and keeps working', async () => {
    const [e] = buildChain(1);
    const bad = batchOf([{ ...e, hash: hashEvent(e) }]);
    const broken = { ...bad, data: Buffer.from(Buffer.from(bad.data).toString().replace('"z": 1', '"z": 1e999')) };
    await expect(sut.verify(broken)).rejects.toThrow('Infinity is not allowed');
    await expect(sut.verify(bad)).resolves.toMatchObject({ checked: 1, failure: null });
  });
});

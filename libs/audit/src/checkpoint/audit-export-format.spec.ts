import { hashEvent } from '../audit-chain';
import { loadSigningKey, signCheckpoint } from './audit-checkpoint';
import {
  CSV_COLUMNS,
  EVENT_FIELDS,
  ExportFormatError,
  checkpointCsvRow,
  checkpointLine,
  chainedEventFromLine,
  csvCell,
  csvHeader,
  eventCsvRow,
  eventLine,
  headCsvRow,
  headLine,
  parseExportLine,
} from './audit-export-format';
import { ORG_ID, buildChain } from './audit-export.test-support';

/** A small RFC 4180 reader, independent of the writer under test: cells of one record, null for unquoted empty. */
function readCsvRecord(text: string): Array<string | null> {
  const cells: Array<string | null> = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let cell = '';
      for (i++; ; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else if (i >= text.length) throw new Error('unterminated quote');
        else cell += text[i];
      }
      cells.push(cell);
      i++;
    } else {
      const end = text.indexOf(',', i) === -1 ? text.length : text.indexOf(',', i);
      const cell = text.slice(i, end);
      if (/["\r\n]/.test(cell)) throw new Error(`unquoted special character in ${JSON.stringify(cell)}`);
      cells.push(cell === '' ? null : cell);
      i = end;
    }
    if (i >= text.length) return cells;
    if (text[i] !== ',') throw new Error(`expected a comma at ${i}`);
    i++;
  }
}

const events = buildChain(4);
const key = loadSigningKey(undefined, 'test');
const checkpoint = signCheckpoint(key, { organisation: 'demo', organisationId: ORG_ID, seq: 4, hash: events[3].hash });

describe('audit export NDJSON lines', () => {
  it('an event line carries exactly the hashed fields plus type and hash, in a fixed order', () => {
    const sut = JSON.parse(eventLine({ ...events[0], id: 'row-id' } as (typeof events)[0]));
    expect(Object.keys(sut)).toEqual(['type', ...EVENT_FIELDS, 'hash']);
    expect(sut).toMatchObject({ type: 'event', seq: 1, occurredAt: events[0].occurredAt.toISOString() });
    expect(eventLine(events[0])).not.toContain('\n');
  });

  it.each(events.map((e) => [e.seq, e] as const))('event %i round-trips and still hashes to its hash', (_seq, e) => {
    const sut = parseExportLine(eventLine(e));
    expect(sut.type).toBe('event');
    const back = chainedEventFromLine(sut as Extract<typeof sut, { type: 'event' }>);
    // JSON has no -0: the payload's -0 reads back as 0, which RFC 8785 writes the same way, so the hash holds.
    expect(back).toEqual({ ...e, payload: JSON.parse(JSON.stringify(e.payload)) });
    expect(hashEvent(back)).toBe(e.hash);
  });

  it('head and checkpoint lines round-trip', () => {
    expect(parseExportLine(headLine({ seq: 4, hash: events[3].hash }))).toEqual({
      type: 'head',
      seq: 4,
      hash: events[3].hash,
    });
    expect(parseExportLine(checkpointLine({ ...checkpoint, extra: 1 } as typeof checkpoint))).toEqual({
      type: 'checkpoint',
      ...checkpoint,
    });
  });

  const good = JSON.parse(eventLine(events[0]));
  it.each<[string, unknown, RegExp]>([
    ['not JSON', '{"type":"event"', /not JSON/],
    ['an array', [good], /not a JSON object/],
    ['an unknown type', { ...good, type: 'note' }, /unknown line type "note"/],
    ['a missing field', { ...good, correlationId: undefined }, /lacks correlationId/],
    ['an unexpected field', { ...good, id: 'x' }, /unexpected id/],
    ['an upper-case hash', { ...good, hash: good.hash.toUpperCase() }, /invalid hash/],
    ['a time without milliseconds', { ...good, occurredAt: '2026-11-27T10:00:01Z' }, /invalid occurredAt/],
    ['a payload array', { ...good, payload: [] }, /invalid payload/],
    ['a string seq', { ...good, seq: '1' }, /invalid seq/],
    ['a numeric actor role', { ...good, actorRoles: [1] }, /invalid actorRoles/],
    ['a head without hash', { type: 'head', seq: 1 }, /lacks hash/],
  ])('refuses a line with %s', (_case, value, message) => {
    const line = typeof value === 'string' ? value : JSON.stringify(value);
    expect(() => parseExportLine(line)).toThrow(ExportFormatError);
    expect(() => parseExportLine(line)).toThrow(message);
  });
});

describe('audit export CSV', () => {
  it.each<[string | number | null, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\r\nreturn', '"carriage\r\nreturn"'],
    ['', '""'],
    [null, ''],
    [42, '42'],
  ])('quotes %p as %p (RFC 4180; null unquoted empty, empty string quoted)', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a header of the event columns and the checkpoint columns', () => {
    expect(csvHeader()).toBe(CSV_COLUMNS.join(','));
    expect(readCsvRecord(csvHeader())).toEqual(['type', ...EVENT_FIELDS, 'hash', ...CSV_COLUMNS.slice(17)]);
  });

  it('writes one row per event that reads back to the same values', () => {
    const e = events[0];
    const cells = readCsvRecord(eventCsvRow(e));
    const row = Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, cells[i]]));
    expect(cells).toHaveLength(CSV_COLUMNS.length);
    expect(row).toMatchObject({ type: 'event', seq: '1', actorLabel: e.actorLabel, hash: e.hash, signature: null });
    expect(row.actorLabel).toContain('"');
    expect(JSON.parse(row.payload!)).toEqual(JSON.parse(JSON.stringify(e.payload)));
    expect(JSON.parse(row.actorRoles!)).toEqual(e.actorRoles);
    const even = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, readCsvRecord(eventCsvRow(events[1]))[i]]));
    expect(even).toMatchObject({ actorId: null, fromState: null, correlationId: null, actorRoles: '[]' });
  });

  it('ends with a head row and a checkpoint row marked in the type column', () => {
    const head = Object.fromEntries(
      CSV_COLUMNS.map((c, i) => [c, readCsvRecord(headCsvRow({ seq: 4, hash: events[3].hash }))[i]]),
    );
    expect(head).toMatchObject({ type: 'head', seq: '4', hash: events[3].hash, payload: null, keyId: null });
    const cells = readCsvRecord(checkpointCsvRow(checkpoint));
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i]]));
    expect(row).toMatchObject({
      type: 'checkpoint',
      seq: '4',
      hash: checkpoint.hash,
      organisation: 'demo',
      organisationId: ORG_ID,
      signedAt: checkpoint.signedAt,
      signature: checkpoint.signature,
      publicKey: checkpoint.publicKey,
      keyId: checkpoint.keyId,
      payload: null,
    });
  });
});

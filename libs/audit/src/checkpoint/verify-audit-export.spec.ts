import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import canonicalize from 'canonicalize';
import { AuditCheckpoint, AuditSigningKey, loadSigningKey, signCheckpoint } from './audit-checkpoint';
import { hashEvent } from '../audit-chain';
import {
  checkpointCsvRow,
  checkpointLine,
  CSV_LINE_END,
  csvHeader,
  eventCsvRow,
  eventLine,
  headCsvRow,
  headLine,
} from './audit-export-format';
import { HashedEvent, ORG_ID, buildChain } from './audit-export.test-support';

/**
 * The offline verifier is plain JavaScript with its own RFC 8785 implementation; these tests run it as an
 * auditor would (a separate node process on a file written in the service's export format) to prove that its
 * canonicalisation and hashing agree with the service's `hashEvent` and `canonicalize`.
 */
const SCRIPT = resolve(__dirname, '../../../../scripts/verify-audit-export.mjs');

interface Run {
  status: number;
  stdout: string;
}

function run(args: string[], input?: string): Run {
  try {
    const stdout = execFileSync(process.execPath, [SCRIPT, ...args], {
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return { status: 0, stdout };
  } catch (error) {
    const failed = error as { status: number | null; stdout: string };
    return { status: failed.status ?? -1, stdout: failed.stdout };
  }
}

const key = loadSigningKey(undefined, 'test');
const chain = buildChain(6);
const head = chain[chain.length - 1];

function sign(events: HashedEvent[], signer: Pick<AuditSigningKey, 'privateKey'> = key): AuditCheckpoint {
  const last = events[events.length - 1];
  return signCheckpoint(signer, { organisation: 'demo', organisationId: ORG_ID, seq: last.seq, hash: last.hash });
}

function exportLines(events: HashedEvent[], checkpoint = sign(events)): string[] {
  const last = events[events.length - 1];
  return [...events.map(eventLine), headLine(last), checkpointLine(checkpoint)];
}

let dir: string;
let fileCount = 0;
function write(content: string | Buffer): string {
  const file = join(dir, `export-${++fileCount}.ndjson`);
  writeFileSync(file, content);
  return file;
}
const text = (lines: string[]) => `${lines.join('\n')}\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts/verify-audit-export.mjs', () => {
  it('accepts an untouched export, then rejects it once one byte of a payload is edited', () => {
    const file = write(text(exportLines(chain)));
    expect(run([file])).toEqual({
      status: 0,
      stdout: `VALID: 6 events, head seq 6 hash ${head.hash}, checkpoint signed by ${key.keyId}\n`,
    });

    const bytes = readFileSync(file);
    const at = bytes.indexOf('marginal risk 3"');
    expect(at).toBeGreaterThan(0);
    bytes[at + 'marginal risk '.length] = '7'.charCodeAt(0);
    writeFileSync(file, bytes);
    const sut = run([file]);
    expect(sut.status).toBe(1);
    expect(sut.stdout).toMatch(
      /^INVALID at seq 3: HASH_MISMATCH \(recomputed [0-9a-f]{64}, recorded [0-9a-f]{64}; line 3\)\n$/,
    );
  });

  it('checks the signing key when one is given with --public-key', () => {
    const file = write(text(exportLines(chain)));
    expect(run([file, '--public-key', key.publicKey]).stdout).toMatch(/^VALID: 6 events/);
    const other = loadSigningKey(undefined, 'test');
    const sut = run([file, '--public-key', other.publicKey]);
    expect(sut.status).toBe(1);
    expect(sut.stdout).toMatch(/^INVALID at seq 6: UNTRUSTED_KEY/);
  });

  it('a history rewritten, rehashed and re-signed with another key passes only without a pinned key', () => {
    const forger = loadSigningKey(undefined, 'test');
    const rewritten = [...chain.slice(0, 2), ...buildChain(4, { fromSeq: 3, previousHash: chain[1].hash, salt: '!' })];
    const file = write(text(exportLines(rewritten, sign(rewritten, forger))));
    expect(run([file]).stdout).toContain(`checkpoint signed by ${forger.keyId}`);
    expect(run([file, '--public-key', key.publicKey])).toMatchObject({
      status: 1,
      stdout: expect.stringMatching(/^INVALID at seq 6: UNTRUSTED_KEY/),
    });
  });

  it('accepts a range export whose first previousHash links to an event before the range', () => {
    const range = chain.slice(2);
    const sut = run([write(text(exportLines(range)))]);
    expect(sut).toEqual({
      status: 0,
      stdout: `VALID: 4 events, head seq 6 hash ${head.hash}, checkpoint signed by ${key.keyId}\n`,
    });
  });

  it('accepts CRLF line ends and an export read from standard input', () => {
    const lines = exportLines(chain);
    expect(run([write(lines.join('\r\n'))]).stdout).toMatch(/^VALID: 6 events/);
    expect(run(['-'], text(lines)).stdout).toMatch(/^VALID: 6 events/);
  });

  const lines = exportLines(chain);
  const otherCheckpoint = sign(chain.slice(0, 5));
  const forgedSignature = (() => {
    const checkpoint = JSON.parse(lines[7]);
    const signature = Buffer.from(checkpoint.signature, 'base64');
    signature[0] ^= 0x80;
    return JSON.stringify({ ...checkpoint, signature: signature.toString('base64') });
  })();
  const withLine = (index: number, line: string) => lines.map((l, i) => (i === index ? line : l));
  const edit = (index: number, change: Record<string, unknown>) =>
    withLine(index, JSON.stringify({ ...JSON.parse(lines[index]), ...change }));

  it.each<[string, string[], string]>([
    ['a deleted event', lines.filter((_l, i) => i !== 2), 'INVALID at seq 4: GAP'],
    ['swapped events', [lines[0], lines[2], lines[1], ...lines.slice(3)], 'INVALID at seq 3: GAP'],
    ['a relinked event', edit(3, { previousHash: chain[1].hash }), 'INVALID at seq 4: BROKEN_LINK'],
    [
      'a first event not on the genesis hash',
      edit(0, { previousHash: 'a'.repeat(64) }),
      'INVALID at seq 1: BAD_GENESIS',
    ],
    ['an edited hash', edit(4, { hash: 'f'.repeat(64) }), 'INVALID at seq 5: HASH_MISMATCH'],
    ['an event of another organisation', edit(1, { organisationId: 'x' }), 'INVALID at seq 2: WRONG_ORGANISATION'],
    ['a field outside the hash', edit(1, { note: 'x' }), 'INVALID at seq 2: MALFORMED_LINE'],
    ['a line that is not JSON', withLine(1, '{"type":'), 'INVALID at seq 2: MALFORMED_LINE'],
    ['a blank line', withLine(1, ''), 'INVALID at seq 2: MALFORMED_LINE'],
    ['a head that is not the last event', edit(6, { seq: 5, hash: chain[4].hash }), 'INVALID at seq 5: HEAD_MISMATCH'],
    [
      'a checkpoint of another head',
      withLine(7, checkpointLine(otherCheckpoint)),
      'INVALID at seq 5: CHECKPOINT_MISMATCH',
    ],
    [
      'a checkpoint with an edited time',
      edit(7, { signedAt: '2030-01-01T00:00:00.000Z' }),
      'INVALID at seq 6: BAD_SIGNATURE',
    ],
    ['a forged signature', withLine(7, forgedSignature), 'INVALID at seq 6: BAD_SIGNATURE'],
    ['a wrong key id', edit(7, { keyId: '0000000000000000' }), 'INVALID at seq 6: BAD_SIGNATURE'],
    ['no checkpoint', lines.slice(0, 7), 'INVALID at seq 6: MISSING_CHECKPOINT'],
    ['a truncated file', lines.slice(0, 4), 'INVALID at seq 4: MISSING_HEAD'],
    ['a line after the checkpoint', [...lines, lines[0]], 'INVALID at seq 1: MALFORMED_LINE'],
    ['no events', lines.slice(6), 'INVALID at seq 6: NO_EVENTS'],
  ])('rejects an export with %s', (_case, content, verdict) => {
    const sut = run([write(text(content))]);
    expect(sut.status).toBe(1);
    expect(sut.stdout.startsWith(`${verdict} (`)).toBe(true);
    expect(sut.stdout.split('\n')).toHaveLength(2);
  });

  it('reports events removed from the end when the head names a seq the events do not reach', () => {
    // What an export of a chain cut short behind the triggers looks like: the service writes its recorded head.
    const cut = [...lines.slice(0, 4), lines[6], lines[7]];
    const sut = run([write(text(cut))]);
    expect(sut.status).toBe(1);
    expect(sut.stdout).toBe('INVALID at seq 5: TRUNCATED (the head is seq 6, the events end at seq 4; line 5)\n');
  });

  describe('with checkpoints kept from earlier (--checkpoint)', () => {
    const keep = (value: unknown) => write(JSON.stringify(value));
    const earlier = sign(chain.slice(0, 4));

    it('accepts an export that still holds every kept checkpoint, whatever file form it was kept in', () => {
      const asExportLines = write(text(exportLines(chain.slice(0, 4))));
      const sut = run([write(text(lines)), '--checkpoint', keep(earlier), '--checkpoint', asExportLines]);
      expect(sut).toEqual({
        status: 0,
        stdout: `VALID: 6 events, head seq 6 hash ${head.hash}, checkpoint signed by ${key.keyId}, 2 kept checkpoints match\n`,
      });
      expect(run([write(text(lines)), '--checkpoint', keep([earlier, sign(chain)])]).stdout).toMatch(
        /2 kept checkpoints match\n$/,
      );
    });

    it('reports an export whose head lies before a kept checkpoint (history truncated with its head)', () => {
      const shorter = exportLines(chain.slice(0, 3));
      const sut = run([write(text(shorter)), '--checkpoint', keep(earlier)]);
      expect(sut.status).toBe(1);
      expect(sut.stdout).toMatch(
        /^INVALID at seq 4: TRUNCATED \(the kept checkpoint is at seq 4, the export's head at seq 3/,
      );
      expect(sut.stdout).toMatch(/; kept checkpoint 1\)\n$/);
    });

    it('reports a history rewritten and re-signed after the checkpoint was kept', () => {
      const rewritten = [
        ...chain.slice(0, 2),
        ...buildChain(4, { fromSeq: 3, previousHash: chain[1].hash, salt: '!' }),
      ];
      const sut = run([write(text(exportLines(rewritten))), '--checkpoint', keep(earlier)]);
      expect(sut.status).toBe(1);
      expect(sut.stdout).toMatch(/^INVALID at seq 4: HASH_DIFFERS/);
    });

    it('refuses a kept checkpoint that was altered, or signed by another key than the pinned one', () => {
      const altered = run([write(text(lines)), '--checkpoint', keep({ ...earlier, seq: 5, hash: chain[4].hash })]);
      expect(altered.stdout).toMatch(/^INVALID at seq 5: BAD_SIGNATURE/);
      const other = signCheckpoint(loadSigningKey(undefined, 'test'), {
        organisation: 'demo',
        organisationId: ORG_ID,
        seq: 4,
        hash: chain[3].hash,
      });
      const pinned = run([write(text(lines)), '--public-key', key.publicKey, '--checkpoint', keep(other)]);
      expect(pinned.stdout).toMatch(/^INVALID at seq 4: UNTRUSTED_KEY/);
    });

    it('notes, without failing, a kept checkpoint before the first event of a range export', () => {
      const sut = run([write(text(exportLines(chain.slice(4)))), '--checkpoint', keep(earlier)]);
      expect(sut.stdout).toMatch(/^VALID: 2 events, .*, 0 kept checkpoints match\n$/);
    });

    it('exits 2 on a checkpoint file that holds no checkpoint', () => {
      expect(run([write(text(lines)), '--checkpoint', keep({ seq: 1 })])).toEqual({ status: 2, stdout: '' });
    });
  });

  it.each([[[]], [['/nonexistent/export.ndjson']], [['a', 'b']], [['--public-key', 'nope', 'x.ndjson']]])(
    'exits 2 without a verdict on unusable arguments %p',
    (args) => {
      expect(run(args)).toEqual({ status: 2, stdout: '' });
    },
  );
});

describe('scripts/verify-audit-export.mjs on a CSV export', () => {
  /** The rows `GET /audit/export?format=csv` writes, header first. */
  function csvRows(events: HashedEvent[], checkpoint = sign(events)): string[] {
    return [
      csvHeader(),
      ...events.map(eventCsvRow),
      headCsvRow(events[events.length - 1]),
      checkpointCsvRow(checkpoint),
    ];
  }
  const csv = (rows: string[]) => rows.map((row) => row + CSV_LINE_END).join('');
  const writeCsv = (content: string) => {
    const file = join(dir, `export-${++fileCount}.csv`);
    writeFileSync(file, content);
    return file;
  };

  /** Values a CSV reader easily gets wrong: line breaks and quotes inside cells, an empty string beside nulls. */
  const awkward: HashedEvent[] = (() => {
    const [first, ...rest] = buildChain(3);
    const edited = {
      ...first,
      actorLabel: 'Ada\r\n"the approver", with\nbreaks\r',
      subjectId: '',
      correlationId: '',
      payload: { ...first.payload, cell: 'a,b\r\n"c"' },
    };
    const events: HashedEvent[] = [{ ...edited, hash: hashEvent(edited) }];
    for (const event of rest) {
      const linked = { ...event, previousHash: events[events.length - 1].hash };
      events.push({ ...linked, hash: hashEvent(linked) });
    }
    return events;
  })();
  const awkwardHead = awkward[awkward.length - 1];

  it('accepts an untouched CSV export, with the verdict of the same export as NDJSON', () => {
    const verdict = `VALID: 6 events, head seq 6 hash ${head.hash}, checkpoint signed by ${key.keyId}\n`;
    expect(run([writeCsv(csv(csvRows(chain)))])).toEqual({ status: 0, stdout: verdict });
    expect(run([write(text(exportLines(chain)))])).toEqual({ status: 0, stdout: verdict });
    expect(run(['-'], csv(csvRows(chain)))).toEqual({ status: 0, stdout: verdict });
    expect(run([writeCsv(csv(csvRows(chain.slice(2))))]).stdout).toMatch(/^VALID: 4 events, head seq 6 /);
  });

  it('reads line breaks and quotes inside cells, and tells an empty string from a null', () => {
    const rows = csvRows(awkward);
    expect(rows[1]).toContain('"Ada\r\n""the approver"", with\nbreaks\r"');
    expect(run([writeCsv(csv(rows))])).toEqual({
      status: 0,
      stdout: `VALID: 3 events, head seq 3 hash ${awkwardHead.hash}, checkpoint signed by ${key.keyId}\n`,
    });
    // An editor that rewrites line ends changes the value the hash covers.
    expect(run([writeCsv(csv(rows).replace('breaks\r"', 'breaks"'))]).stdout).toMatch(
      /^INVALID at seq 1: HASH_MISMATCH/,
    );
    // An empty string written as an empty cell reads back as null: a required field missing, or another hash.
    const at = (row: string, index: number) => `${row.slice(0, index)},,${row.slice(index + ',"",'.length)}`;
    const subjectNulled = at(rows[1], rows[1].indexOf(',"",'));
    const correlationNulled = at(rows[1], rows[1].lastIndexOf(',"",'));
    expect(subjectNulled).not.toBe(correlationNulled);
    expect(run([writeCsv(csv([rows[0], subjectNulled, ...rows.slice(2)]))]).stdout).toMatch(
      /^INVALID at seq 1: MALFORMED_LINE \(event line has an invalid subjectId; row 2\)/,
    );
    expect(run([writeCsv(csv([rows[0], correlationNulled, ...rows.slice(2)]))]).stdout).toMatch(
      /^INVALID at seq 1: HASH_MISMATCH .*; row 2\)/,
    );
  });

  it('rejects an edited payload, naming the row', () => {
    const rows = csvRows(chain);
    const edited = rows.map((row, i) => (i === 3 ? row.replace('marginal risk 3', 'marginal risk 7') : row));
    expect(edited[3]).not.toBe(rows[3]);
    const sut = run([writeCsv(csv(edited))]);
    expect(sut.status).toBe(1);
    expect(sut.stdout).toMatch(
      /^INVALID at seq 3: HASH_MISMATCH \(recomputed [0-9a-f]{64}, recorded [0-9a-f]{64}; row 4\)\n$/,
    );
  });

  const rows = csvRows(chain);
  const cellsOf = (row: string) => row.split(',');
  it.each<[string, string[], string]>([
    ['a deleted row', rows.filter((_r, i) => i !== 3), 'INVALID at seq 4: GAP'],
    ['another header', [rows[0].replace('actorLabel', 'actor'), ...rows.slice(1)], 'INVALID at seq ?: MALFORMED_LINE'],
    [
      'a row missing a cell',
      [rows[0], rows[1].replace(/,[^,]*$/, ''), ...rows.slice(2)],
      'INVALID at seq ?: MALFORMED_LINE',
    ],
    [
      'a cell outside the row type filled in',
      [rows[0], `${cellsOf(rows[1]).slice(0, -5).join(',')},demo,,,,`, ...rows.slice(2)],
      'INVALID at seq 1: MALFORMED_LINE',
    ],
    [
      'payload that is not JSON',
      [rows[0], rows[1].replace('"{', '"x{'), ...rows.slice(2)],
      'INVALID at seq 1: MALFORMED_LINE',
    ],
    [
      'a quote inside an unquoted cell',
      [rows[0], rows[1].replace('AR-2026', 'AR"2026'), ...rows.slice(2)],
      'INVALID at seq ?: MALFORMED_LINE',
    ],
    ['no checkpoint row', rows.slice(0, -1), 'INVALID at seq 6: MISSING_CHECKPOINT'],
    [
      'a head that is not the last event',
      [...rows.slice(0, 7), headCsvRow(chain[4]), rows[8]],
      'INVALID at seq 5: HEAD_MISMATCH',
    ],
  ])('rejects a CSV export with %s', (_case, content, verdict) => {
    const sut = run([writeCsv(csv(content))]);
    expect(sut.status).toBe(1);
    expect(sut.stdout.startsWith(`${verdict} (`)).toBe(true);
    expect(sut.stdout).toMatch(/; row \d+\)\n$/);
  });

  it('rejects a file cut inside a quoted cell', () => {
    const content = csv(csvRows(awkward));
    const sut = run([writeCsv(content.slice(0, content.indexOf('the approver')))]);
    expect(sut.status).toBe(1);
    expect(sut.stdout).toMatch(/^INVALID at seq \?: MALFORMED_LINE \(a quoted cell is not closed/);
  });

  it('stops reading at the first fault and exits with the verdict alone, nothing on standard error', () => {
    // Large enough that the file is still being read when the verdict is known.
    const long = buildChain(3000);
    const brokenEarly = (lines: string[]) =>
      lines.map((line, i) => (i === 2 ? line.replace('marginal risk', 'risk') : line));
    for (const file of [write(text(brokenEarly(exportLines(long)))), writeCsv(csv(brokenEarly(csvRows(long))))]) {
      const sut = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
      expect(sut.stdout).toMatch(/^INVALID at seq \d: HASH_MISMATCH/);
      expect(sut.stderr).toBe('');
      expect(sut.status).toBe(1);
    }
  });

  it('takes kept checkpoints from an earlier CSV export', () => {
    const earlier = writeCsv(csv(csvRows(chain.slice(0, 4))));
    const sut = run([writeCsv(csv(rows)), '--checkpoint', earlier]);
    expect(sut.stdout).toMatch(/, 1 kept checkpoints match\n$/);
    const rewritten = [...chain.slice(0, 2), ...buildChain(4, { fromSeq: 3, previousHash: chain[1].hash, salt: '!' })];
    expect(run([writeCsv(csv(csvRows(rewritten))), '--checkpoint', earlier]).stdout).toMatch(
      /^INVALID at seq 4: HASH_DIFFERS/,
    );
  });
});

describe('the verifier canonicalisation (RFC 8785)', () => {
  const tricky = [
    '{"b":1,"a":2,"c":{"y":[],"x":{}}}',
    '{"\\u20ac":"Euro","\\r":"CR","\\ufb33":"Dalet","1":"One","\\ud83d\\ude00":"Emoji","\\u0080":"Ctl","\\u00f6":"o"}',
    '[1e21, 1e20, 1E-7, 0.000001, 0.1, 0.30000000000000004, -0, 0, -1.5e-300, 5e-324, 1.7976931348623157e308]',
    '[9007199254740993, 123456789012345678901234567890, 4.50, 2e-3, 333333333.33333329]',
    '[[[]], [[1, [2, [3]]]], [{}], [{"a": [null, true, false]}]]',
    '"\\u0000\\u0007\\b\\t\\n\\f\\r\\u001f\\u007f\\u2028\\u2029 \\"\\\\/ \\u00e9 \\ud83d\\ude00 \\ud800"',
    '{"":"empty key","a\\u0000b":1,"aa":2,"a":3,"A":4,"\\u00c5":5,"\\u212b":6}',
    '{"payload":{"note":"line\\nbreak, \\"quoted\\"","n":-0.0,"big":1e300}}',
    'null',
    'true',
    '"plain"',
  ];

  it('equals the canonicalize package the service hashes with', () => {
    const sut = run(['--canonicalise', ...tricky]);
    expect(sut.status).toBe(0);
    expect(sut.stdout.split('\n').slice(0, -1)).toEqual(tricky.map((json) => canonicalize(JSON.parse(json))));
  });

  it('reproduces the examples of RFC 8785 (key order by UTF-16 code units, number forms)', () => {
    const sut = run([
      '--canonicalise',
      tricky[1],
      '[333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]',
    ]);
    expect(sut.stdout).toBe(
      '{"\\r":"CR","1":"One","\u0080":"Ctl","\u00f6":"o","\u20ac":"Euro","\ud83d\ude00":"Emoji","\ufb33":"Dalet"}\n' +
        '[333333333.3333333,1e+30,4.5,0.002,1e-27]\n',
    );
  });
});

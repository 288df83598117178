import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMotRecords } from './mot-data';
import { MOT_RECORD_MAX_BYTES, MotRecordError } from './mot-record';
import { describeWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import { FIXTURE_FILES, MOT_FIXTURE_DIR } from './openness.test-support';

describe(readMotRecords.name, () => {
  it('reads every record of a folder, in file-name order, without errors', () => {
    const sut = readMotRecords(MOT_FIXTURE_DIR);
    expect(sut.errors).toEqual([]);
    expect(sut.records.map((r) => r.file)).toEqual([...FIXTURE_FILES]);
    expect(sut.records.find((r) => r.file === 'Paper-Only-API.yml')?.record.producer).toBe('Example Cloud');
  });

  it('fails naming the folder when it has no models/ folder', () => {
    expect(() => readMotRecords('/nonexistent-mot-dir')).toThrow(/nonexistent-mot-dir.models/);
  });

  it('reports bad and oversize files without stopping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-records-'));
    try {
      mkdirSync(join(dir, 'models'));
      writeFileSync(join(dir, 'models', 'a-bad.yml'), 'release: [\n');
      writeFileSync(join(dir, 'models', 'b-big.yml'), 'x'.repeat(MOT_RECORD_MAX_BYTES + 1));
      writeFileSync(
        join(dir, 'models', 'c-good.yml'),
        "framework: {name: 'Model Openness Framework', version: '1.0', date: '2024-12-15'}\n" +
          'release: {name: Good, producer: ACME, license: {}, components: []}\n',
      );
      writeFileSync(join(dir, 'models', 'notes.txt'), 'ignored');
      const sut = readMotRecords(dir);
      expect(sut.records.map((r) => r.record.name)).toEqual(['Good']);
      expect(sut.errors.map((e) => e.file)).toEqual(['a-bad.yml', 'b-big.yml']);
      expect(sut.errors.every((e) => e.error instanceof MotRecordError)).toBe(true);
      expect(sut.errors[1].error.message).toMatch(/over the limit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithMotData('readMotRecords over the published data set', () => {
  it('reads all 273 published records, in file-name order, without errors', () => {
    const sut = readMotRecords(MOT_DATA_DIR);
    expect(sut.errors).toEqual([]);
    expect(sut.records).toHaveLength(273);
    const files = sut.records.map((r) => r.file);
    expect(files).toEqual([...files].sort());
    expect(sut.records.find((r) => r.file === 'GPT-4o.yml')?.record.producer).toBe('OpenAI');
  });
});

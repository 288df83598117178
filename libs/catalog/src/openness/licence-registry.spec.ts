import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LicenceRegistry, OPEN_DATA_LICENCE_IDS, OPENMDW_LICENCE_ID } from './licence-registry';
import { classifyMof } from './mof-classifier';
import { readMotRecords } from './mot-data';
import { describeWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import { MOT_FIXTURE_DIR, testRegistry } from './openness.test-support';

/**
 * What the registry says about well-known licences when read from the tool's licence lists in `dir`: the
 * project's own small lists, and the tool's published lists when present.
 */
function licenceListFacts(dir: () => string): void {
  let sut: LicenceRegistry;
  beforeAll(() => {
    sut = LicenceRegistry.fromMotData(dir());
  });

  it.each([
    ['Apache-2.0', true, 'osi-approved'],
    ['MIT', true, 'osi-approved'],
    ['AGPL-1.0', true, 'fsf-libre'],
    ['CC-BY-4.0', true, 'fsf-libre'],
    ['CDLA-Permissive-2.0', true, 'open-data'],
    ['ODC-By-1.0', true, 'open-data'],
    [OPENMDW_LICENCE_ID, true, 'openmdw'],
    ['CC-BY-NC-4.0', false, 'not-open'],
    ['3D-Slicer-1.0', false, 'not-open'],
    ['MulanPSL-1.0', false, 'not-open'],
    ['Llama 2 Community License', false, 'unknown-id'],
    ['Apache 2.0', false, 'unknown-id'],
    ['apache-2.0', false, 'unknown-id'],
  ])('%s: open=%s because %s', (id, open, basis) => {
    expect(sut.decide(id)).toEqual({
      licenseId: id,
      open,
      basis,
      source: 'mot-data',
    });
    expect(sut.isOpen(id)).toBe(open);
  });

  it('treats a missing licence as not open', () => {
    expect(sut.isOpen(null)).toBe(false);
    expect(sut.isOpen(undefined)).toBe(false);
    expect(sut.isOpen('')).toBe(false);
  });

  it('knows which content types a licence suits', () => {
    expect(sut.suitsContentType('MIT', 'code')).toBe(true);
    expect(sut.suitsContentType('MIT', 'data')).toBe(false);
    expect(sut.suitsContentType('CC0-1.0', 'data')).toBe(true);
    expect(sut.suitsContentType('CC-BY-4.0', 'data')).toBe(true);
    expect(sut.suitsContentType('CC-BY-4.0', 'code')).toBe(false);
    expect(sut.suitsContentType('GPL-3.0-only', 'code')).toBe(false);
    expect(sut.suitsContentType(OPENMDW_LICENCE_ID, 'code')).toBe(true);
  });

  it.each([
    ['MIT', 'MIT'],
    ['apache-2.0', 'Apache-2.0'],
    ['MIT License', 'MIT'],
    ['Apache License 2.0', 'Apache-2.0'],
    ['Llama 3.1 Community License', undefined],
  ])('%s -> %s', (text, id) => {
    expect(sut.resolveId(text)).toBe(id);
  });
}

describe(LicenceRegistry.name, () => {
  describe(LicenceRegistry.fromMotData.name, () => {
    licenceListFacts(() => MOT_FIXTURE_DIR);

    it('lets mof-licenses.json entries replace licenses.json entries with the same id', () => {
      const dir = mkdtempSync(join(tmpdir(), 'mot-licences-'));
      const list = (entries: object[]) => JSON.stringify({ licenseListVersion: 'test', licenses: entries });
      writeFileSync(
        join(dir, 'licenses.json'),
        list([
          { licenseId: 'X-1.0', isOsiApproved: true },
          { licenseId: 'Y-1.0', isOsiApproved: false },
        ]),
      );
      writeFileSync(
        join(dir, 'mof-licenses.json'),
        list([
          { licenseId: 'X-1.0', isOsiApproved: false, ContentType: 'data' },
          {
            licenseId: 'Y-1.0',
            isOsiApproved: false,
            isFsfLibre: true,
            ContentType: ['code'],
          },
          {
            licenseId: 'Y-1.0',
            isOsiApproved: false,
            isFsfLibre: true,
            ContentType: 'document',
          },
        ]),
      );
      try {
        const custom = LicenceRegistry.fromMotData(dir);
        expect(custom.decide('X-1.0')).toMatchObject({
          open: false,
          basis: 'not-open',
        });
        expect(custom.decide('Y-1.0')).toMatchObject({
          open: true,
          basis: 'fsf-libre',
        });
        expect(custom.suitsContentType('Y-1.0', 'code')).toBe(true);
        expect(custom.suitsContentType('Y-1.0', 'document')).toBe(true);
        expect(custom.suitsContentType('Y-1.0', 'data')).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a licence list of the wrong shape', () => {
      const dir = mkdtempSync(join(tmpdir(), 'mot-licences-'));
      writeFileSync(join(dir, 'licenses.json'), JSON.stringify({ licenses: [{ name: 'no id' }] }));
      try {
        expect(() => LicenceRegistry.fromMotData(dir)).toThrow(/licenses\[0\]\.licenseId/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails naming the file when the folder has no licence lists', () => {
      expect(() => LicenceRegistry.fromMotData('/nonexistent-mot-dir')).toThrow(/licenses\.json/);
    });
  });

  describe(LicenceRegistry.fromSpdxPackage.name, () => {
    const sut = LicenceRegistry.fromSpdxPackage();

    it.each([
      ['Apache-2.0', 'osi-approved'],
      ['CC-BY-4.0', 'fsf-libre'],
      ['CC-BY-SA-4.0', 'fsf-libre'],
      ['CC0-1.0', 'fsf-libre'],
      ['Apache-1.0', 'fsf-libre'],
      ['CECILL-2.0', 'fsf-libre'],
      ['BlueOak-1.0.0', 'osi-approved'],
      ['CDLA-Permissive-2.0', 'open-data'],
      [OPENMDW_LICENCE_ID, 'openmdw'],
    ])('opens %s (%s)', (id, basis) => {
      expect(sut.decide(id)).toMatchObject({
        open: true,
        basis,
        source: 'spdx-package',
      });
    });

    it('closes non-free and unknown licences', () => {
      expect(sut.decide('CC-BY-NC-4.0')).toMatchObject({
        open: false,
        basis: 'not-open',
      });
      expect(sut.decide('Gemma Terms of Use')).toMatchObject({
        open: false,
        basis: 'unknown-id',
      });
    });

    it('has no content-type facts, so it neither approves nor flags', () => {
      expect(sut.suitsContentType('MIT', 'data')).toBeUndefined();
      expect(sut.suitsContentType('CC-BY-4.0', 'data')).toBe(true);
    });
  });

  it('builds from explicit entries', () => {
    const sut = testRegistry();
    expect(sut.source).toBe('custom');
    expect(sut.isOpen('MIT')).toBe(true);
    expect(sut.isOpen('CC-BY-NC-4.0')).toBe(false);
    expect(sut.isOsiApproved('CC-BY-4.0')).toBe(false);
  });

  it('holds the open data licence list of the tool', () => {
    expect(OPEN_DATA_LICENCE_IDS).toHaveLength(31);
    expect(OPEN_DATA_LICENCE_IDS).toEqual(expect.arrayContaining(['CC0-1.0', 'CDLA-Permissive-2.0', 'OGL-UK-3.0']));
  });

  describeWithMotData('over the published licence lists', () => {
    licenceListFacts(() => MOT_DATA_DIR);
  });

  describeWithMotData('the spdx-package fallback against the tool data, over the 273 published records', () => {
    let data: LicenceRegistry;
    let records: ReturnType<typeof readMotRecords>['records'];
    let errors: ReturnType<typeof readMotRecords>['errors'];
    let idsInRecords: Set<string>;
    const fallback = LicenceRegistry.fromSpdxPackage();
    beforeAll(() => {
      data = LicenceRegistry.fromMotData(MOT_DATA_DIR);
      ({ records, errors } = readMotRecords(MOT_DATA_DIR));
      idsInRecords = new Set(
        records.flatMap(({ record }) =>
          classifyMof(record, data)
            .components.map((c) => c.license)
            .filter((l): l is string => l !== null),
        ),
      );
    });

    it('reads all 273 records', () => {
      expect(errors).toEqual([]);
      expect(records).toHaveLength(273);
    });

    it("calls every licence id of the tool's licenses.json and mof-licenses.json open exactly when the tool does", () => {
      const ids = new Set(
        ['licenses.json', 'mof-licenses.json'].flatMap((file) =>
          (
            JSON.parse(readFileSync(join(MOT_DATA_DIR, file), 'utf8')) as { licenses: { licenseId: string }[] }
          ).licenses.map((l) => l.licenseId),
        ),
      );
      expect(ids.size).toBeGreaterThan(600);
      const differing = [...ids].filter((id) => fallback.isOpen(id) !== data.isOpen(id));
      // Apache-1.0, the CeCILL licences and other FSF-libre licences were missed before the FSF flags.
      expect(fallback.isOpen('Apache-1.0')).toBe(true);
      expect(differing).toEqual([]);
    });

    it('decides every licence the records use the same way', () => {
      expect(idsInRecords.size).toBeGreaterThan(50);
      const verdict = (r: LicenceRegistry, id: string) => {
        const d = r.decide(id);
        return { id, open: d.open, basis: d.open ? d.basis : 'closed' };
      };
      for (const id of idsInRecords) expect(verdict(fallback, id)).toEqual(verdict(data, id));
    });

    it('gives every record the same class and progress', () => {
      for (const { file, record } of records) {
        const expected = classifyMof(record, data);
        const actual = classifyMof(record, fallback);
        expect({
          file,
          mofClass: actual.mofClass,
          progress: actual.progress,
        }).toEqual({
          file,
          mofClass: expected.mofClass,
          progress: expected.progress,
        });
      }
    });
  });
});

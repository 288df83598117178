import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MOT_RECORD_MAX_ALIASES, MOT_RECORD_MAX_BYTES, MotRecordError, parseMotRecord } from './mot-record';
import { describeWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import { FIXTURE_FILES, MOT_FIXTURE_DIR } from './openness.test-support';

const BASE = `framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: Test
  version: 7B
  date: '2024-10-03'
  license: {  }
  type: language
  architecture: 'transformer decoder'
  origin: ''
  producer: ACME
  contact: ''
  components:
    -
      name: 'Model architecture'
      description: "Well commented code for the model's architecture"
      license: MIT
    -
      name: 'Model card'
      description: 'Model details'
      license: unlicensed
    -
      name: 'Research paper'
      description: 'Paper'
`;

/** Parses and returns the MotRecordError thrown, failing the test when nothing is thrown. */
function refusal(text: string): MotRecordError {
  try {
    parseMotRecord(text);
  } catch (e) {
    expect(e).toBeInstanceOf(MotRecordError);
    return e as MotRecordError;
  }
  throw new Error('expected the record to be refused');
}

describe(parseMotRecord.name, () => {
  it('returns a normalised record, keeping "licence key absent" apart from "unlicensed"', () => {
    const sut = parseMotRecord(BASE);
    expect(sut).toMatchObject({
      framework: {
        name: 'Model Openness Framework',
        version: '1.0',
        date: '2024-12-15',
      },
      name: 'Test',
      version: '7B',
      date: '2024-10-03',
      type: 'language',
      architecture: 'transformer decoder',
      origin: null,
      producer: 'ACME',
      contact: null,
      license: { distribution: null, code: null, data: null, document: null },
    });
    expect(sut.components.map((c) => c.license)).toEqual(['MIT', 'unlicensed', undefined]);
    expect('license' in sut.components[2] && sut.components[2].license === undefined).toBe(true);
    expect(sut.components[0].description).toBe("Well commented code for the model's architecture");
  });

  it('reads global licences written as { name, path } or as a plain id, and blank names as none', () => {
    const text = BASE.replace(
      '  license: {  }\n',
      "  license:\n    distribution:\n      name: Apache-2.0\n      path: LICENSE\n    code: MIT\n    data:\n      name: ''\n      path: ''\n",
    );
    const sut = parseMotRecord(text);
    expect(sut.license).toEqual({
      distribution: 'Apache-2.0',
      code: 'MIT',
      data: null,
      document: null,
    });
    expect(sut.licensePaths.distribution).toBe('LICENSE');
  });

  it('keeps component paths, links, and a blank own licence as null (present, no fallback)', () => {
    const text = BASE.replace(
      "  contact: ''\n",
      "  contact: ''\n  repository: 'https://github.com/acme/test'\n  huggingface: 'https://huggingface.co/acme/test'\n",
    ).replace(
      "      description: 'Paper'\n",
      "      description: 'Paper'\n      license:\n      component_path: paper.pdf\n      license_path: 'https://arxiv.org/licenses'\n",
    );
    const sut = parseMotRecord(text);
    expect(sut.repository).toBe('https://github.com/acme/test');
    expect(sut.huggingface).toBe('https://huggingface.co/acme/test');
    expect(sut.components[2]).toEqual({
      name: 'Research paper',
      description: 'Paper',
      license: null,
      licensePath: 'https://arxiv.org/licenses',
      componentPath: 'paper.pdf',
    });
  });

  it('keeps a version YAML reads as a number as it was written', () => {
    expect(parseMotRecord(BASE.replace('version: 7B', 'version: 1.10')).version).toBe('1.10');
  });

  it('accepts a blank producer, as four published records have', () => {
    expect(parseMotRecord(BASE.replace('producer: ACME', "producer: ''")).producer).toBe('');
  });

  it('tolerates a few aliases', () => {
    const text = BASE.replace("description: 'Model details'", "description: &d 'Model details'").replace(
      "description: 'Paper'",
      'description: *d',
    );
    expect(parseMotRecord(text).components[2].description).toBe('Model details');
  });

  describe('wrong types', () => {
    it.each([
      [
        'components not a list',
        BASE.replace(/ {2}components:[\s\S]*/, '  components: {a: 1}\n'),
        'release.components',
        'must be a list',
      ],
      ['name not a string', BASE.replace('name: Test', 'name: [Test]'), 'release.name', 'must be a string'],
      [
        'producer not a string',
        BASE.replace('producer: ACME', 'producer: {a: 1}'),
        'release.producer',
        'must be a string',
      ],
      [
        'component licence a number',
        BASE.replace('license: MIT', 'license: 3'),
        'release.components[0].license',
        'licence id',
      ],
      [
        'component licence a list',
        BASE.replace('license: MIT', 'license: [MIT]'),
        'release.components[0].license',
        'licence id',
      ],
      [
        'global licence a list',
        BASE.replace('license: {  }', 'license: [MIT]'),
        'release.license',
        'must be a mapping',
      ],
      [
        'global code licence a number',
        BASE.replace('license: {  }', 'license: { code: 2 }'),
        'release.license.code',
        'licence id',
      ],
      [
        'component not a mapping',
        BASE.replace(/ {4}-\n {6}name: 'Model card'/, "    - 'Model card'\n    -\n      name: 'Model card'"),
        'release.components[1]',
        'must be a mapping',
      ],
      [
        'component name a number',
        BASE.replace("name: 'Model card'", 'name: 12'),
        'release.components[1].name',
        'must be a string',
      ],
      [
        'framework name wrong',
        BASE.replace("name: 'Model Openness Framework'", 'name: Other'),
        'framework.name',
        'Model Openness Framework',
      ],
    ])('%s', (_label, text, field, reason) => {
      const sut = refusal(text);
      expect(sut.field).toBe(field);
      expect(sut.reason).toContain(reason);
      expect(sut.line).toBeGreaterThan(0);
    });
  });

  describe('missing required fields', () => {
    it.each([
      ['release.name', BASE.replace('  name: Test\n', '')],
      ['release.producer', BASE.replace('  producer: ACME\n', '')],
      ['release.components', BASE.replace(/ {2}components:[\s\S]*/, '')],
      ['release.license', BASE.replace('  license: {  }\n', '')],
      ['release', BASE.replace(/release:[\s\S]*/, '')],
      ['framework', BASE.replace(/framework:[\s\S]*?release:/, 'release:')],
      ['framework.version', BASE.replace("  version: '1.0'\n", '')],
    ])('%s', (field, text) => {
      const sut = refusal(text);
      expect(sut.field).toBe(field);
      expect(sut.message).toContain(`${field}: is required`);
    });

    it('refuses a blank release name', () => {
      expect(refusal(BASE.replace('name: Test', "name: '  '")).field).toBe('release.name');
    });
  });

  it('names an unknown component, with its path and line', () => {
    const sut = refusal(BASE.replace("name: 'Model card'", "name: 'Model cards'"));
    expect(sut.message).toContain('unknown component "Model cards"');
    expect(sut.field).toBe('release.components[1].name');
    expect(sut.line).toBe(21);
  });

  it('refuses a component listed twice', () => {
    const sut = refusal(BASE.replace("name: 'Research paper'", "name: 'Model card'"));
    expect(sut.message).toContain('listed twice');
    expect(sut.field).toBe('release.components[2].name');
  });

  describe('YAML syntax errors report the line', () => {
    it.each([
      ['unclosed quote', BASE.replace('name: Test', "name: 'Test"), 6],
      ['bad indentation', BASE.replace('  producer: ACME\n', '  producer: ACME\n bad: [1, 2\n'), 14],
      ['tab indentation', BASE.replace('  producer: ACME\n', '  producer: ACME\n\tx: 1\n'), 14],
      ['duplicate key', BASE.replace('  producer: ACME\n', '  producer: ACME\n  producer: B\n'), 14],
    ])('%s', (_label, text, line) => {
      const sut = refusal(text);
      expect(sut.reason).toMatch(/^YAML syntax error/);
      expect(sut.line).toBe(line);
    });
  });

  it('refuses a document over the size limit before parsing it', () => {
    // Not valid YAML either: the size message proves the text was never parsed.
    const sut = refusal(`a: [${'x'.repeat(MOT_RECORD_MAX_BYTES)}`);
    expect(sut.message).toMatch(/over the limit of 262144/);
    expect(() => parseMotRecord(BASE, { maxBytes: 100 })).toThrow(/over the limit of 100/);
  });

  it('refuses a "billion laughs" alias bomb quickly', () => {
    const letters = 'abcdefghij';
    let bomb = `a: &a [${Array(10).fill('"lol"').join(',')}]\n`;
    for (let i = 1; i < letters.length; i += 1) {
      bomb += `${letters[i]}: &${letters[i]} [${Array(10)
        .fill(`*${letters[i - 1]}`)
        .join(',')}]\n`;
    }
    const start = Date.now();
    const sut = refusal(bomb);
    expect(Date.now() - start).toBeLessThan(1000);
    expect(sut.message).toContain(`too many YAML aliases (more than ${MOT_RECORD_MAX_ALIASES})`);
  });

  it('refuses alias use beyond the tiny allowance even in an otherwise valid record', () => {
    const extra = Array.from({ length: MOT_RECORD_MAX_ALIASES + 1 }, (_, i) => `  x${i}: *d\n`).join('');
    const text = BASE.replace("description: 'Model details'", "description: &d 'Model details'") + extra;
    expect(refusal(text).message).toContain('too many YAML aliases');
  });

  it('refuses multi-document input, pointing at the second document', () => {
    const sut = refusal(`${BASE}---\n${BASE}`);
    expect(sut.message).toContain('found 2 YAML documents');
    expect(sut.line).toBe(27);
  });

  it.each([
    ['empty text', '', 'document is empty'],
    ['only a comment', '# nothing\n', 'document is empty'],
    ['a scalar', 'hello', 'must be a YAML mapping'],
    ['a list', '- a\n- b\n', 'must be a YAML mapping'],
    ['nesting deep enough to exhaust the stack', `a: ${'['.repeat(100_000)}`, 'YAML'],
  ])('refuses %s', (_label, text, message) => {
    expect(refusal(text).message).toContain(message);
  });

  it('parses records in the tool format: global licences by scope, absent and empty licence keys', () => {
    const read = (file: string) => parseMotRecord(readFileSync(join(MOT_FIXTURE_DIR, 'models', file), 'utf8'));
    expect(FIXTURE_FILES.map((f) => read(f).name)).toEqual([
      'Community Weights 8B',
      'Open Model 1B',
      'Open Science 7B',
      'Open Tooling 3B',
      'Paper Only API',
    ]);
    const model = read('Open-Model-1B.yml');
    expect(model.license).toEqual({ distribution: 'CC-BY-4.0', code: 'Apache-2.0', data: null, document: null });
    expect(model.components.every((c) => c.license === undefined)).toBe(true);
    const community = read('Community-Weights-8B.yml');
    expect(community.components.find((c) => c.name === 'Model card')?.license).toBe('unlicensed');
    expect(community.components.find((c) => c.name === 'Technical report')?.license).toBeUndefined();
  });
});

describeWithMotData('parseMotRecord over the published data set', () => {
  it('parses every one of the 273 records the tool publishes', () => {
    const files = readdirSync(join(MOT_DATA_DIR, 'models')).filter((f) => f.endsWith('.yml'));
    expect(files).toHaveLength(273);
    const names = files.map((f) => parseMotRecord(readFileSync(join(MOT_DATA_DIR, 'models', f), 'utf8')).name);
    expect(new Set(names).size).toBeGreaterThan(260);
  });
});

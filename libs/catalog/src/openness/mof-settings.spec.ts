import { loadMofComponents, MOF_COMPONENT_IDS, MOF_COMPONENTS, parseMofSettings } from './mof-settings';
import { describeWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import { MOT_FIXTURE_DIR } from './openness.test-support';

describe(loadMofComponents.name, () => {
  it('reads the 17 component definitions of a settings file in the tool format', () => {
    const sut = loadMofComponents(MOT_FIXTURE_DIR);
    expect(sut).toHaveLength(17);
    expect(sut).toEqual(MOF_COMPONENTS);
  });

  describeWithMotData('over the published data set', () => {
    it('reads the same 17 component definitions as the MOF_COMPONENTS constant', () => {
      const sut = loadMofComponents(MOT_DATA_DIR);
      expect(sut).toHaveLength(17);
      expect(sut).toEqual(MOF_COMPONENTS);
    });
  });

  it('fails naming the file when the folder has no settings', () => {
    expect(() => loadMofComponents('/nonexistent-mot-dir')).toThrow(/mof\.settings\.yml/);
  });
});

describe('MOF_COMPONENTS', () => {
  it('has 14 required components: 6 in class III, 4 in class II, 4 in class I', () => {
    const required = MOF_COMPONENTS.filter((c) => c.required);
    expect(required.filter((c) => c.class === 3)).toHaveLength(6);
    expect(required.filter((c) => c.class === 2)).toHaveLength(4);
    expect(required.filter((c) => c.class === 1)).toHaveLength(4);
  });

  it('agrees with MOF_COMPONENT_IDS', () => {
    const ids = new Set(MOF_COMPONENTS.map((c) => c.id));
    expect(new Set(Object.values(MOF_COMPONENT_IDS))).toEqual(ids);
    expect(MOF_COMPONENTS.find((c) => c.id === MOF_COMPONENT_IDS.TECHNICAL_REPORT)?.name).toBe('Technical report');
  });
});

describe(parseMofSettings.name, () => {
  const entry = (overrides: string) =>
    `components:\n  -\n    id: 1\n    name: X\n    content_type: code\n    class: 1\n    required: true\n${overrides}`;

  it('parses a valid entry', () => {
    const sut = parseMofSettings(entry(''));
    expect(sut).toEqual([{ id: 1, name: 'X', contentType: 'code', class: 1, required: true }]);
  });

  it.each([
    ['components: 3', /must be a list/],
    [entry('').replace('content_type: code', 'content_type: model'), /content_type/],
    [entry('').replace('class: 1', 'class: 4'), /class must be 1, 2 or 3/],
    [entry('').replace('required: true', 'required: yes'), /required/],
    [entry('  -\n    id: 1\n    name: Y\n    content_type: data\n    class: 2\n    required: false\n'), /listed twice/],
    ['components: [\n', /YAML error at line/],
    ['a: &x 1\ncomponents: [*x]\n', /mof\.settings\.yml: Alias resolution is disabled/],
  ])('refuses %j', (text, message) => {
    expect(() => parseMofSettings(text)).toThrow(message);
  });
});

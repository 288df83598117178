import { LicenceRegistry } from './licence-registry';
import { classifyMof, type MofClassification, resolveComponentLicence } from './mof-classifier';
import { MOF_COMPONENTS } from './mof-settings';
import { readMotRecords } from './mot-data';
import type { MotComponent } from './mot-record';
import {
  CLASS_II,
  CLASS_III,
  fullyOpenComponents,
  listed,
  makeRecord,
  MOT_FIXTURE_DIR,
  testRegistry,
} from './openness.test-support';
import { describeWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import { MofClass } from './openness.types';

const registry = testRegistry();
const component = (result: MofClassification, name: string) => {
  const found = result.components.find((c) => c.name === name);
  if (!found) throw new Error(`no assessment for ${name}`);
  return found;
};
/** The fully open component list with some components replaced or removed. */
const openExcept = (changes: Record<string, MotComponent | null>): MotComponent[] =>
  fullyOpenComponents()
    .map((c) => (c.name in changes ? changes[c.name] : c))
    .filter((c): c is MotComponent => c !== null);

describe(resolveComponentLicence.name, () => {
  const def = { code: 'code', data: 'data', document: 'document' } as const;

  it('uses the component licence when its key is present, ignoring the global licences', () => {
    const record = makeRecord([], {
      code: 'Apache-2.0',
      distribution: 'Apache-2.0',
    });
    expect(resolveComponentLicence(record, listed('Training code', 'MIT'), def.code)).toEqual({
      license: 'MIT',
      licenseSource: 'component',
    });
  });

  it.each([['unlicensed'], ['Unlicensed'], [null]])('treats %j as no licence, with no fallback', (own) => {
    const record = makeRecord([], {
      document: 'CC-BY-4.0',
      distribution: 'Apache-2.0',
    });
    expect(resolveComponentLicence(record, listed('Model card', own), def.document)).toEqual({
      license: null,
      licenseSource: 'component',
    });
  });

  it('falls back to the global licence of the content type, then to the distribution licence', () => {
    const record = makeRecord([], {
      code: 'MIT',
      distribution: 'CDLA-Permissive-2.0',
    });
    expect(resolveComponentLicence(record, listed('Training code'), def.code)).toEqual({
      license: 'MIT',
      licenseSource: 'global',
    });
    expect(resolveComponentLicence(record, listed('Datasets'), def.data)).toEqual({
      license: 'CDLA-Permissive-2.0',
      licenseSource: 'distribution',
    });
  });

  it('gives no licence when the key is absent and the record has no global licence', () => {
    expect(resolveComponentLicence(makeRecord([]), listed('Datasets'), def.data)).toEqual({
      license: null,
      licenseSource: null,
    });
  });
});

describe(classifyMof.name, () => {
  it('classifies a record with every required component under open licences as Class I', () => {
    const sut = classifyMof(makeRecord(fullyOpenComponents()), registry);
    expect(sut.mofClass).toBe(MofClass.CLASS_I);
    expect(sut.progress).toEqual({ classI: 100, classII: 100, classIII: 100 });
    expect(sut.missing).toEqual({ classI: [], classII: [], classIII: [] });
    expect(sut.components).toHaveLength(MOF_COMPONENTS.length);
    expect(sut.reportReplacedByPaper).toBe(false);
  });

  it('marks each status: included, unlicensed, invalid, missing', () => {
    const record = makeRecord([
      listed('Model architecture', 'MIT'),
      listed('Model card', 'unlicensed'),
      listed('Model parameters (Final)', 'Llama 2 Community License'),
      listed('Datasets', 'CC-BY-NC-4.0'),
    ]);
    const sut = classifyMof(record, registry);
    expect(component(sut, 'Model architecture')).toMatchObject({
      status: 'included',
      license: 'MIT',
    });
    expect(component(sut, 'Model card')).toMatchObject({
      status: 'unlicensed',
      license: null,
    });
    expect(component(sut, 'Model parameters (Final)')).toMatchObject({
      status: 'invalid',
      license: 'Llama 2 Community License',
      licenseSource: 'component',
    });
    expect(component(sut, 'Datasets').status).toBe('invalid');
    expect(component(sut, 'Evaluation results')).toMatchObject({
      status: 'missing',
      license: null,
      licenseSource: null,
    });
  });

  it('applies global and distribution licences to components listed without their own', () => {
    const record = makeRecord([listed('Training code'), listed('Datasets'), listed('Model card', 'unlicensed')], {
      code: 'MIT',
      distribution: 'CDLA-Permissive-2.0',
    });
    const sut = classifyMof(record, registry);
    expect(component(sut, 'Training code')).toMatchObject({
      status: 'included',
      licenseSource: 'global',
    });
    expect(component(sut, 'Datasets')).toMatchObject({
      status: 'included',
      licenseSource: 'distribution',
    });
    expect(component(sut, 'Model card')).toMatchObject({
      status: 'unlicensed',
      licenseSource: 'component',
    });
    // Not listed: a global licence does not make a component present.
    expect(component(sut, 'Inference code').status).toBe('missing');
  });

  it('only warns when an open licence does not suit the content type; the class is unaffected', () => {
    const components = openExcept({
      'Model parameters (Final)': listed('Model parameters (Final)', 'MIT'),
    });
    const sut = classifyMof(makeRecord(components), registry);
    expect(sut.mofClass).toBe(MofClass.CLASS_I);
    expect(component(sut, 'Model parameters (Final)')).toMatchObject({
      status: 'included',
    });
    expect(component(sut, 'Model parameters (Final)').warning).toMatch(/MIT .*data/);
    expect(component(sut, 'Model architecture').warning).toBeUndefined();
  });

  describe('progress, walked from class III down', () => {
    it('Class III complete, one class II component short: 100 / 90 / 0, Class III', () => {
      const sut = classifyMof(makeRecord(openExcept({ 'Evaluation code': null })), registry);
      expect(sut.progress).toEqual({ classIII: 100, classII: 90, classI: 0 });
      expect(sut.mofClass).toBe(MofClass.CLASS_III);
      expect(sut.missing.classII).toEqual(['Evaluation code']);
      expect(sut.missing.classI).toEqual(['Evaluation code']);
    });

    it('one class III component short: 5/6 of class III, nothing below, unclassified', () => {
      const sut = classifyMof(makeRecord(openExcept({ 'Model card': listed('Model card', 'unlicensed') })), registry);
      expect(sut.progress).toEqual({
        classIII: (5 / 6) * 100,
        classII: 0,
        classI: 0,
      });
      expect(sut.mofClass).toBe(MofClass.UNCLASSIFIED);
      expect(sut.missing.classIII).toEqual(['Model card']);
    });

    it('classes III and II complete, one class I component short: 13/14 of class I, Class II', () => {
      const sut = classifyMof(makeRecord(openExcept({ Datasets: null })), registry);
      expect(sut.progress).toEqual({
        classIII: 100,
        classII: 100,
        classI: (13 / 14) * 100,
      });
      expect(sut.mofClass).toBe(MofClass.CLASS_II);
    });

    it('keeps full precision rather than rounding', () => {
      const sut = classifyMof(makeRecord([listed('Model architecture', 'MIT')]), registry);
      expect(sut.progress.classIII).toBe(16.666666666666664);
    });

    it('ignores optional components', () => {
      const optional = MOF_COMPONENTS.filter((c) => !c.required).map((c) => listed(c.name, 'Proprietary'));
      const sut = classifyMof(makeRecord([...fullyOpenComponents(), ...optional]), registry);
      expect(sut.mofClass).toBe(MofClass.CLASS_I);
    });
  });

  describe('the research paper standing in for the technical report', () => {
    it('at class III: report absent, paper included counts in its place', () => {
      const components = [...CLASS_III.filter((n) => n !== 'Technical report'), 'Research paper'];
      const sut = classifyMof(makeRecord(components.map((n) => openLicensed(n))), registry);
      expect(sut.reportReplacedByPaper).toBe(true);
      expect(sut.progress.classIII).toBe(100);
      expect(sut.mofClass).toBe(MofClass.CLASS_III);
    });

    it('at class II: report unlicensed, paper included', () => {
      const names = [...CLASS_III, ...CLASS_II, 'Research paper'];
      const components = names.map((n) => (n === 'Technical report' ? listed(n, 'unlicensed') : openLicensed(n)));
      const sut = classifyMof(makeRecord(components), registry);
      expect(sut.progress).toEqual({
        classIII: 100,
        classII: 100,
        classI: (10 / 13) * 100,
      });
      expect(sut.mofClass).toBe(MofClass.CLASS_II);
      expect(sut.missing.classI).toEqual(['Datasets', 'Data preprocessing code', 'Model parameters (Intermediate)']);
    });

    it('at class I: the total is one less, so the report is not needed', () => {
      const sut = classifyMof(makeRecord(openExcept({ 'Technical report': null })), registry);
      expect(sut.progress).toEqual({
        classIII: 100,
        classII: 100,
        classI: 100,
      });
      expect(sut.mofClass).toBe(MofClass.CLASS_I);
    });

    it('a listed but invalid paper takes the report slot with its invalid status', () => {
      const paper = listed('Research paper', 'arXiv.org perpetual non-exclusive license 1.0');
      const sut = classifyMof(makeRecord(openExcept({ 'Technical report': null, 'Research paper': paper })), registry);
      expect(sut.reportReplacedByPaper).toBe(true);
      expect(sut.missing.classIII).toEqual(['Research paper']);
      expect(sut.progress).toEqual({
        classIII: (5 / 6) * 100,
        classII: 0,
        classI: 0,
      });
    });

    it('no paper: the report is missing', () => {
      const sut = classifyMof(makeRecord(openExcept({ 'Technical report': null, 'Research paper': null })), registry);
      expect(sut.reportReplacedByPaper).toBe(false);
      expect(sut.missing.classIII).toEqual(['Technical report']);
    });

    it('an included report needs no stand-in; class I still asks for the paper', () => {
      const sut = classifyMof(makeRecord(openExcept({ 'Research paper': null })), registry);
      expect(sut.reportReplacedByPaper).toBe(false);
      expect(sut.progress).toEqual({
        classIII: 100,
        classII: 100,
        classI: (13 / 14) * 100,
      });
      expect(sut.missing.classI).toEqual(['Research paper']);
    });
  });

  it('accepts its own component definitions', () => {
    const only = MOF_COMPONENTS.filter((c) => c.name === 'Model architecture').map((c) => ({
      ...c,
      class: 1 as const,
    }));
    const sut = classifyMof(makeRecord([listed('Model architecture', 'MIT')]), registry, only);
    expect(sut.components).toHaveLength(1);
    expect(sut.mofClass).toBe(MofClass.CLASS_I);
  });

  describe('records in the tool format, with a registry read from licence lists', () => {
    const dataRegistry = LicenceRegistry.fromMotData(MOT_FIXTURE_DIR);
    const results = new Map(
      readMotRecords(MOT_FIXTURE_DIR).records.map(({ file, record }) => [
        file.replace(/\.yml$/, ''),
        classifyMof(record, dataRegistry),
      ]),
    );

    it.each([
      ['Open-Science-7B', MofClass.CLASS_I, { classI: 100, classII: 100, classIII: 100 }],
      ['Open-Tooling-3B', MofClass.CLASS_II, { classI: (13 / 14) * 100, classII: 100, classIII: 100 }],
      ['Open-Model-1B', MofClass.CLASS_III, { classI: 0, classII: 90, classIII: 100 }],
      ['Paper-Only-API', MofClass.UNCLASSIFIED, { classI: 0, classII: 0, classIII: 100 / 6 }],
      ['Community-Weights-8B', MofClass.UNCLASSIFIED, { classI: 0, classII: 0, classIII: 0 }],
    ])('%s is %s', (name, mofClass, progress) => {
      const sut = results.get(name);
      expect(sut?.mofClass).toBe(mofClass);
      expect(sut?.progress.classI).toBeCloseTo(progress.classI, 10);
      expect(sut?.progress.classII).toBeCloseTo(progress.classII, 10);
      expect(sut?.progress.classIII).toBeCloseTo(progress.classIII, 10);
    });

    it('takes licences from the component, then the global licence of its type, then the distribution', () => {
      const tooling = results.get('Open-Tooling-3B') as MofClassification;
      expect(component(tooling, 'Model parameters (Final)')).toMatchObject({
        status: 'included',
        license: 'CDLA-Permissive-2.0',
        licenseSource: 'global',
      });
      const model = results.get('Open-Model-1B') as MofClassification;
      expect(component(model, 'Training code')).toMatchObject({ license: 'Apache-2.0', licenseSource: 'global' });
      expect(component(model, 'Model card')).toMatchObject({ license: 'CC-BY-4.0', licenseSource: 'distribution' });
      expect(component(model, 'Evaluation code').status).toBe('missing');
    });

    it('counts a closed model only for its open research paper, standing in for the report', () => {
      const sut = results.get('Paper-Only-API') as MofClassification;
      expect(sut.reportReplacedByPaper).toBe(true);
      expect(component(sut, 'Model architecture')).toMatchObject({ status: 'invalid', license: 'Proprietary' });
      expect(component(sut, 'Model card')).toMatchObject({ status: 'unlicensed', license: null });
      expect(component(sut, 'Research paper')).toMatchObject({ status: 'included', license: 'CC-BY-4.0' });
    });

    it('counts nothing under a licence name the lists do not know, nor an unlicensed component', () => {
      const sut = results.get('Community-Weights-8B') as MofClassification;
      expect(component(sut, 'Model parameters (Final)')).toMatchObject({
        status: 'invalid',
        license: 'Example Community License',
      });
      expect(component(sut, 'Model card').status).toBe('unlicensed');
      expect(sut.missing.classIII).toHaveLength(6);
    });

    it('ignores a closed optional component', () => {
      const sut = results.get('Open-Science-7B') as MofClassification;
      expect(component(sut, 'Supporting libraries and tools').status).toBe('invalid');
      expect(sut.mofClass).toBe(MofClass.CLASS_I);
    });

    it('gives the same classes with the registry built from the SPDX package', () => {
      const fallback = LicenceRegistry.fromSpdxPackage();
      for (const { file, record } of readMotRecords(MOT_FIXTURE_DIR).records) {
        const expected = results.get(file.replace(/\.yml$/, '')) as MofClassification;
        expect([file, classifyMof(record, fallback).mofClass]).toEqual([file, expected.mofClass]);
      }
    });
  });
});

describeWithMotData('classifyMof over the 273 published records, with the data-folder registry', () => {
  const results = new Map<string, MofClassification>();
  beforeAll(() => {
    const dataRegistry = LicenceRegistry.fromMotData(MOT_DATA_DIR);
    for (const { file, record } of readMotRecords(MOT_DATA_DIR).records) {
      results.set(file.replace(/\.yml$/, ''), classifyMof(record, dataRegistry));
    }
  });

  it('keep a stable class distribution', () => {
    const counts: Record<string, number> = {};
    for (const r of results.values()) counts[r.mofClass] = (counts[r.mofClass] ?? 0) + 1;
    expect(results.size).toBe(273);
    expect(counts).toEqual({
      CLASS_I: 14,
      CLASS_II: 1,
      CLASS_III: 16,
      UNCLASSIFIED: 242,
    });
  });

  it.each([
    ['OLMo-7B', MofClass.CLASS_I, { classI: 100, classII: 100, classIII: 100 }],
    ['Pythia-12B', MofClass.CLASS_I, { classI: 100, classII: 100, classIII: 100 }],
    ['Polyglot-Ko', MofClass.CLASS_II, undefined],
    ['GPT-NeoX-20B', MofClass.CLASS_III, undefined],
    ['GPT-4o', MofClass.UNCLASSIFIED, { classI: 0, classII: 0, classIII: 100 / 6 }],
    ['Llama-3.1-8B', MofClass.UNCLASSIFIED, { classI: 0, classII: 0, classIII: 0 }],
  ])('%s is %s', (name, mofClass, progress) => {
    const sut = results.get(name);
    expect(sut?.mofClass).toBe(mofClass);
    if (progress) {
      expect(sut?.progress.classI).toBeCloseTo(progress.classI, 10);
      expect(sut?.progress.classII).toBeCloseTo(progress.classII, 10);
      expect(sut?.progress.classIII).toBeCloseTo(progress.classIII, 10);
    }
  });

  it('GPT-4o counts only its CC-BY-4.0 research paper, standing in for the report', () => {
    const sut = results.get('GPT-4o') as MofClassification;
    expect(sut.reportReplacedByPaper).toBe(true);
    expect(component(sut, 'Model architecture')).toMatchObject({
      status: 'invalid',
      license: 'Proprietary',
    });
    expect(component(sut, 'Research paper')).toMatchObject({
      status: 'included',
      license: 'CC-BY-4.0',
    });
  });

  it('class equals the best class with progress 100, for every record', () => {
    for (const r of results.values()) {
      const best = r.progress.classI === 100 ? 'CLASS_I' : r.progress.classII === 100 ? 'CLASS_II' : null;
      expect(r.mofClass).toBe(best ?? (r.progress.classIII === 100 ? 'CLASS_III' : 'UNCLASSIFIED'));
      expect(r.progress.classI).toBeLessThanOrEqual(r.progress.classII);
      expect(r.progress.classII).toBeLessThanOrEqual(r.progress.classIII);
    }
  });
});

/** A component under an open licence suited to its content type. */
function openLicensed(name: string): MotComponent {
  return fullyOpenComponents().find((c) => c.name === name) as MotComponent;
}

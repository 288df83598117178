import { LicenceRegistry } from './licence-registry';
import { classifyMof } from './mof-classifier';
import { readMotRecords } from './mot-data';
import type { MotComponent } from './mot-record';
import { describeWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import { fullyOpenComponents, listed, makeRecord, MOT_FIXTURE_DIR, testRegistry } from './openness.test-support';
import { assessOsaid, OSAID_ELEMENTS } from './osaid';

const registry = testRegistry();
const assess = (components: MotComponent[], license = {}) =>
  assessOsaid(classifyMof(makeRecord(components, license), registry), registry);
const openExcept = (name: string, replacement: MotComponent | null) =>
  fullyOpenComponents()
    .map((c) => (c.name === name ? replacement : c))
    .filter((c): c is MotComponent => c !== null);

describe(assessOsaid.name, () => {
  it('finds a fully open record conformant', () => {
    const sut = assess(fullyOpenComponents());
    expect(sut).toMatchObject({ conformant: true, missing: [] });
    expect(sut.checks.every((c) => c.satisfied)).toBe(true);
  });

  it.each([
    [
      'Model parameters (Final)',
      listed('Model parameters (Final)', 'Llama 2 Community License'),
      OSAID_ELEMENTS.PARAMETERS,
    ],
    ['Model parameters (Final)', null, OSAID_ELEMENTS.PARAMETERS],
    ['Training code', null, OSAID_ELEMENTS.TRAINING_CODE],
    ['Inference code', listed('Inference code', 'unlicensed'), OSAID_ELEMENTS.INFERENCE_CODE],
    [
      'Data preprocessing code',
      listed('Data preprocessing code', 'Proprietary'),
      OSAID_ELEMENTS.DATA_PREPROCESSING_CODE,
    ],
    ['Model architecture', null, OSAID_ELEMENTS.MODEL_ARCHITECTURE],
  ])('misses %s when it is %j', (name, replacement, element) => {
    const sut = assess(openExcept(name, replacement));
    expect(sut).toMatchObject({ conformant: false, missing: [element] });
  });

  it('requires OSI-approved licences for code: an open but non-OSI licence (CC-BY-4.0) does not do', () => {
    const sut = assess(openExcept('Training code', listed('Training code', 'CC-BY-4.0')));
    expect(sut.missing).toEqual(['Training code under an OSI-approved licence']);
  });

  it('accepts open non-OSI terms for parameters', () => {
    const sut = assess(openExcept('Model parameters (Final)', listed('Model parameters (Final)', 'CC-BY-4.0')));
    expect(sut.conformant).toBe(true);
  });

  it('takes code licences from the global fallback like the classifier', () => {
    const components = openExcept('Training code', listed('Training code'));
    expect(assess(components, { code: 'MIT' }).conformant).toBe(true);
    expect(assess(components, { distribution: 'CC-BY-4.0' }).missing).toEqual([OSAID_ELEMENTS.TRAINING_CODE]);
  });

  describe('data information', () => {
    it('is met by open datasets without a data card', () => {
      expect(assess(openExcept('Data card', null)).conformant).toBe(true);
    });

    it('is met by an open data card without datasets', () => {
      expect(assess(openExcept('Datasets', null)).conformant).toBe(true);
    });

    it('is not met by a technical report alone', () => {
      const components = openExcept('Datasets', null).filter((c) => c.name !== 'Data card');
      expect(assess(components).missing).toEqual(['Data information (datasets or data card)']);
    });
  });

  it('lists every missing element, in the definition order, for a closed model', () => {
    const sut = assess([listed('Research paper', 'CC-BY-4.0'), listed('Model architecture', 'Proprietary')]);
    expect(sut.missing).toEqual([
      'Model parameters (Final) under open terms',
      'Training code under an OSI-approved licence',
      'Inference code under an OSI-approved licence',
      'Data preprocessing code under an OSI-approved licence',
      'Model architecture under an OSI-approved licence',
      'Data information (datasets or data card)',
    ]);
  });

  it('judges records in the tool format with a registry read from licence lists', () => {
    const dataRegistry = LicenceRegistry.fromMotData(MOT_FIXTURE_DIR);
    const byName = new Map(readMotRecords(MOT_FIXTURE_DIR).records.map((r) => [r.file, r.record]));
    const check = (file: string) => assessOsaid(classifyMof(byName.get(file)!, dataRegistry), dataRegistry);
    expect(check('Open-Science-7B.yml').conformant).toBe(true);
    expect(check('Open-Tooling-3B.yml').conformant).toBe(true);
    expect(check('Open-Model-1B.yml').missing).toEqual([OSAID_ELEMENTS.DATA_PREPROCESSING_CODE]);
    expect(check('Paper-Only-API.yml').missing).toHaveLength(6);
    expect(check('Community-Weights-8B.yml').missing).toContain(OSAID_ELEMENTS.PARAMETERS);
  });
});

describeWithMotData('assessOsaid over the published data set', () => {
  it('finds OLMo-7B conformant and GPT-4o and Llama-3.1-8B not, from the published records', () => {
    const dataRegistry = LicenceRegistry.fromMotData(MOT_DATA_DIR);
    const byName = new Map(readMotRecords(MOT_DATA_DIR).records.map((r) => [r.file, r.record]));
    const check = (file: string) => assessOsaid(classifyMof(byName.get(file)!, dataRegistry), dataRegistry);
    expect(check('OLMo-7B.yml').conformant).toBe(true);
    expect(check('GPT-4o.yml').missing).toHaveLength(6);
    expect(check('Llama-3.1-8B.yml').missing).toContain(OSAID_ELEMENTS.PARAMETERS);
  });
});

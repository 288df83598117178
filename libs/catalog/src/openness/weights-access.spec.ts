import { classifyMof } from './mof-classifier';
import type { MotComponent } from './mot-record';
import { fullyOpenComponents, listed, makeRecord, testRegistry } from './openness.test-support';
import { LicenseKind, ReleaseLevel, WeightsAccess } from './openness.types';
import { LicenceRegistry } from './licence-registry';
import { deriveWeightsAccess, inferLicenseKind, inferReleaseLevelFromRecord } from './weights-access';

describe(deriveWeightsAccess.name, () => {
  it.each([
    [ReleaseLevel.FULLY_OPEN, false, WeightsAccess.OPEN],
    [ReleaseLevel.FULLY_OPEN, true, WeightsAccess.GATED],
    [ReleaseLevel.DOWNLOADABLE, false, WeightsAccess.OPEN],
    [ReleaseLevel.DOWNLOADABLE, true, WeightsAccess.GATED],
    [ReleaseLevel.GRADUAL_STAGED, false, WeightsAccess.GATED],
    [ReleaseLevel.GRADUAL_STAGED, true, WeightsAccess.GATED],
    [ReleaseLevel.HOSTED, false, WeightsAccess.CLOSED],
    [ReleaseLevel.HOSTED, true, WeightsAccess.CLOSED],
    [ReleaseLevel.CLOUD_API, false, WeightsAccess.CLOSED],
    [ReleaseLevel.CLOUD_API, true, WeightsAccess.CLOSED],
    [ReleaseLevel.FULLY_CLOSED, false, WeightsAccess.CLOSED],
    [ReleaseLevel.FULLY_CLOSED, true, WeightsAccess.CLOSED],
  ])('%s, gated=%s -> %s', (level, gated, access) => {
    expect(deriveWeightsAccess(level, gated)).toBe(access);
  });

  it('covers every release level', () => {
    for (const level of Object.values(ReleaseLevel)) expect(deriveWeightsAccess(level, false)).toBeDefined();
  });
});

describe(inferReleaseLevelFromRecord.name, () => {
  const registry = testRegistry();
  const infer = (components: MotComponent[], license = {}, hints = {}) => {
    const record = makeRecord(components, license);
    return inferReleaseLevelFromRecord(record, classifyMof(record, registry), hints);
  };
  const withParams = (license?: string | null) =>
    fullyOpenComponents()
      .filter((c) => c.name !== 'Model parameters (Final)')
      .concat(license === undefined ? [] : [listed('Model parameters (Final)', license)]);

  it('FULLY_OPEN when parameters, datasets and training code are all open', () => {
    expect(infer(fullyOpenComponents())).toBe(ReleaseLevel.FULLY_OPEN);
  });

  it('DOWNLOADABLE when parameters are open but the datasets are not released', () => {
    const components = fullyOpenComponents().filter((c) => c.name !== 'Datasets');
    expect(infer(components)).toBe(ReleaseLevel.DOWNLOADABLE);
  });

  it('DOWNLOADABLE when parameters carry a non-open licence', () => {
    expect(infer(withParams('Llama 3.1 Community License'))).toBe(ReleaseLevel.DOWNLOADABLE);
  });

  it('DOWNLOADABLE when the licence comes from the distribution fallback', () => {
    const components = [listed('Model parameters (Final)')];
    expect(infer(components, { distribution: 'Gemma Terms of Use' })).toBe(ReleaseLevel.DOWNLOADABLE);
  });

  it.each([['Proprietary'], ['Undisclosed'], ['Component not included'], ['unlicensed'], [null]])(
    'FULLY_CLOSED when the parameters are %j',
    (license) => {
      expect(infer(withParams(license))).toBe(ReleaseLevel.FULLY_CLOSED);
    },
  );

  it('FULLY_CLOSED when the parameters are not listed, even with a distribution licence', () => {
    expect(infer(withParams(undefined), { distribution: 'Apache-2.0' })).toBe(ReleaseLevel.FULLY_CLOSED);
  });

  it('CLOUD_API only when the caller knows the model is served by an API', () => {
    expect(infer(withParams('Proprietary'), {}, { offeredViaApi: true })).toBe(ReleaseLevel.CLOUD_API);
    expect(infer(withParams('Gemma Terms of Use'), {}, { offeredViaApi: true })).toBe(ReleaseLevel.DOWNLOADABLE);
  });
});

describe(inferLicenseKind.name, () => {
  const registry = LicenceRegistry.fromSpdxPackage();

  it.each([
    ['Apache-2.0', LicenseKind.OSI_APPROVED],
    ['apache-2.0', LicenseKind.OSI_APPROVED],
    ['MIT License', LicenseKind.OSI_APPROVED],
    ['OpenRAIL', LicenseKind.OPEN_RAIL],
    ['CreativeML OpenRAIL-M', LicenseKind.OPEN_RAIL],
    ['bigscience-bloom-rail-1.0', LicenseKind.OPEN_RAIL],
    ['BigCode OpenRAIL-M v1 license agreement', LicenseKind.OPEN_RAIL],
    ['Llama 3.1 Community License Agreement', LicenseKind.COMMUNITY_CUSTOM],
    ['Gemma Terms of Use', LicenseKind.COMMUNITY_CUSTOM],
    ['Qwen License Agreement', LicenseKind.COMMUNITY_CUSTOM],
    ['tongyi-qianwen-research', LicenseKind.COMMUNITY_CUSTOM],
    ['DeepSeek License Agreement', LicenseKind.COMMUNITY_CUSTOM],
    ['Falcon-180B TII License', LicenseKind.COMMUNITY_CUSTOM],
    ['Proprietary', LicenseKind.PROPRIETARY_TERMS],
    ['OpenAI Terms of Service', LicenseKind.PROPRIETARY_TERMS],
    ['CC-BY-NC-4.0', LicenseKind.UNKNOWN],
    ['Undisclosed', LicenseKind.UNKNOWN],
    ['Trailblazer licence', LicenseKind.UNKNOWN],
    ['', LicenseKind.UNKNOWN],
    [null, LicenseKind.UNKNOWN],
  ])('%j -> %s', (name, kind) => {
    expect(inferLicenseKind(name, registry)).toBe(kind);
  });
});

import { classifyMof } from './mof-classifier';
import type { MotComponent } from './mot-record';
import { fullyOpenComponents, listed, makeRecord, testRegistry } from './openness.test-support';
import { LicenseKind, ReleaseLevel, WeightsAccess } from './openness.types';
import { LicenceRegistry } from './licence-registry';
import { deriveWeightsAccess, inferLicenseKind, inferReleaseLevelFromRecord, parametersClaim } from './weights-access';

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
    [ReleaseLevel.UNKNOWN, false, WeightsAccess.UNKNOWN],
    [ReleaseLevel.UNKNOWN, true, WeightsAccess.UNKNOWN],
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

  it('FULLY_CLOSED when the record says the parameters are proprietary', () => {
    expect(infer(withParams('Proprietary'))).toBe(ReleaseLevel.FULLY_CLOSED);
  });

  it.each([['Undisclosed'], ['Component not included'], ['Component Component not included'], ['unlicensed'], [null]])(
    'UNKNOWN, not closed, when the parameters are %j: the record does not say',
    (license) => {
      expect(infer(withParams(license))).toBe(ReleaseLevel.UNKNOWN);
    },
  );

  it('UNKNOWN when the parameters are not listed, even with a distribution licence', () => {
    expect(infer(withParams(undefined), { distribution: 'Apache-2.0' })).toBe(ReleaseLevel.UNKNOWN);
  });

  it('CLOUD_API only when the caller knows the model is served by an API', () => {
    expect(infer(withParams('Proprietary'), {}, { offeredViaApi: true })).toBe(ReleaseLevel.CLOUD_API);
    expect(infer(withParams('Gemma Terms of Use'), {}, { offeredViaApi: true })).toBe(ReleaseLevel.DOWNLOADABLE);
  });
});

describe(parametersClaim.name, () => {
  const registry = testRegistry();
  const claim = (components: MotComponent[], license = {}) => {
    const record = makeRecord(components, license);
    return parametersClaim(record, classifyMof(record, registry));
  };

  it('says why the record is silent', () => {
    expect(claim([])).toEqual({ kind: 'not-stated', why: 'the record does not list the final parameters' });
    expect(claim([listed('Model parameters (Final)', 'unlicensed')])).toEqual({
      kind: 'not-stated',
      why: 'the record lists the final parameters without a licence',
    });
  });

  it('reads a licence from the distribution fallback as a licensed release', () => {
    expect(claim([listed('Model parameters (Final)')], { distribution: 'Apache-2.0' })).toEqual({
      kind: 'licensed',
      license: 'Apache-2.0',
    });
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
    ['CC-BY-NC-4.0', LicenseKind.STANDARD_NON_OSI],
    ['CC-BY-NC-SA-4.0', LicenseKind.STANDARD_NON_OSI],
    ['CC-BY-4.0', LicenseKind.STANDARD_NON_OSI],
    ['Apache-1.0', LicenseKind.STANDARD_NON_OSI],
    ['Meta Llama 3 Community License Agreement', LicenseKind.COMMUNITY_CUSTOM],
    ['Llama 2 Community License', LicenseKind.COMMUNITY_CUSTOM],
    ['gemma', LicenseKind.COMMUNITY_CUSTOM],
    ['BigScience-BLOOM-RAIL-1.0', LicenseKind.OPEN_RAIL],
    ['apple-sample-code-license', LicenseKind.COMMUNITY_CUSTOM],
    ['3D-Slicer-1.0', LicenseKind.UNKNOWN],
    ['Other License', LicenseKind.UNKNOWN],
    ['Undisclosed', LicenseKind.UNKNOWN],
    ['Trailblazer licence', LicenseKind.UNKNOWN],
    ['', LicenseKind.UNKNOWN],
    [null, LicenseKind.UNKNOWN],
  ])('%j -> %s', (name, kind) => {
    expect(inferLicenseKind(name, registry)).toBe(kind);
  });
});

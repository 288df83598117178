import type { AppConfig } from '@app/core';
import { describeWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import { CatalogSourceService } from './catalog-source.service';
import { CURATED_MODELS } from './curated/curated-models';
import { licenceOfRecord } from './model-data-quality';
import { curatedFacts, profileFromFacts, profileFromRecord, type ModelProfile } from './model-profile';
import {
  DataQualityCode,
  HostingOption,
  LicenceRegistry,
  LicenseKind,
  MOF_COMPONENTS,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
  WeightsAccess,
} from './openness';
import { listed, makeRecord } from './openness/openness.test-support';

const registry = LicenceRegistry.fromSpdxPackage();
const profile = (record: ReturnType<typeof makeRecord>, curatedKey?: string): ModelProfile =>
  profileFromRecord(
    record,
    registry,
    MOF_COMPONENTS,
    null,
    CURATED_MODELS.find((c) => c.key === curatedKey),
  );
const codes = (p: ModelProfile) => p.dataQuality.map((d) => d.code);

describe(profileFromRecord.name, () => {
  it("takes the licence from the parameters' own licence before the distribution licence", () => {
    const record = makeRecord([listed('Model parameters (Final)', 'Apache-2.0')], { distribution: 'MIT' });
    expect(licenceOfRecord(record)).toEqual({ name: 'Apache-2.0', source: 'parameters' });
    const sut = profile(record);
    expect(sut).toMatchObject({ licenseName: 'Apache-2.0', licenseKind: LicenseKind.OSI_APPROVED });
    expect(codes(sut)).toEqual([]);
  });

  it('falls back to the distribution licence, then a global one, and flags the fallback', () => {
    const fromDistribution = profile(makeRecord([listed('Model parameters (Final)')], { distribution: 'Apache-2.0' }));
    expect(fromDistribution.licenseName).toBe('Apache-2.0');
    expect(codes(fromDistribution)).toEqual([DataQualityCode.LICENCE_FROM_DISTRIBUTION]);
    const fromGlobal = profile(makeRecord([listed('Model parameters (Final)', 'unlicensed')], { code: 'MIT' }));
    expect(fromGlobal.licenseName).toBe('MIT');
    expect(codes(fromGlobal)).toEqual([DataQualityCode.LICENCE_FROM_GLOBAL, DataQualityCode.WEIGHTS_ACCESS_UNKNOWN]);
  });

  it('gives Llama records the licence table’s threshold, acceptable-use policy and gating', () => {
    const sut = profile(makeRecord([listed('Model parameters (Final)', 'Llama 2 Community License')]));
    expect(sut).toMatchObject({
      licenseKind: LicenseKind.COMMUNITY_CUSTOM,
      gated: true,
      weightsAccess: WeightsAccess.GATED,
      licenseUrl: 'https://github.com/meta-llama/llama/blob/main/LICENSE',
    });
    expect(sut.obligations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: ObligationKind.USER_THRESHOLD, threshold: 700_000_000 }),
        expect.objectContaining({ kind: ObligationKind.ACCEPTABLE_USE_POLICY }),
      ]),
    );
    expect(sut.sources).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'obligations' })]));
  });

  it.each([
    ['not listed', []],
    ['listed without a licence', [listed('Model parameters (Final)', 'unlicensed')]],
    ['listed as "Component not included"', [listed('Model parameters (Final)', 'Component not included')]],
  ])('says UNKNOWN weights, no hosting guessed, when the parameters are %s', (_, components) => {
    const sut = profile(makeRecord(components));
    expect(sut).toMatchObject({
      releaseLevel: ReleaseLevel.UNKNOWN,
      weightsAccess: WeightsAccess.UNKNOWN,
      hostingOptions: [],
      licenseName: null,
      licenseKind: LicenseKind.UNKNOWN,
      trainingDataOpenness: TrainingDataOpenness.UNKNOWN,
    });
    expect(codes(sut)).toEqual([DataQualityCode.LICENCE_MISSING, DataQualityCode.WEIGHTS_ACCESS_UNKNOWN]);
  });

  it('says CLOSED with undisclosed training data only when the record says the parameters are proprietary', () => {
    const sut = profile(makeRecord([listed('Model parameters (Final)', 'Proprietary')]));
    expect(sut).toMatchObject({
      weightsAccess: WeightsAccess.CLOSED,
      hostingOptions: [],
      licenseKind: LicenseKind.PROPRIETARY_TERMS,
      trainingDataOpenness: TrainingDataOpenness.UNDISCLOSED,
    });
  });

  it.each([
    ['Claude-1', 'anthropic-claude-1', 'MIT'],
    ['Claude-2', 'anthropic-claude-2', 'MIT'],
    ['Grok-0', 'xai-grok-0', 'Apache-2.0'],
  ])('shows %s closed, with the record’s weights claim disputed', (name, key, claimed) => {
    const record = { ...makeRecord([listed('Model parameters (Final)', claimed)]), name };
    const sut = profile(record, key);
    expect(sut.weightsAccess).toBe(WeightsAccess.CLOSED);
    expect(sut.hostingOptions).not.toContain(HostingOption.SELF_HOSTED);
    expect(sut.licenseKind).toBe(LicenseKind.PROPRIETARY_TERMS);
    expect(sut.trainingDataOpenness).toBe(TrainingDataOpenness.UNDISCLOSED);
    expect(sut.dataQuality).toEqual([
      expect.objectContaining({
        code: DataQualityCode.WEIGHTS_CLAIM_DISPUTED,
        field: 'weightsAccess',
        message: expect.stringContaining(claimed),
      }),
    ]);
    // The tool's MOF class is kept: the record's components are classified as the tool does.
    expect(sut.mofClass).toBe(profileFromRecord(record, registry, MOF_COMPONENTS, null).mofClass);
  });

  it('flags a record licence that differs from the curated one', () => {
    const record = { ...makeRecord([listed('Model parameters (Final)', 'MIT')]), name: 'Mistral-7B-v0.1' };
    const sut = profile(record, 'mistral-7b-v0.1');
    expect(sut.licenseName).toBe('Apache-2.0');
    expect(sut.dataQuality).toEqual([
      expect.objectContaining({ code: DataQualityCode.CONFLICTS_WITH_CURATED, field: 'licenseName' }),
    ]);
  });
});

describe(profileFromFacts.name, () => {
  it('shows closed curated models’ unknown training data as undisclosed, and no data-quality flag', () => {
    const closed = CURATED_MODELS.filter((c) => c.releaseLevel === ReleaseLevel.CLOUD_API);
    expect(closed.length).toBeGreaterThan(3);
    for (const c of closed) {
      const sut = profileFromFacts(curatedFacts(c), registry, MOF_COMPONENTS);
      expect({ key: c.key, training: sut.trainingDataOpenness }).toEqual({
        key: c.key,
        training: TrainingDataOpenness.UNDISCLOSED,
      });
      expect({ key: c.key, flags: codes(sut) }).toEqual({ key: c.key, flags: [] });
    }
  });

  it('lists Mixtral 8x7B as self-hosted only: its vendor API was retired', () => {
    const mixtral = CURATED_MODELS.find((c) => c.key === 'mistral-mixtral-8x7b-instruct-v0.1')!;
    expect(mixtral.hostingOptions).toEqual([HostingOption.SELF_HOSTED]);
  });
});

describeWithMotData('the seeded catalog over the tool’s published records', () => {
  let profiles: ModelProfile[];
  beforeAll(() => {
    const config = { motDataDir: MOT_DATA_DIR } as AppConfig;
    profiles = new CatalogSourceService(config, { warn: () => undefined } as never).seedCatalog();
  });

  it('never shows weights CLOSED where the record says nothing about them', () => {
    const silent = profiles.filter(
      (p) =>
        p.weightsAccess === WeightsAccess.CLOSED &&
        p.motRecord !== null &&
        !p.motRecord.components.some(
          (c) => c.name === 'Model parameters (Final)' && c.license && /proprietary/i.test(c.license),
        ) &&
        !/proprietary/i.test(p.motRecord.license.distribution ?? '') &&
        !p.sources.some((s) => s.field === 'releaseLevel'),
    );
    expect(silent.map((p) => p.key)).toEqual([]);
  });

  it('gives every record that names a licence a licence, and Mixtral-8x22B Apache-2.0 as OSI-approved', () => {
    expect(profiles.find((p) => p.key === 'mot:Mixtral-8x22B-v0.1')).toMatchObject({
      licenseName: 'Apache-2.0',
      licenseKind: LicenseKind.OSI_APPROVED,
      weightsAccess: WeightsAccess.OPEN,
    });
    const named = profiles.filter((p) => p.motRecord && p.licenseName === null);
    expect(named.filter((p) => p.motRecord!.license.distribution)).toEqual([]);
  });

  it('gives every Llama record the 700M threshold, the acceptable-use policy and gated downloads', () => {
    const llama = profiles.filter((p) => p.licenseName && /^(meta )?llama[ -]?[234]/i.test(p.licenseName));
    expect(llama.length).toBeGreaterThan(10);
    for (const p of llama) {
      expect({ key: p.key, gated: p.gated, kinds: p.obligations.map((o) => o.kind) }).toEqual({
        key: p.key,
        gated: true,
        kinds: expect.arrayContaining([ObligationKind.USER_THRESHOLD, ObligationKind.ACCEPTABLE_USE_POLICY]),
      });
    }
  });

  it('gives every model a data-quality list, and flags the disputed weights of Claude-1, Claude-2 and Grok-0', () => {
    expect(profiles.every((p) => Array.isArray(p.dataQuality))).toBe(true);
    const disputed = profiles.filter((p) => codes(p).includes(DataQualityCode.WEIGHTS_CLAIM_DISPUTED));
    expect(disputed.map((p) => p.name).sort()).toEqual(['Claude 1', 'Claude 2', 'Grok-0']);
  });
});

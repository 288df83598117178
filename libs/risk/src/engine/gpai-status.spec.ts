import { LicenseKind, MofClass, ObligationKind, WeightsAccess } from '@app/catalog/openness';
import { closedModel, gatedModel, openModel } from './engine.test-support';
import { gpaiStatus } from './eu-ai-act';
import type { ModelFacts } from './risk-context';

/** [case, model, gpai, systemicRisk, openSourceExemption, a phrase expected in the reasons]. */
type Row = [string, ModelFacts, boolean, boolean | null, boolean, string];

const osi = (overrides: Partial<ModelFacts> = {}) => openModel({ modalities: ['text'], ...overrides });

const TABLE: Row[] = [
  ['OSI, open weights, compute unknown', osi({ parameterCount: 7e9 }), true, null, true, 'confirmed at or below 10^25'],
  [
    'OSI, open weights, compute below the threshold',
    osi({ trainingComputeFlops: 5e24 }),
    true,
    false,
    true,
    'Art. 53(2)',
  ],
  [
    'OSI, open weights, compute exactly 10^25 (not above)',
    osi({ trainingComputeFlops: 1e25 }),
    true,
    false,
    true,
    'not above 10^25',
  ],
  [
    'OSI, open weights, systemic risk',
    osi({ trainingComputeFlops: 3.8e25 }),
    true,
    true,
    false,
    'never applies to a model with systemic risk',
  ],
  [
    'OpenRAIL, open weights',
    osi({ licenseName: 'OpenRAIL-M', licenseKind: LicenseKind.OPEN_RAIL }),
    true,
    null,
    false,
    'OpenRAIL licence with use restrictions',
  ],
  ['community licence, gated weights', gatedModel({ modalities: ['text'] }), true, null, false, 'weights are GATED'],
  [
    'OSI licence but gated weights',
    osi({ weightsAccess: WeightsAccess.GATED }),
    true,
    null,
    false,
    'not made publicly available',
  ],
  [
    'OSI licence with a non-commercial clause',
    osi({ obligations: [{ kind: ObligationKind.NON_COMMERCIAL }] }),
    true,
    null,
    false,
    'forbids commercial use',
  ],
  ['closed API model', closedModel(), true, null, false, 'PROPRIETARY_TERMS'],
  [
    'small single-modality image model',
    osi({ modalities: ['image'], parameterCount: 50e6 }),
    false,
    false,
    false,
    'do not apply',
  ],
  [
    'billion-parameter image model',
    osi({ modalities: ['image'], parameterCount: 2e9 }),
    true,
    null,
    true,
    'recital 98',
  ],
  ['multimodal model', osi({ modalities: ['text', 'image'] }), true, null, true, 'recital 99'],
  ['modalities not recorded', osi({ modalities: undefined }), true, null, true, 'treated as a general-purpose'],
];

describe(gpaiStatus.name, () => {
  it.each(TABLE)('%s', (_label, model, gpai, systemicRisk, openSourceExemption, phrase) => {
    const sut = gpaiStatus(model);
    expect({ gpai: sut.gpai, systemicRisk: sut.systemicRisk, openSourceExemption: sut.openSourceExemption }).toEqual({
      gpai,
      systemicRisk,
      openSourceExemption,
    });
    expect(sut.reasons.join('\n')).toContain(phrase);
  });

  it('says that systemic risk is unknown when compute is not disclosed', () => {
    const sut = gpaiStatus(closedModel());
    expect(sut.systemicRisk).toBeNull();
    expect(sut.reasons).toContain(
      'training compute not disclosed: the systemic-risk presumption (Art. 51(2), 10^25 FLOPs) cannot be checked',
    );
  });

  it('uses parameter count only as a hint that leaves systemic risk unknown', () => {
    const large = gpaiStatus(osi({ parameterCount: 405e9 }));
    const small = gpaiStatus(osi({ parameterCount: 7e9 }));
    expect([large.systemicRisk, small.systemicRisk]).toEqual([null, null]);
    expect(large.reasons.find((r) => r.startsWith('hint only'))).toContain('a plausible amount');
    expect(small.reasons.find((r) => r.startsWith('hint only'))).toContain('an unlikely amount');
  });

  it('gives no hint without a parameter count', () => {
    expect(gpaiStatus(closedModel()).reasons.filter((r) => r.startsWith('hint only'))).toEqual([]);
  });

  it('reports disclosed compute and the presumption', () => {
    expect(gpaiStatus(osi({ trainingComputeFlops: 3.8e25 })).reasons).toContain(
      'training compute 3.8e25 FLOPs above 10^25: presumed high-impact capabilities, systemic risk (Art. 51(2)); Art. 55 duties apply',
    );
  });

  it('asks to confirm public architecture and usage information when no MOF class is recorded', () => {
    const unclassified = gpaiStatus(osi({ mofClass: MofClass.UNCLASSIFIED }));
    const classified = gpaiStatus(osi({ mofClass: MofClass.CLASS_II }));
    expect(unclassified.openSourceExemption).toBe(true);
    expect(unclassified.reasons.join('\n')).toContain('no MOF class recorded');
    expect(classified.reasons.join('\n')).not.toContain('no MOF class recorded');
  });

  it('keeps the duties that the exemption does not lift', () => {
    expect(gpaiStatus(osi({ trainingComputeFlops: 1e24 })).reasons.join('\n')).toContain(
      'the copyright policy and training-content summary (Art. 53(1)(c)-(d)) still apply',
    );
  });

  it('says why the exemption applies or not, separately, citing Art. 53(2) and 54(6)', () => {
    const exempt = gpaiStatus(osi({ trainingComputeFlops: 1e24 }));
    const systemic = gpaiStatus(osi({ trainingComputeFlops: 3.8e25 }));
    expect(exempt.exemptionReasons[0]).toContain('Art. 54(6)');
    expect(exempt.exemptionReasons.join('\n')).toContain('architecture and usage information');
    expect(systemic.exemptionReasons[0]).toContain('never applies to a model with systemic risk');
    expect(systemic.exemptionReasons[0]).toContain('weights, architecture and usage information public');
    expect(exempt.reasons).toEqual(expect.arrayContaining(exempt.exemptionReasons));
  });

  it('reports the threshold and the disclosed compute', () => {
    expect(gpaiStatus(osi({ trainingComputeFlops: 2e24 }))).toMatchObject({
      systemicRiskThresholdFlops: 1e25,
      trainingComputeFlops: 2e24,
    });
    expect(gpaiStatus(closedModel()).trainingComputeFlops).toBeNull();
  });
});

import { FineTuningAvailability, HostingOption } from '@app/catalog/openness';
import {
  closedModel,
  gatedModel,
  itemOf,
  makeRequest,
  openModel,
  type PreAssessmentCase,
  runPreAssessmentCases,
} from './engine.test-support';
import { BASELINE_ONLY, BASELINES, preAssess } from './pre-assessment';
import { nistCategoryOf } from './nist-mapping';
import type { RiskRule } from './risk-rule';
import { bandOf } from './scoring';
import { DataSensitivity, IntendedAdaptation, type RequestFacts, RiskCategory, RiskTier, Sector } from './risk-context';

const C = RiskCategory;
const VENDOR = { deploymentMode: HostingOption.VENDOR_API };

/** Weights access x deployment x data sensitivity x adaptation. */
const CASES: PreAssessmentCase[] = [
  // Weights access x deployment ------------------------------------------------------------------------------
  {
    name: 'open weights, self-hosted, internal data, prompting',
    request: {},
    model: openModel(),
    expect: [
      {
        category: C.MISUSE,
        likelihood: 3,
        has: [
          [
            'SELF_HOSTED_NO_PROVIDER_MODERATION',
            "SELF_HOSTED OPEN weights: no provider moderation layer sits in front of the model; output filtering, guardrails and abuse monitoring are the organisation's job",
          ],
        ],
        lacks: ['FINE_TUNING_ERODES_SAFETY', 'CLOSED_WEIGHTS_PROVIDER_MONITORS'],
      },
      {
        category: C.PROVIDER_DEPENDENCY,
        likelihood: 1,
        has: [
          ['OPEN_WEIGHTS_HELD_LOCALLY', "weights held locally: no dependency on the provider's pricing or deprecation"],
        ],
        lacks: ['API_ONLY_DEPRECATION'],
      },
      { category: C.TRANSPARENCY, likelihood: 1, has: ['OPEN_WEIGHTS_INSPECTABLE'] },
      { category: C.INFORMATION_SECURITY, likelihood: 3, has: ['SELF_HOSTED_SECURITY_DUTIES'] },
      { category: C.SUSTAINABILITY_COST, likelihood: 3, has: ['SELF_HOSTED_GPU_COST'] },
      { category: C.LICENSE_COMPLIANCE, likelihood: 1, has: ['LICENCE_OSI_APPROVED'] },
      { category: C.CONFABULATION, likelihood: 3, impact: 2 },
    ],
  },
  {
    name: 'gated weights, self-hosted: run like open weights, in between on dependency',
    request: {},
    model: gatedModel(),
    expect: [
      {
        category: C.MISUSE,
        likelihood: 3,
        has: [
          [
            'SELF_HOSTED_NO_PROVIDER_MODERATION',
            "SELF_HOSTED GATED weights: no provider moderation layer sits in front of the model; output filtering, guardrails and abuse monitoring are the organisation's job",
          ],
        ],
      },
      {
        category: C.PROVIDER_DEPENDENCY,
        likelihood: 2,
        has: ['GATED_WEIGHTS_HELD_LOCALLY', 'GATED_ACCESS_PROVIDER_CONTROLLED'],
      },
      { category: C.TRANSPARENCY, likelihood: 1, has: ['GATED_WEIGHTS_INSPECTABLE'] },
      {
        category: C.LICENSE_COMPLIANCE,
        likelihood: 3,
        has: ['LICENCE_COMMUNITY_CUSTOM'],
        lacks: ['USER_THRESHOLD_NEAR'],
      },
    ],
  },
  {
    name: 'closed weights, vendor API, internal data',
    request: VENDOR,
    model: closedModel(),
    expect: [
      {
        category: C.MISUSE,
        likelihood: 1,
        has: [
          [
            'CLOSED_WEIGHTS_PROVIDER_MONITORS',
            "weights are closed: the provider's usage policy, moderation and abuse monitoring sit in front of the model (and the provider can revoke access)",
          ],
        ],
      },
      {
        category: C.PROVIDER_DEPENDENCY,
        likelihood: 4,
        has: ['CLOSED_WEIGHTS_SINGLE_PROVIDER', 'API_ONLY_DEPRECATION'],
      },
      { category: C.TRANSPARENCY, likelihood: 4, has: ['CLOSED_WEIGHTS_OPAQUE', 'TRAINING_DATA_UNDISCLOSED'] },
      {
        category: C.BIAS,
        likelihood: 3,
        has: [['TRAINING_DATA_UNDISCLOSED_BIAS', 'training data undisclosed: biases cannot be examined']],
      },
      {
        category: C.INFORMATION_SECURITY,
        likelihood: 3,
        has: ['VENDOR_API_CONFIDENTIAL_DATA'],
        lacks: ['SELF_HOSTED_SECURITY_DUTIES'],
      },
      { category: C.LICENSE_COMPLIANCE, likelihood: 3, has: ['LICENCE_PROPRIETARY_TERMS'] },
      { category: C.LOCAL_FIT, likelihood: 2, lacks: ['DEPLOYMENT_MODE_NOT_OFFERED'] },
      { category: C.SUSTAINABILITY_COST, likelihood: 2, lacks: ['SELF_HOSTED_GPU_COST'] },
    ],
  },
  {
    name: 'closed model requested for self-hosting: mode not offered',
    request: {},
    model: closedModel(),
    expect: [
      {
        category: C.LOCAL_FIT,
        likelihood: 3,
        has: [
          [
            'DEPLOYMENT_MODE_NOT_OFFERED',
            "requested deployment SELF_HOSTED is not among the model's hosting options (VENDOR_API)",
          ],
        ],
      },
    ],
  },
  // Data sensitivity x deployment ----------------------------------------------------------------------------
  {
    name: 'vendor API with SENSITIVE_PERSONAL data',
    request: { ...VENDOR, dataSensitivity: DataSensitivity.SENSITIVE_PERSONAL },
    model: closedModel(),
    expect: [
      {
        category: C.DATA_PROTECTION,
        likelihood: 4,
        impact: 4,
        has: [
          ['VENDOR_API_SENSITIVE_DATA', 'VENDOR_API with SENSITIVE_PERSONAL data: data leaves the organisation'],
          'SENSITIVE_DATA_IMPACT',
        ],
      },
      { category: C.INFORMATION_SECURITY, impact: 3, has: ['SENSITIVE_DATA_BREACH_IMPACT'] },
    ],
  },
  {
    name: 'self-hosted with SENSITIVE_PERSONAL data',
    request: { dataSensitivity: DataSensitivity.SENSITIVE_PERSONAL },
    model: openModel(),
    expect: [
      {
        category: C.DATA_PROTECTION,
        likelihood: 2,
        impact: 4,
        has: ['SENSITIVE_DATA_IMPACT'],
        lacks: ['VENDOR_API_SENSITIVE_DATA'],
      },
    ],
  },
  {
    name: 'open weights served through a vendor API: deployment, not weights, drives data protection',
    request: { ...VENDOR, dataSensitivity: DataSensitivity.SENSITIVE_PERSONAL },
    model: openModel(),
    expect: [
      { category: C.DATA_PROTECTION, likelihood: 4, has: ['VENDOR_API_SENSITIVE_DATA'] },
      { category: C.INFORMATION_SECURITY, lacks: ['SELF_HOSTED_SECURITY_DUTIES'] },
    ],
  },
  {
    name: 'vendor API with PERSONAL data',
    request: { ...VENDOR, dataSensitivity: DataSensitivity.PERSONAL },
    model: closedModel(),
    expect: [
      {
        category: C.DATA_PROTECTION,
        likelihood: 3,
        impact: 2,
        has: [['VENDOR_API_PERSONAL_DATA', 'VENDOR_API with PERSONAL data: data leaves the organisation']],
      },
    ],
  },
  {
    name: 'vendor API with CHILDREN data in education',
    request: { ...VENDOR, dataSensitivity: DataSensitivity.CHILDREN, sector: Sector.EDUCATION },
    model: closedModel(),
    expect: [
      {
        category: C.DATA_PROTECTION,
        likelihood: 4,
        impact: 4,
        has: ['VENDOR_API_SENSITIVE_DATA', 'CHILDREN_DATA_IMPACT'],
      },
      { category: C.BIAS, impact: 3, has: ['CHILDREN_BIAS_IMPACT'] },
      { category: C.CONFABULATION, impact: 3, has: ['CHILDREN_CONFABULATION_IMPACT'] },
    ],
  },
  {
    name: "open weights on users' devices: no provider moderation either",
    request: { deploymentMode: HostingOption.ON_DEVICE },
    model: openModel({ hostingOptions: [HostingOption.ON_DEVICE] }),
    expect: [{ category: C.MISUSE, likelihood: 3, has: ['SELF_HOSTED_NO_PROVIDER_MODERATION'] }],
  },
  {
    name: 'open weights served through a vendor API: the organisation does not run them',
    request: VENDOR,
    model: openModel(),
    expect: [
      {
        category: C.MISUSE,
        likelihood: 2,
        lacks: ['SELF_HOSTED_NO_PROVIDER_MODERATION', 'CLOSED_WEIGHTS_PROVIDER_MONITORS'],
      },
    ],
  },
  {
    name: 'PUBLIC data',
    request: { dataSensitivity: DataSensitivity.PUBLIC },
    model: openModel(),
    expect: [{ category: C.DATA_PROTECTION, likelihood: 1, has: ['PUBLIC_DATA_ONLY'] }],
  },
  // Adaptation ---------------------------------------------------------------------------------------------
  {
    name: 'open weights, fine-tuning',
    request: { intendedAdaptation: IntendedAdaptation.FINE_TUNING },
    model: openModel(),
    expect: [
      {
        category: C.LOCAL_FIT,
        likelihood: 1,
        has: [['WEIGHTS_TUNABLE_LOCALLY', 'weights are OPEN: can be fine-tuned on local data']],
      },
      {
        category: C.MISUSE,
        likelihood: 4,
        has: [
          'SELF_HOSTED_NO_PROVIDER_MODERATION',
          [
            'FINE_TUNING_ERODES_SAFETY',
            "FINE_TUNING OPEN weights: tuning, even on benign data, can remove the model's safety tuning; its safety must be evaluated again after tuning",
          ],
        ],
      },
    ],
  },
  {
    name: 'closed weights without any tuning, fine-tuning requested',
    request: { ...VENDOR, intendedAdaptation: IntendedAdaptation.FINE_TUNING },
    model: closedModel({ fineTuning: [FineTuningAvailability.NONE] }),
    expect: [
      {
        category: C.LOCAL_FIT,
        likelihood: 4,
        has: [['NO_TUNING_AVAILABLE', 'FINE_TUNING requested but no tuning available for a closed model']],
      },
      { category: C.MISUSE, likelihood: 1, lacks: ['FINE_TUNING_ERODES_SAFETY'] },
    ],
  },
  {
    name: "closed weights with the provider's tuning API, fine-tuning requested",
    request: { ...VENDOR, intendedAdaptation: IntendedAdaptation.FINE_TUNING },
    model: closedModel(),
    expect: [
      { category: C.LOCAL_FIT, likelihood: 2, lacks: ['NO_TUNING_AVAILABLE', 'WEIGHTS_TUNABLE_LOCALLY'] },
      { category: C.PROVIDER_DEPENDENCY, likelihood: 5, has: ['PROVIDER_TUNING_LOCK_IN'] },
      // Qi et al. 2023 removed safety tuning through a provider's tuning API too; the provider's moderation stays.
      {
        category: C.MISUSE,
        likelihood: 2,
        has: ['FINE_TUNING_ERODES_SAFETY', 'CLOSED_WEIGHTS_PROVIDER_MONITORS'],
        lacks: ['SELF_HOSTED_NO_PROVIDER_MODERATION'],
      },
    ],
  },
  {
    name: 'fine-tuning on PERSONAL data through a vendor',
    request: {
      ...VENDOR,
      intendedAdaptation: IntendedAdaptation.FINE_TUNING,
      dataSensitivity: DataSensitivity.PERSONAL,
    },
    model: closedModel(),
    expect: [
      { category: C.DATA_PROTECTION, likelihood: 4, has: ['VENDOR_API_PERSONAL_DATA', 'FINE_TUNING_ON_PERSONAL_DATA'] },
    ],
  },
  {
    name: 'retrieval grounds answers but opens indirect prompt injection',
    request: { intendedAdaptation: IntendedAdaptation.RETRIEVAL },
    model: openModel(),
    expect: [
      { category: C.CONFABULATION, likelihood: 2, has: ['RETRIEVAL_GROUNDING'] },
      { category: C.INFORMATION_SECURITY, likelihood: 4, has: ['RETRIEVAL_INDIRECT_INJECTION'] },
    ],
  },
];

describe(preAssess.name, () => {
  runPreAssessmentCases(preAssess, CASES);

  it('is deterministic: the same facts give deep-equal results', () => {
    const request = makeRequest({ languages: ['sw', 'am'], dataSensitivity: DataSensitivity.CHILDREN });
    expect(preAssess(request, gatedModel())).toEqual(preAssess(request, gatedModel()));
  });

  it('does not change its inputs', () => {
    const request = makeRequest({ languages: ['sw'] });
    const model = closedModel();
    const before = JSON.stringify([request, model]);
    preAssess(request, model);
    expect(JSON.stringify([request, model])).toBe(before);
  });

  it('reports the inherent tier as the highest band', () => {
    const sut = preAssess(
      makeRequest({ ...VENDOR, dataSensitivity: DataSensitivity.SENSITIVE_PERSONAL }),
      closedModel(),
    );
    expect(itemOf(sut, C.DATA_PROTECTION).band).toBe(RiskTier.HIGH);
    expect(sut.inherentTier).toBe(RiskTier.HIGH);
  });

  describe('compares open, gated and closed weights for the same request', () => {
    const requests: Array<[string, Partial<RequestFacts>]> = [
      ['self-hosted, internal', {}],
      ['vendor API, personal', { ...VENDOR, dataSensitivity: DataSensitivity.PERSONAL }],
      [
        'vendor API, children, fine-tuning',
        { ...VENDOR, dataSensitivity: DataSensitivity.CHILDREN, intendedAdaptation: IntendedAdaptation.FINE_TUNING },
      ],
      [
        'self-hosted, sensitive, health, retrieval',
        {
          dataSensitivity: DataSensitivity.SENSITIVE_PERSONAL,
          sector: Sector.HEALTH,
          intendedAdaptation: IntendedAdaptation.RETRIEVAL,
        },
      ],
    ];
    const levels = (request: Partial<RequestFacts>, category: RiskCategory) =>
      [openModel(), gatedModel(), closedModel()].map(
        (m) => itemOf(preAssess(makeRequest(request), m), category).likelihood,
      );

    // The adopter's view: the organisation runs OPEN and GATED weights alike (no provider moderation either
    // way); a closed model keeps the provider's moderation in front of it.
    it.each(requests)('%s: MISUSE likelihood open = gated > closed', (_label, request) => {
      const [open, gated, closed] = levels(request, C.MISUSE);
      expect(open).toBe(gated);
      expect(gated).toBeGreaterThan(closed);
    });

    it.each(requests)('%s: PROVIDER_DEPENDENCY likelihood closed > gated > open', (_label, request) => {
      const [open, gated, closed] = levels(request, C.PROVIDER_DEPENDENCY);
      expect(closed).toBeGreaterThan(gated);
      expect(gated).toBeGreaterThan(open);
    });

    it.each(requests)('%s: TRANSPARENCY likelihood closed > open', (_label, request) => {
      const [open, , closed] = levels(request, C.TRANSPARENCY);
      expect(closed).toBeGreaterThan(open);
    });
  });

  it.each([DataSensitivity.PERSONAL, DataSensitivity.SENSITIVE_PERSONAL, DataSensitivity.CHILDREN])(
    'DATA_PROTECTION likelihood: VENDOR_API > SELF_HOSTED with %s data, same model',
    (dataSensitivity) => {
      const level = (deploymentMode: HostingOption) =>
        itemOf(preAssess(makeRequest({ deploymentMode, dataSensitivity }), openModel()), C.DATA_PROTECTION).likelihood;
      expect(level(HostingOption.VENDOR_API)).toBeGreaterThan(level(HostingOption.SELF_HOSTED));
    },
  );

  it('DATA_PROTECTION likelihood rises with sensitivity through a vendor API', () => {
    const level = (dataSensitivity: DataSensitivity) =>
      itemOf(preAssess(makeRequest({ ...VENDOR, dataSensitivity }), closedModel()), C.DATA_PROTECTION).likelihood;
    expect(level(DataSensitivity.PUBLIC)).toBeLessThan(level(DataSensitivity.PERSONAL));
    expect(level(DataSensitivity.PERSONAL)).toBeLessThan(level(DataSensitivity.SENSITIVE_PERSONAL));
  });

  it('LOCAL_FIT with FINE_TUNING: untunable closed model > open model', () => {
    const request = makeRequest({ ...VENDOR, intendedAdaptation: IntendedAdaptation.FINE_TUNING });
    const closed = preAssess(request, closedModel({ fineTuning: [FineTuningAvailability.UNKNOWN] }));
    const open = preAssess(request, openModel());
    expect(itemOf(closed, C.LOCAL_FIT).likelihood).toBeGreaterThan(itemOf(open, C.LOCAL_FIT).likelihood);
  });

  it('gives every category once, in enum order, with its NIST category, baseline and consistent score', () => {
    const sut = preAssess(makeRequest(), closedModel());
    expect(sut.items.map((i) => i.category)).toEqual(Object.values(RiskCategory));
    for (const item of sut.items) {
      expect(item.nistCategory).toBe(nistCategoryOf(item.category));
      expect(item.baseline).toEqual(BASELINES[item.category]);
      expect(item.score).toBe(item.likelihood * item.impact);
      expect(item.band).toBe(bandOf(item.score));
    }
  });

  it('starts from the baseline when no rule applies, and says so in one reason', () => {
    const sut = preAssess(makeRequest(), openModel(), []);
    for (const item of sut.items) {
      expect([item.likelihood, item.impact, item.reasons]).toEqual([
        item.baseline.likelihood,
        item.baseline.impact,
        [
          {
            code: BASELINE_ONLY,
            text: expect.stringContaining(
              `no fact of this request or model raises this above (or lowers it below) the baseline of likelihood ${item.baseline.likelihood}, impact ${item.baseline.impact}`,
            ),
            effect: 'likelihood',
            delta: 0,
          },
        ],
      ]);
    }
    expect(itemOf(sut, C.CONFABULATION).reasons[0].text).toMatch(/every generative model confabulates/);
  });

  it('gives the untouched SUSTAINABILITY_COST of a closed API model its baseline reason', () => {
    const sut = preAssess(makeRequest(VENDOR), closedModel());
    expect(itemOf(sut, C.SUSTAINABILITY_COST).reasons.map((r) => r.code)).toEqual([BASELINE_ONLY]);
    expect(itemOf(sut, C.MISUSE).reasons.map((r) => r.code)).not.toContain(BASELINE_ONLY);
  });

  it('clamps sums to 1..5 and still lists every applied reason', () => {
    const push = (code: string, delta: number, effect: RiskRule['effect']): RiskRule => ({
      code,
      category: C.BIAS,
      effect,
      delta,
      source: 'test',
      applies: () => true,
      text: () => code,
    });
    const up = preAssess(makeRequest(), openModel(), [
      push('UP_A', 4, 'likelihood'),
      push('UP_B', 4, 'impact'),
      push('UP_C', 4, 'impact'),
    ]);
    expect([itemOf(up, C.BIAS).likelihood, itemOf(up, C.BIAS).impact, itemOf(up, C.BIAS).reasons]).toMatchObject([
      5,
      5,
      { length: 3 },
    ]);
    expect(up.inherentTier).toBe(RiskTier.CRITICAL);
    const down = preAssess(makeRequest(), openModel(), [
      push('DOWN_A', -4, 'likelihood'),
      push('DOWN_B', -4, 'impact'),
    ]);
    expect([itemOf(down, C.BIAS).likelihood, itemOf(down, C.BIAS).impact]).toEqual([1, 1]);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses expectedUsers %p', (expectedUsers) => {
    expect(() => preAssess(makeRequest({ expectedUsers }), openModel())).toThrow(RangeError);
  });
});

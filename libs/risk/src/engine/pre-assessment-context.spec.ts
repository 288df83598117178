import {
  HostingOption,
  LicenseKind,
  MofClass,
  ObligationKind,
  TrainingDataOpenness,
  WeightsAccess,
} from '@app/catalog/openness';
import {
  closedModel,
  gatedModel,
  itemOf,
  makeRequest,
  openModel,
  type PreAssessmentCase,
  runPreAssessmentCases,
} from './engine.test-support';
import { preAssess } from './pre-assessment';
import { DataSensitivity, IntendedAdaptation, type RequestFacts, RiskCategory, RiskTier, Sector } from './risk-context';

const C = RiskCategory;
const VENDOR = { deploymentMode: HostingOption.VENDOR_API };
const threshold = (users: number): Partial<RequestFacts> => ({ expectedUsers: users });

/** Languages x licence thresholds and clauses x training data x sector x scale x hybrid families. */
const CASES: PreAssessmentCase[] = [
  // Languages ----------------------------------------------------------------------------------------------
  {
    name: 'two secondary languages missing, the primary one supported',
    request: { languages: ['en', 'sw-KE', 'am'] },
    model: openModel(),
    expect: [
      {
        category: C.LOCAL_FIT,
        likelihood: 4,
        impact: 2,
        has: [
          ['LANGUAGE_NOT_SUPPORTED', "secondary language sw-KE not in the model's languages"],
          ['LANGUAGE_NOT_SUPPORTED', "secondary language am not in the model's languages"],
        ],
        lacks: ['PRIMARY_LANGUAGE_NOT_SUPPORTED', 'PRIMARY_LANGUAGE_PEOPLE_DEPEND'],
      },
    ],
  },
  {
    name: 'primary language missing, staff-facing internal use',
    request: { languages: ['sw-KE', 'en'] },
    model: openModel(),
    expect: [
      {
        category: C.LOCAL_FIT,
        likelihood: 4,
        impact: 2,
        has: [
          [
            'PRIMARY_LANGUAGE_NOT_SUPPORTED',
            "primary language sw-KE (first requested) not in the model's languages: most of the use would run in a language the model is not documented for",
          ],
        ],
        lacks: ['LANGUAGE_NOT_SUPPORTED', 'PRIMARY_LANGUAGE_PEOPLE_DEPEND'],
      },
    ],
  },
  {
    name: 'primary language missing in a public-facing service',
    request: { languages: ['ha'], publicFacing: true },
    model: openModel(),
    expect: [
      {
        category: C.LOCAL_FIT,
        likelihood: 4,
        impact: 3,
        has: [
          'PRIMARY_LANGUAGE_NOT_SUPPORTED',
          [
            'PRIMARY_LANGUAGE_PEOPLE_DEPEND',
            'primary language ha not supported and the system is public-facing: people read and write in it themselves: poor output in it reaches them directly',
          ],
        ],
      },
    ],
  },
  {
    name: 'primary language missing in a humanitarian use',
    request: { languages: ['ar', 'fr'], sector: Sector.HUMANITARIAN },
    model: openModel(),
    expect: [{ category: C.LOCAL_FIT, likelihood: 4, impact: 3, has: ['PRIMARY_LANGUAGE_PEOPLE_DEPEND'] }],
  },
  {
    name: 'secondary language missing in a public-facing service: no impact raise',
    request: { languages: ['fr', 'ha'], publicFacing: true },
    model: openModel(),
    expect: [{ category: C.LOCAL_FIT, likelihood: 3, impact: 2, lacks: ['PRIMARY_LANGUAGE_PEOPLE_DEPEND'] }],
  },
  {
    name: 'regional tag matches the primary subtag',
    request: { languages: ['sw-KE', 'fr-CD'] },
    model: openModel({ languages: ['sw', 'fr'] }),
    expect: [{ category: C.LOCAL_FIT, likelihood: 2, lacks: ['LANGUAGE_NOT_SUPPORTED'] }],
  },
  {
    name: 'model languages undocumented',
    request: { languages: ['sw'] },
    model: openModel({ languages: [] }),
    expect: [
      {
        category: C.LOCAL_FIT,
        likelihood: 3,
        has: [
          [
            'LANGUAGES_UNDOCUMENTED',
            "the model's supported languages are not documented: coverage of the requested ones is unknown",
          ],
        ],
        lacks: ['LANGUAGE_NOT_SUPPORTED', 'PRIMARY_LANGUAGE_NOT_SUPPORTED'],
      },
    ],
  },
  // Licence ------------------------------------------------------------------------------------------------
  {
    name: 'expected users above a 700M threshold',
    request: threshold(900_000_000),
    model: gatedModel(),
    expect: [
      {
        category: C.LICENSE_COMPLIANCE,
        likelihood: 5,
        impact: 3,
        has: [
          [
            'USER_THRESHOLD_EXCEEDED',
            "expected users 900M above the licence's 700M threshold; the clause counts the licensee's monthly active users across all its products and services, so this request's users are only a lower bound: record the organisation's figure",
          ],
          'USER_THRESHOLD_GRANT_LOST',
        ],
      },
      { category: C.MISUSE, impact: 4, has: ['MANY_USERS_MISUSE_IMPACT', 'MASS_USERS_MISUSE_IMPACT'] },
    ],
  },
  {
    name: 'expected users within 50% of the threshold',
    request: threshold(400_000_000),
    model: gatedModel(),
    expect: [
      {
        category: C.LICENSE_COMPLIANCE,
        likelihood: 4,
        impact: 2,
        has: [
          [
            'USER_THRESHOLD_NEAR',
            "expected users 400M within 50% of the licence's 700M threshold; the clause counts the licensee's monthly active users across all its products and services, so this request's users are only a lower bound: record the organisation's figure",
          ],
        ],
        lacks: ['USER_THRESHOLD_EXCEEDED'],
      },
    ],
  },
  {
    name: 'expected users exactly at the threshold: near, not above',
    request: threshold(700_000_000),
    model: gatedModel(),
    expect: [{ category: C.LICENSE_COMPLIANCE, has: ['USER_THRESHOLD_NEAR'], lacks: ['USER_THRESHOLD_EXCEEDED'] }],
  },
  {
    name: 'expected users well below the threshold',
    request: threshold(300_000_000),
    model: gatedModel(),
    expect: [
      {
        category: C.LICENSE_COMPLIANCE,
        likelihood: 3,
        has: ['USER_THRESHOLD_BELOW'],
        lacks: ['USER_THRESHOLD_NEAR', 'USER_THRESHOLD_EXCEEDED'],
      },
    ],
  },
  {
    name: "the organisation's recorded monthly active users above the threshold, a small request",
    request: { expectedUsers: 5_000, organisationMonthlyActiveUsers: 800_000_000 },
    model: gatedModel(),
    expect: [
      {
        category: C.LICENSE_COMPLIANCE,
        likelihood: 5,
        impact: 3,
        has: [
          [
            'USER_THRESHOLD_EXCEEDED',
            "the organisation's monthly active users 800M (recorded for the organisation) above the licence's 700M threshold; the clause counts the licensee's monthly active users across all its products and services",
          ],
          'USER_THRESHOLD_GRANT_LOST',
        ],
      },
    ],
  },
  {
    name: "the organisation's recorded figure far below the threshold: informational reason only",
    request: { expectedUsers: 5_000, organisationMonthlyActiveUsers: 2_000_000 },
    model: gatedModel(),
    expect: [
      {
        category: C.LICENSE_COMPLIANCE,
        likelihood: 3,
        has: [
          [
            'USER_THRESHOLD_BELOW',
            "the licence has a 700M monthly-active-user threshold; the organisation's monthly active users 2M (recorded for the organisation) well below it; the clause counts the licensee's monthly active users across all its products and services",
          ],
        ],
        lacks: ['USER_THRESHOLD_NEAR', 'USER_THRESHOLD_EXCEEDED'],
      },
    ],
  },
  {
    name: "a request's users above the organisation's out-of-date figure count instead",
    request: { expectedUsers: 900_000_000, organisationMonthlyActiveUsers: 1_000 },
    model: gatedModel(),
    expect: [
      {
        category: C.LICENSE_COMPLIANCE,
        has: [
          [
            'USER_THRESHOLD_EXCEEDED',
            "expected users 900M above the licence's 700M threshold; the clause counts the licensee's monthly active users across all its products and services; this request's users exceed the organisation's recorded figure, which looks out of date",
          ],
        ],
      },
    ],
  },
  {
    name: 'OpenRAIL with use policy, non-commercial, no-training and share-alike clauses, fine-tuning',
    request: { intendedAdaptation: IntendedAdaptation.FINE_TUNING },
    model: openModel({
      licenseName: 'OpenRAIL-M',
      licenseKind: LicenseKind.OPEN_RAIL,
      obligations: [
        { kind: ObligationKind.ACCEPTABLE_USE_POLICY, text: 'no medical advice' },
        { kind: ObligationKind.NON_COMMERCIAL },
        { kind: ObligationKind.NO_TRAINING_OTHER_MODELS },
        { kind: ObligationKind.SHARE_ALIKE },
      ],
    }),
    expect: [
      {
        category: C.LICENSE_COMPLIANCE,
        likelihood: 5,
        has: [
          'LICENCE_OPEN_RAIL',
          [
            'ACCEPTABLE_USE_POLICY',
            'the licence\'s acceptable-use policy ("no medical advice") must be checked against the use case',
          ],
          [
            'NON_COMMERCIAL_ONLY',
            'the licence allows non-commercial use only: confirm that this use (sector CIVIL_SOCIETY) is non-commercial',
          ],
          'NO_TRAINING_OTHER_MODELS',
          'SHARE_ALIKE',
        ],
      },
    ],
  },
  {
    name: 'no-training clause without fine-tuning',
    request: {},
    model: openModel({ obligations: [{ kind: ObligationKind.NO_TRAINING_OTHER_MODELS }] }),
    expect: [{ category: C.LICENSE_COMPLIANCE, likelihood: 1, lacks: ['NO_TRAINING_OTHER_MODELS'] }],
  },
  {
    name: 'licence of unknown kind',
    request: {},
    model: openModel({ licenseName: 'Custom', licenseKind: LicenseKind.UNKNOWN }),
    expect: [{ category: C.LICENSE_COMPLIANCE, likelihood: 4, has: ['LICENCE_UNKNOWN'] }],
  },
  // Training data, sector, scale -----------------------------------------------------------------------------
  {
    name: 'open training data and MOF class I',
    request: {},
    model: openModel({ trainingDataOpenness: TrainingDataOpenness.OPEN, mofClass: MofClass.CLASS_I }),
    expect: [
      { category: C.TRANSPARENCY, likelihood: 1, has: ['TRAINING_DATA_OPEN', 'MOF_OPEN_PIPELINE'] },
      { category: C.BIAS, likelihood: 1, has: ['TRAINING_DATA_OPEN_BIAS'] },
    ],
  },
  {
    name: 'HEALTH sector',
    request: { sector: Sector.HEALTH },
    model: openModel(),
    expect: [
      { category: C.CONFABULATION, impact: 3, has: ['HEALTH_CONFABULATION_IMPACT'] },
      { category: C.BIAS, impact: 3, has: ['HEALTH_BIAS_IMPACT'] },
      { category: C.DATA_PROTECTION, impact: 3, has: ['HEALTH_DATA_IMPACT'] },
    ],
  },
  {
    name: 'HUMANITARIAN sector',
    request: { sector: Sector.HUMANITARIAN },
    model: openModel(),
    expect: [
      {
        category: C.CONFABULATION,
        impact: 3,
        has: [['HUMANITARIAN_CONFABULATION_IMPACT', 'sector HUMANITARIAN: decisions affect vulnerable people']],
      },
      { category: C.BIAS, impact: 3, has: ['HUMANITARIAN_BIAS_IMPACT'] },
    ],
  },
  {
    name: 'HUMANITARIAN sector with PERSONAL data: people affected by a crisis',
    request: { sector: Sector.HUMANITARIAN, dataSensitivity: DataSensitivity.PERSONAL },
    model: openModel(),
    expect: [
      {
        category: C.DATA_PROTECTION,
        impact: 4,
        has: [
          [
            'HUMANITARIAN_PERSONAL_DATA_IMPACT',
            'sector HUMANITARIAN with PERSONAL data: personal data of refugees, displaced people or asylum seekers can expose them to persecution, refoulement or discrimination if disclosed',
          ],
        ],
      },
      { category: C.INFORMATION_SECURITY, impact: 3, has: ['HUMANITARIAN_DATA_BREACH_IMPACT'] },
    ],
  },
  {
    name: 'HUMANITARIAN sector with SENSITIVE_PERSONAL data: raised once more, clamped',
    request: { sector: Sector.HUMANITARIAN, dataSensitivity: DataSensitivity.SENSITIVE_PERSONAL },
    model: openModel(),
    expect: [
      { category: C.DATA_PROTECTION, impact: 5, has: ['HUMANITARIAN_PERSONAL_DATA_IMPACT', 'SENSITIVE_DATA_IMPACT'] },
      {
        category: C.INFORMATION_SECURITY,
        impact: 3,
        has: ['SENSITIVE_DATA_BREACH_IMPACT'],
        lacks: ['HUMANITARIAN_DATA_BREACH_IMPACT'],
      },
    ],
  },
  {
    name: 'HUMANITARIAN sector with INTERNAL data only',
    request: { sector: Sector.HUMANITARIAN, dataSensitivity: DataSensitivity.INTERNAL },
    model: openModel(),
    expect: [{ category: C.DATA_PROTECTION, impact: 2, lacks: ['HUMANITARIAN_PERSONAL_DATA_IMPACT'] }],
  },
  {
    name: 'HEALTH sector with PERSONAL data: not a crisis population',
    request: { sector: Sector.HEALTH, dataSensitivity: DataSensitivity.PERSONAL },
    model: openModel(),
    expect: [{ category: C.DATA_PROTECTION, impact: 3, lacks: ['HUMANITARIAN_PERSONAL_DATA_IMPACT'] }],
  },
  {
    name: '250K users',
    request: { expectedUsers: 250_000 },
    model: openModel(),
    expect: [
      {
        category: C.MISUSE,
        impact: 3,
        has: [['MANY_USERS_MISUSE_IMPACT', 'expected users 250K: misuse would reach many people']],
        lacks: ['MASS_USERS_MISUSE_IMPACT'],
      },
      { category: C.BIAS, impact: 3, has: ['MANY_USERS_BIAS_IMPACT'] },
      { category: C.SUSTAINABILITY_COST, impact: 2, lacks: ['MASS_USAGE_COST'] },
    ],
  },
  {
    name: '2M users, public-facing',
    request: { expectedUsers: 2_000_000, publicFacing: true },
    model: openModel(),
    expect: [
      {
        category: C.MISUSE,
        likelihood: 4,
        impact: 4,
        has: ['SELF_HOSTED_NO_PROVIDER_MODERATION', 'PUBLIC_FACING_MISUSE', 'MASS_USERS_MISUSE_IMPACT'],
      },
      { category: C.BIAS, impact: 4, has: ['MASS_USERS_BIAS_IMPACT'] },
      { category: C.INFORMATION_SECURITY, likelihood: 4, has: ['PUBLIC_FACING_ATTACK_SURFACE'] },
      { category: C.SUSTAINABILITY_COST, impact: 3, has: ['MASS_USAGE_COST'] },
    ],
  },
  {
    name: 'large model',
    request: {},
    model: openModel({ parameterCount: 405e9 }),
    expect: [
      {
        category: C.SUSTAINABILITY_COST,
        likelihood: 4,
        has: [
          [
            'LARGE_MODEL_COMPUTE',
            'parameter count 405B: serving needs several data-centre GPUs and more energy per request',
          ],
        ],
      },
    ],
  },
  {
    name: 'small model',
    request: {},
    model: openModel({ parameterCount: 8e9 }),
    expect: [
      { category: C.SUSTAINABILITY_COST, likelihood: 2, has: ['SMALL_MODEL_COMPUTE'], lacks: ['LARGE_MODEL_COMPUTE'] },
    ],
  },
  // Hybrid families ----------------------------------------------------------------------------------------
  {
    name: 'closed model with an open sibling',
    request: VENDOR,
    model: closedModel({
      familyAlternatives: [
        { name: 'Family Open 7B', weightsAccess: WeightsAccess.OPEN, hostingOptions: [HostingOption.SELF_HOSTED] },
      ],
    }),
    expect: [
      {
        category: C.PROVIDER_DEPENDENCY,
        likelihood: 4,
        has: [
          [
            'FAMILY_OPEN_ALTERNATIVE',
            'a model of the same family with downloadable weights (Family Open 7B) could be self-hosted instead',
          ],
        ],
      },
    ],
  },
  {
    name: 'closed model with a gated sibling (Gemini and Gemma): the gated one counts, flagged as gated',
    request: VENDOR,
    model: closedModel({
      name: 'Gemini 1.5 Pro',
      familyAlternatives: [
        { name: 'Gemma 2 9B IT', weightsAccess: WeightsAccess.GATED, hostingOptions: [HostingOption.SELF_HOSTED] },
        { name: 'Gemini 1.5 Flash', weightsAccess: WeightsAccess.CLOSED, hostingOptions: [HostingOption.VENDOR_API] },
      ],
    }),
    expect: [
      {
        category: C.PROVIDER_DEPENDENCY,
        has: [
          [
            'FAMILY_OPEN_ALTERNATIVE',
            "a model of the same family with downloadable weights (Gemma 2 9B IT (gated)) could be self-hosted instead; gated weights are downloaded once the producer grants access, on the producer's terms",
          ],
        ],
      },
    ],
  },
  {
    name: 'gated model with a gated sibling: not an alternative of its own kind',
    request: {},
    model: gatedModel({
      familyAlternatives: [
        { name: 'Gated 2B', weightsAccess: WeightsAccess.GATED, hostingOptions: [HostingOption.SELF_HOSTED] },
      ],
    }),
    expect: [{ category: C.PROVIDER_DEPENDENCY, lacks: ['FAMILY_OPEN_ALTERNATIVE'] }],
  },
  {
    name: 'gated model with a closed sibling',
    request: {},
    model: gatedModel({
      familyAlternatives: [
        { name: 'Family Ultra', weightsAccess: WeightsAccess.CLOSED, hostingOptions: [HostingOption.VENDOR_API] },
      ],
    }),
    expect: [{ category: C.SUSTAINABILITY_COST, has: ['FAMILY_CLOSED_ALTERNATIVE'] }],
  },
  {
    name: 'open model with a closed sibling',
    request: {},
    model: openModel({
      familyAlternatives: [
        { name: 'Family Ultra', weightsAccess: WeightsAccess.CLOSED, hostingOptions: [HostingOption.VENDOR_API] },
      ],
    }),
    expect: [
      { category: C.SUSTAINABILITY_COST, likelihood: 3, has: ['FAMILY_CLOSED_ALTERNATIVE'] },
      { category: C.PROVIDER_DEPENDENCY, lacks: ['FAMILY_OPEN_ALTERNATIVE'] },
    ],
  },
];

describe(preAssess.name, () => {
  runPreAssessmentCases(preAssess, CASES);

  it('keeps every level within 1..5 in a worst case', () => {
    const worst = preAssess(
      makeRequest({
        ...VENDOR,
        sector: Sector.HEALTH,
        dataSensitivity: DataSensitivity.CHILDREN,
        intendedAdaptation: IntendedAdaptation.FINE_TUNING,
        languages: ['sw', 'am', 'ha', 'yo', 'zu', 'so'],
        expectedUsers: 5_000_000,
        publicFacing: true,
      }),
      closedModel({ fineTuning: [] }),
    );
    for (const item of worst.items) {
      expect(item.likelihood).toBeGreaterThanOrEqual(1);
      expect(item.likelihood).toBeLessThanOrEqual(5);
      expect(item.impact).toBeGreaterThanOrEqual(1);
      expect(item.impact).toBeLessThanOrEqual(5);
    }
    expect(itemOf(worst, C.LOCAL_FIT).likelihood).toBe(5);
    expect(itemOf(worst, C.LOCAL_FIT).reasons.filter((r) => r.code === 'PRIMARY_LANGUAGE_NOT_SUPPORTED')).toHaveLength(
      1,
    );
    expect(itemOf(worst, C.LOCAL_FIT).reasons.filter((r) => r.code === 'LANGUAGE_NOT_SUPPORTED')).toHaveLength(5);
    expect(worst.inherentTier).toBe(RiskTier.CRITICAL);
  });
});

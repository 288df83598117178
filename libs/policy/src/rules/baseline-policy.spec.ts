import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  ObligationKind,
  TrainingDataOpenness,
  WeightsAccess,
} from '@app/catalog/openness';
import { DataSensitivity, IntendedAdaptation, Sector } from '@app/risk/engine';
import { BASELINE_POLICY_RULES } from './baseline-policy';
import type { PolicyContext } from './policy-context';
import { closedModel, makeContext, openModel } from './policy.test-support';
import { evaluateRules } from './rule-evaluation';
import { validateRule } from './rule-validation';

const { VENDOR_API, SELF_HOSTED, ON_DEVICE } = HostingOption;
const { PERSONAL, SENSITIVE_PERSONAL, CHILDREN, INTERNAL } = DataSensitivity;
const threshold = (n: number) => [{ kind: ObligationKind.USER_THRESHOLD, threshold: n }];
const gated = openModel({
  weightsAccess: WeightsAccess.GATED,
  licenseKind: LicenseKind.COMMUNITY_CUSTOM,
  obligations: threshold(700_000_000),
});

/** For each rule: contexts in which it must fire, and contexts in which it must stay quiet. */
const CASES: Record<string, { fires: Array<[string, PolicyContext]>; quiet: Array<[string, PolicyContext]> }> = {
  'baseline-vendor-api-sensitive-data': {
    fires: [
      [
        'sensitive data to a vendor API',
        makeContext({ deploymentMode: VENDOR_API, dataSensitivity: SENSITIVE_PERSONAL }, closedModel()),
      ],
      [
        'children data to a vendor API',
        makeContext({ deploymentMode: VENDOR_API, dataSensitivity: CHILDREN }, closedModel()),
      ],
      [
        'humanitarian beneficiaries’ personal data to a vendor API',
        makeContext(
          { deploymentMode: VENDOR_API, dataSensitivity: PERSONAL, sector: Sector.HUMANITARIAN },
          closedModel(),
        ),
      ],
    ],
    quiet: [
      [
        'humanitarian internal data to a vendor API',
        makeContext(
          { deploymentMode: VENDOR_API, dataSensitivity: INTERNAL, sector: Sector.HUMANITARIAN },
          closedModel(),
        ),
      ],
      [
        'humanitarian personal data self-hosted',
        makeContext({ deploymentMode: SELF_HOSTED, dataSensitivity: PERSONAL, sector: Sector.HUMANITARIAN }),
      ],
      [
        'ordinary personal data to a vendor API',
        makeContext({ deploymentMode: VENDOR_API, dataSensitivity: PERSONAL }, closedModel()),
      ],
      ['sensitive data self-hosted', makeContext({ deploymentMode: SELF_HOSTED, dataSensitivity: SENSITIVE_PERSONAL })],
    ],
  },
  'baseline-vendor-api-processing-agreement': {
    fires: [
      [
        'personal data to a vendor API',
        makeContext({ deploymentMode: VENDOR_API, dataSensitivity: PERSONAL }, closedModel()),
      ],
    ],
    quiet: [
      [
        'internal data to a vendor API',
        makeContext({ deploymentMode: VENDOR_API, dataSensitivity: INTERNAL }, closedModel()),
      ],
      ['personal data on device', makeContext({ deploymentMode: ON_DEVICE, dataSensitivity: PERSONAL })],
    ],
  },
  'baseline-open-weights-public-facing': {
    fires: [
      ['open weights self-hosted, public', makeContext({ publicFacing: true }, openModel())],
      ['gated weights self-hosted, public', makeContext({ publicFacing: true }, gated)],
      ['open weights on device, public', makeContext({ publicFacing: true, deploymentMode: ON_DEVICE }, openModel())],
    ],
    quiet: [
      ['open weights, staff only', makeContext({ publicFacing: false }, openModel())],
      ['open weights through a vendor API, public', makeContext({ publicFacing: true, deploymentMode: VENDOR_API })],
      ['closed weights, public', makeContext({ publicFacing: true, deploymentMode: VENDOR_API }, closedModel())],
      [
        'weights access unknown, public',
        makeContext({ publicFacing: true }, openModel({ weightsAccess: WeightsAccess.UNKNOWN })),
      ],
    ],
  },
  'baseline-self-hosted-guardrails': {
    fires: [
      ['open weights self-hosted, public', makeContext({ publicFacing: true }, openModel())],
      ['gated weights self-hosted, sensitive data', makeContext({ dataSensitivity: SENSITIVE_PERSONAL }, gated)],
      ['open weights on device, children data', makeContext({ deploymentMode: ON_DEVICE, dataSensitivity: CHILDREN })],
    ],
    quiet: [
      ['open weights self-hosted, staff only, internal data', makeContext({}, openModel())],
      ['open weights self-hosted, staff only, ordinary personal data', makeContext({ dataSensitivity: PERSONAL })],
      [
        'closed weights through the provider, public and sensitive',
        makeContext(
          { publicFacing: true, dataSensitivity: SENSITIVE_PERSONAL, deploymentMode: VENDOR_API },
          closedModel(),
        ),
      ],
      [
        'open weights through a vendor API, public',
        makeContext({ publicFacing: true, deploymentMode: VENDOR_API }, openModel()),
      ],
    ],
  },
  'baseline-fine-tuning-safety-reevaluation': {
    fires: [
      ['fine-tuning open weights', makeContext({ intendedAdaptation: IntendedAdaptation.FINE_TUNING }, openModel())],
      ['fine-tuning gated weights', makeContext({ intendedAdaptation: IntendedAdaptation.FINE_TUNING }, gated)],
      [
        "fine-tuning through the provider's tuning API (Qi et al. did it that way too)",
        makeContext({ intendedAdaptation: IntendedAdaptation.FINE_TUNING, deploymentMode: VENDOR_API }, closedModel()),
      ],
    ],
    quiet: [
      ['prompting open weights', makeContext({ intendedAdaptation: IntendedAdaptation.PROMPTING }, openModel())],
      ['retrieval with gated weights', makeContext({ intendedAdaptation: IntendedAdaptation.RETRIEVAL }, gated)],
      [
        'fine-tuning requested of a closed model without tuning',
        makeContext(
          { intendedAdaptation: IntendedAdaptation.FINE_TUNING },
          closedModel({ fineTuning: [FineTuningAvailability.NONE] }),
        ),
      ],
    ],
  },
  'baseline-community-licence': {
    fires: [['community licence', makeContext({}, gated)]],
    quiet: [['OSI licence', makeContext({}, openModel())]],
  },
  'baseline-open-rail-pass-on': {
    fires: [['OpenRAIL', makeContext({}, openModel({ licenseKind: LicenseKind.OPEN_RAIL }))]],
    quiet: [['OSI licence', makeContext({}, openModel())]],
  },
  'baseline-closed-model-cannot-be-tuned': {
    fires: [
      [
        'fine-tuning a closed model without a tuning API',
        makeContext(
          { intendedAdaptation: IntendedAdaptation.FINE_TUNING },
          closedModel({ fineTuning: [FineTuningAvailability.NONE] }),
        ),
      ],
    ],
    quiet: [
      [
        'fine-tuning a closed model with a tuning API',
        makeContext({ intendedAdaptation: IntendedAdaptation.FINE_TUNING }, closedModel()),
      ],
      ['fine-tuning an open model', makeContext({ intendedAdaptation: IntendedAdaptation.FINE_TUNING }, openModel())],
      [
        'prompting a closed model without a tuning API',
        makeContext({}, closedModel({ fineTuning: [FineTuningAvailability.NONE] })),
      ],
    ],
  },
  'baseline-user-threshold-exceeded': {
    fires: [
      ['900M users over a 700M threshold', makeContext({ expectedUsers: 900_000_000 }, gated)],
      [
        "the organisation's recorded 800M monthly active users, a small request",
        makeContext({ expectedUsers: 2_000, organisationMonthlyActiveUsers: 800_000_000 }, gated),
      ],
      [
        'the smallest of two thresholds counts',
        makeContext({ expectedUsers: 2000 }, openModel({ obligations: [...threshold(1e9), ...threshold(1000)] })),
      ],
    ],
    quiet: [
      ['exactly at the threshold', makeContext({ expectedUsers: 700_000_000 }, gated)],
      [
        "the organisation's recorded figure below the threshold",
        makeContext({ expectedUsers: 2_000, organisationMonthlyActiveUsers: 5_000_000 }, gated),
      ],
      ['no threshold', makeContext({ expectedUsers: 900_000_000 }, openModel())],
    ],
  },
  'baseline-non-commercial-legal': {
    fires: [
      ['non-commercial clause', makeContext({}, openModel({ obligations: [{ kind: ObligationKind.NON_COMMERCIAL }] }))],
    ],
    quiet: [['attribution only', makeContext({}, openModel({ obligations: [{ kind: ObligationKind.ATTRIBUTION }] }))]],
  },
  'baseline-non-commercial-condition': {
    fires: [
      ['non-commercial clause', makeContext({}, openModel({ obligations: [{ kind: ObligationKind.NON_COMMERCIAL }] }))],
    ],
    quiet: [['no obligations', makeContext({}, openModel())]],
  },
  'baseline-children-min-tier': {
    fires: [['children data', makeContext({ dataSensitivity: CHILDREN })]],
    quiet: [['sensitive adult data', makeContext({ dataSensitivity: SENSITIVE_PERSONAL })]],
  },
  'baseline-health-undisclosed-training-data': {
    fires: [
      ['health, undisclosed data', makeContext({ sector: Sector.HEALTH }, closedModel())],
      [
        'health, unknown data',
        makeContext({ sector: Sector.HEALTH }, openModel({ trainingDataOpenness: TrainingDataOpenness.UNKNOWN })),
      ],
    ],
    quiet: [
      ['health, documented data', makeContext({ sector: Sector.HEALTH }, openModel())],
      ['education, undisclosed data', makeContext({ sector: Sector.EDUCATION }, closedModel())],
    ],
  },
  'baseline-weights-access-unknown': {
    fires: [['weights access unknown', makeContext({}, openModel({ weightsAccess: WeightsAccess.UNKNOWN }))]],
    quiet: [
      ['open weights', makeContext({}, openModel())],
      ['closed weights', makeContext({ deploymentMode: VENDOR_API }, closedModel())],
    ],
  },
  'baseline-unknown-licence': {
    fires: [['unknown licence', makeContext({}, openModel({ licenseKind: LicenseKind.UNKNOWN }))]],
    quiet: [['proprietary terms', makeContext({}, closedModel())]],
  },
  'baseline-languages-not-covered': {
    fires: [
      ['Swahili missing', makeContext({ languages: ['en', 'sw-KE'] }, openModel({ languages: ['en', 'fr'] }))],
      ['Portuguese missing', makeContext({ languages: ['pt_BR'] }, openModel({ languages: ['es'] }))],
    ],
    quiet: [
      [
        'covered by primary subtag and case',
        makeContext({ languages: ['sw-KE', 'FR', ' pt_BR'] }, openModel({ languages: ['sw', 'fr-FR', 'pt'] })),
      ],
      ['model languages undocumented', makeContext({ languages: ['sw'] }, openModel({ languages: [] }))],
      ['no language requested', makeContext({ languages: [] }, openModel())],
    ],
  },
  'baseline-languages-undocumented': {
    fires: [['no documented languages', makeContext({ languages: ['sw'] }, openModel({ languages: [] }))]],
    quiet: [['documented languages', makeContext({ languages: ['sw'] }, openModel({ languages: ['en'] }))]],
  },
  'baseline-api-only-dependency': {
    fires: [['closed, vendor API only', makeContext({}, closedModel())]],
    quiet: [
      ['open weights', makeContext({}, openModel())],
      ['closed but also on device', makeContext({}, closedModel({ hostingOptions: [VENDOR_API, ON_DEVICE] }))],
    ],
  },
};

const ruleById = (id: string) => {
  const rule = BASELINE_POLICY_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no baseline rule ${id}`);
  return rule;
};

const firedIds = (context: PolicyContext): string[] => {
  const { findings, errors } = evaluateRules(BASELINE_POLICY_RULES, context);
  expect(errors).toEqual([]);
  return findings.map((f) => f.ruleId);
};

describe('BASELINE_POLICY_RULES', () => {
  it('has at least 10 rules with unique ids', () => {
    const ids = BASELINE_POLICY_RULES.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(BASELINE_POLICY_RULES.map((r) => [r.id, r] as const))('%s passes validateRule', (_id, rule) => {
    expect(validateRule(rule)).toEqual([]);
  });

  it.each(BASELINE_POLICY_RULES.map((r) => [r.id, r.description] as const))(
    '%s cites its source',
    (_id, description) => {
      expect(description).toMatch(/NIST AI 600-1|GDPR|Kapoor|Qi et al|ICRC|EU AI Act|Contractor|licen[cs]e/);
    },
  );

  it('has firing and quiet cases for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(BASELINE_POLICY_RULES.map((r) => r.id).sort());
    for (const { fires, quiet } of Object.values(CASES)) {
      expect(fires.length * quiet.length).toBeGreaterThan(0);
    }
  });

  const rows = Object.entries(CASES).flatMap(([id, { fires, quiet }]) => [
    ...fires.map(([name, context]) => [id, 'fires', name, context, true] as const),
    ...quiet.map(([name, context]) => [id, 'stays quiet', name, context, false] as const),
  ]);

  it.each(rows)('%s %s: %s', (id, _verb, _name, context, fires) => {
    const rule = ruleById(id);
    const sut = evaluateRules([rule], context);
    expect(sut.errors).toEqual([]);
    expect(sut.findings).toEqual(
      fires ? [expect.objectContaining({ ruleId: id, effect: rule.effect, message: rule.text?.trim() })] : [],
    );
  });

  it('shows a health programme what choosing the open or the closed model changes', () => {
    const request = {
      sector: Sector.HEALTH,
      dataSensitivity: SENSITIVE_PERSONAL,
      intendedAdaptation: IntendedAdaptation.FINE_TUNING,
      languages: ['en', 'sw'],
      publicFacing: true,
    };
    const open = firedIds(
      makeContext({ ...request, deploymentMode: SELF_HOSTED }, openModel({ languages: ['en', 'sw'] })),
    );
    const closed = firedIds(
      makeContext(
        { ...request, deploymentMode: VENDOR_API },
        closedModel({ fineTuning: [FineTuningAvailability.NONE] }),
      ),
    );
    expect(open).toEqual([
      'baseline-open-weights-public-facing',
      'baseline-self-hosted-guardrails',
      'baseline-fine-tuning-safety-reevaluation',
    ]);
    expect(closed).toEqual([
      'baseline-vendor-api-sensitive-data',
      'baseline-vendor-api-processing-agreement',
      'baseline-closed-model-cannot-be-tuned',
      'baseline-health-undisclosed-training-data',
      'baseline-languages-not-covered',
      'baseline-api-only-dependency',
    ]);
  });
});

/**
 * Fixtures for the risk-engine unit tests (not a spec itself; jest only runs *.spec.ts): a neutral request
 * and an open, a gated and a closed model, each overridable per test.
 */
import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  MofClass,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
  WeightsAccess,
} from '@app/catalog/openness';
import type { PreAssessment, Reason, RiskItemAssessment } from './pre-assessment';
import {
  DataSensitivity,
  IntendedAdaptation,
  type ModelFacts,
  type RequestFacts,
  RiskCategory,
  Sector,
} from './risk-context';

/** A small internal use: English, self-hosted, internal data, prompting only, 500 users. */
export function makeRequest(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    sector: Sector.CIVIL_SOCIETY,
    deploymentMode: HostingOption.SELF_HOSTED,
    dataSensitivity: DataSensitivity.INTERNAL,
    intendedAdaptation: IntendedAdaptation.PROMPTING,
    languages: ['en'],
    affectedPopulation: 'staff of the organisation',
    expectedUsers: 500,
    useCase: 'Classify incoming documents by topic',
    publicFacing: false,
    ...overrides,
  };
}

/** An open-weights model under an OSI licence, self-hostable, tunable, English and French. */
export function openModel(overrides: Partial<ModelFacts> = {}): ModelFacts {
  return {
    name: 'Open 8B',
    producer: 'Open Lab',
    family: 'Open',
    releaseLevel: ReleaseLevel.DOWNLOADABLE,
    weightsAccess: WeightsAccess.OPEN,
    licenseName: 'Apache-2.0',
    licenseKind: LicenseKind.OSI_APPROVED,
    obligations: [],
    hostingOptions: [HostingOption.SELF_HOSTED, HostingOption.VENDOR_API],
    languages: ['en', 'fr'],
    fineTuning: [FineTuningAvailability.WEIGHTS],
    trainingDataOpenness: TrainingDataOpenness.DOCUMENTED,
    mofClass: MofClass.CLASS_III,
    parameterCount: 30e9,
    ...overrides,
  };
}

/** A gated-weights model under a community licence with a 700M monthly-user threshold. */
export function gatedModel(overrides: Partial<ModelFacts> = {}): ModelFacts {
  return openModel({
    name: 'Gated 30B',
    weightsAccess: WeightsAccess.GATED,
    licenseName: 'Example Community License',
    licenseKind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [{ kind: ObligationKind.USER_THRESHOLD, threshold: 700_000_000 }],
    ...overrides,
  });
}

/** A closed, API-only model with proprietary terms, a tuning API and undisclosed training data. */
export function closedModel(overrides: Partial<ModelFacts> = {}): ModelFacts {
  return {
    name: 'Closed Pro',
    producer: 'Closed AI',
    family: 'Closed',
    releaseLevel: ReleaseLevel.CLOUD_API,
    weightsAccess: WeightsAccess.CLOSED,
    licenseName: 'Closed AI Terms of Service',
    licenseKind: LicenseKind.PROPRIETARY_TERMS,
    obligations: [],
    hostingOptions: [HostingOption.VENDOR_API],
    languages: ['en', 'fr'],
    fineTuning: [FineTuningAvailability.PROVIDER_API],
    trainingDataOpenness: TrainingDataOpenness.UNDISCLOSED,
    mofClass: MofClass.UNCLASSIFIED,
    parameterCount: null,
    ...overrides,
  };
}

/** The item of a category (throws when missing, so a test fails loudly). */
export function itemOf(assessment: PreAssessment, category: RiskCategory): RiskItemAssessment {
  const item = assessment.items.find((i) => i.category === category);
  if (!item) throw new Error(`no item for ${category}`);
  return item;
}

/** The reason with a code in a category's item, if any. */
export function reasonOf(assessment: PreAssessment, category: RiskCategory, code: string): Reason | undefined {
  return itemOf(assessment, category).reasons.find((r) => r.code === code);
}

/** What one table row expects of one category: exact levels where given, reasons present (by code, or code and exact text), reasons absent. */
export interface Expectation {
  category: RiskCategory;
  likelihood?: number;
  impact?: number;
  has?: Array<string | [code: string, text: string]>;
  lacks?: string[];
}

/** One row of a pre-assessment table: request overrides, the model, and what to expect. */
export interface PreAssessmentCase {
  name: string;
  request: Partial<RequestFacts>;
  model: ModelFacts;
  expect: Expectation[];
}

/** Runs a table of cases through `preAssess`, one test per (case, category). */
export function runPreAssessmentCases(
  preAssess: (request: RequestFacts, model: ModelFacts) => PreAssessment,
  cases: PreAssessmentCase[],
): void {
  describe.each(cases)('$name', ({ request, model, expect: expectations }) => {
    it.each(expectations)('$category', ({ category, likelihood, impact, has = [], lacks = [] }) => {
      const item = itemOf(preAssess(makeRequest(request), model), category);
      if (likelihood !== undefined) expect(item.likelihood).toBe(likelihood);
      if (impact !== undefined) expect(item.impact).toBe(impact);
      for (const wanted of has) {
        const [code, text] = typeof wanted === 'string' ? [wanted, undefined] : wanted;
        const found = item.reasons.some((r) => r.code === code && (text === undefined || r.text === text));
        // Shaped so a failure names the missing reason.
        expect({ code, text, found }).toEqual({ code, text, found: true });
      }
      expect(item.reasons.map((r) => r.code).filter((code) => lacks.includes(code))).toEqual([]);
    });
  });
}

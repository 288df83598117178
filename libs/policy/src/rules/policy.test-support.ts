/**
 * Fixtures for the policy-rule unit tests (not a spec itself; jest only runs *.spec.ts): a neutral request,
 * an open and a closed model, and contexts built from them, each overridable per test.
 */
import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  MofClass,
  ReleaseLevel,
  TrainingDataOpenness,
  WeightsAccess,
} from '../../../catalog/src/openness/openness.types';
import {
  DataSensitivity,
  IntendedAdaptation,
  type ModelFacts,
  type RequestFacts,
  Sector,
} from '../../../risk/src/engine/risk-context';
import { buildPolicyContext, type PolicyContext, type PolicyRequester } from './policy-context';
import { PolicyEffect, type PolicyRuleDefinition } from './policy-rule';

/** A small internal use: English, self-hosted, internal data, prompting only, 500 users, staff only. */
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
    parameterCount: 8e9,
    ...overrides,
  };
}

/** A closed, API-only model with proprietary terms, a tuning API and undisclosed training data. */
export function closedModel(overrides: Partial<ModelFacts> = {}): ModelFacts {
  return {
    name: 'Closed Pro',
    producer: 'Closed AI',
    family: null,
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

export const REQUESTER: PolicyRequester = { roles: ['REQUESTER'], expertise: [] };

/** A context from request overrides and a model (the open model by default). */
export function makeContext(request: Partial<RequestFacts> = {}, model: ModelFacts = openModel()): PolicyContext {
  return buildPolicyContext(makeRequest(request), model, REQUESTER);
}

/** An ADVISE rule with a condition, for tests of validation and evaluation. */
export function adviseRule(condition: string, id = 'r1'): PolicyRuleDefinition {
  return {
    id,
    title: `Rule ${id}`,
    description: 'test rule',
    condition,
    effect: PolicyEffect.ADVISE,
    text: `advice ${id}`,
  };
}

/** A list literal `[0, 1, ..., n - 1]` in CEL. */
export function celRange(n: number): string {
  return `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;
}

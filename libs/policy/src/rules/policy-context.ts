/**
 * The context a policy condition is evaluated against: `{ request, model, requester }`, its CEL types, and
 * the conversion from the risk engine's vocabulary (RequestFacts, ModelFacts).
 *
 * Why a declared schema rather than "any map": conditions are checked when a rule is saved, so a
 * typo such as `model.colour` is refused with its position instead of silently evaluating to an error or
 * false at submission time. The schema is also the documentation policy authors read.
 *
 * Enum values are CEL strings (`model.weightsAccess == "OPEN"`); counts are CEL `int`, which this library
 * represents as BigInt at run time (a JS number in an `int` field is a run-time type error), so
 * {@link buildPolicyContext} converts them.
 */
import { Environment, type Limits } from '@marcbachmann/cel-js';
import { ObligationKind } from '@app/catalog/openness';
import type { ModelFacts, RequestFacts } from '@app/risk/engine';

/** The CEL types used by the context. */
export type PolicyCelType = 'string' | 'int' | 'bool' | 'list<string>' | 'list<PolicyObligation>';

/**
 * One field of the context: its CEL type, its size bound and what it means.
 * `max` bounds a string's length or a list's number of items; `itemMax` bounds each string item of a list.
 * The bounds are enforced by {@link buildPolicyContext} and assumed by the static cost estimate of
 * `condition-cost.ts`, which is what makes that estimate an upper bound.
 */
export interface PolicyContextField {
  type: PolicyCelType;
  max?: number;
  itemMax?: number;
  doc: string;
}

/** Size bounds, generous for real data and small enough that cost estimates stay meaningful. */
export const CONTEXT_BOUNDS = {
  /** Enum values, language tags, role and expertise names. */
  token: 64,
  /** Names (model, producer, family, licence). */
  name: 500,
  /** Free text written by people (use case, affected population, obligation wording). */
  text: 10_000,
  /** Most lists. */
  list: 100,
  /** Languages a model documents (massively multilingual models list hundreds). */
  modelLanguages: 1000,
} as const;

const B = CONTEXT_BOUNDS;
const enumField = (doc: string): PolicyContextField => ({ type: 'string', max: B.token, doc });
const tokenList = (doc: string, max: number = B.list): PolicyContextField => ({
  type: 'list<string>',
  max,
  itemMax: B.token,
  doc,
});

/** Fields of one licence obligation (`model.obligations[i]`). */
export const POLICY_OBLIGATION_FIELDS = {
  kind: enumField('ObligationKind, e.g. "USER_THRESHOLD", "NON_COMMERCIAL"'),
  threshold: { type: 'int', doc: 'monthly-user threshold for USER_THRESHOLD; 0 when none' },
  text: { type: 'string', max: B.text, doc: "the licence's own words; empty when not recorded" },
} as const satisfies Record<string, PolicyContextField>;

/** The full context schema: every field a condition may name, and nothing else. */
export const POLICY_CONTEXT_SCHEMA = {
  request: {
    sector: enumField('Sector, e.g. "HEALTH"'),
    deploymentMode: enumField('HostingOption: "SELF_HOSTED", "VENDOR_API" or "ON_DEVICE"'),
    dataSensitivity: enumField('DataSensitivity, e.g. "SENSITIVE_PERSONAL", "CHILDREN"'),
    intendedAdaptation: enumField('IntendedAdaptation, e.g. "FINE_TUNING"'),
    languages: tokenList('BCP 47 tags the use case needs, e.g. "sw-KE"'),
    affectedPopulation: { type: 'string', max: B.text, doc: 'who is affected, in words' },
    expectedUsers: { type: 'int', doc: 'expected (monthly active) users' },
    useCase: { type: 'string', max: B.text, doc: 'what the model is used for, in words' },
    publicFacing: { type: 'bool', doc: 'open to the public, not only staff; false when not stated' },
    organisationMonthlyActiveUsers: {
      type: 'int',
      doc: "the organisation's monthly active users across all its products, as its administrators record it; 0 when not recorded",
    },
  },
  model: {
    name: { type: 'string', max: B.name, doc: 'catalog name' },
    producer: { type: 'string', max: B.name, doc: 'who releases the model' },
    family: { type: 'string', max: B.name, doc: 'family of a hybrid release; empty when none' },
    releaseLevel: enumField('ReleaseLevel (Solaiman 2023), e.g. "DOWNLOADABLE"'),
    weightsAccess: enumField('WeightsAccess: "OPEN", "GATED", "CLOSED" or "UNKNOWN" (the source does not say)'),
    licenseName: { type: 'string', max: B.name, doc: 'SPDX id or licence name' },
    licenseKind: enumField('LicenseKind, e.g. "COMMUNITY_CUSTOM", "UNKNOWN"'),
    obligations: { type: 'list<PolicyObligation>', max: B.list, doc: 'licence obligations {kind, threshold, text}' },
    userThreshold: { type: 'int', doc: 'smallest USER_THRESHOLD of the licence; 0 when none' },
    hostingOptions: tokenList('HostingOption values the model offers'),
    languages: tokenList('BCP 47 tags the producer documents; empty when undocumented', B.modelLanguages),
    fineTuning: tokenList('FineTuningAvailability values, e.g. "WEIGHTS", "PROVIDER_API"'),
    trainingDataOpenness: enumField('TrainingDataOpenness, e.g. "UNDISCLOSED"'),
    mofClass: enumField('MofClass, e.g. "CLASS_I", "UNCLASSIFIED"'),
    osaidConformant: { type: 'bool', doc: 'conforms to the Open Source AI Definition 1.0; false when unknown' },
    parameterCount: { type: 'int', doc: 'number of parameters; 0 when unknown' },
  },
  requester: {
    roles: tokenList('Role values the requester holds, e.g. "REQUESTER"'),
    expertise: tokenList('Expertise tags the requester holds, e.g. "LEGAL"'),
  },
} as const satisfies Record<string, Record<string, PolicyContextField>>;

/** The root variables of a condition. */
export type PolicyContextRoot = keyof typeof POLICY_CONTEXT_SCHEMA;

/** CEL type names registered for each root variable (and the obligation item type). */
export const POLICY_CEL_TYPE_NAMES = {
  request: 'PolicyRequest',
  model: 'PolicyModel',
  requester: 'PolicyRequester',
  obligation: 'PolicyObligation',
} as const;

/** One obligation as CEL sees it. */
export interface PolicyObligationValue {
  kind: string;
  threshold: bigint;
  text: string;
}

/** The value of a condition's context; field for field the schema above (a unit test keeps them equal). */
export interface PolicyContext {
  request: {
    sector: string;
    deploymentMode: string;
    dataSensitivity: string;
    intendedAdaptation: string;
    languages: string[];
    affectedPopulation: string;
    expectedUsers: bigint;
    useCase: string;
    publicFacing: boolean;
    organisationMonthlyActiveUsers: bigint;
  };
  model: {
    name: string;
    producer: string;
    family: string;
    releaseLevel: string;
    weightsAccess: string;
    licenseName: string;
    licenseKind: string;
    obligations: PolicyObligationValue[];
    userThreshold: bigint;
    hostingOptions: string[];
    languages: string[];
    fineTuning: string[];
    trainingDataOpenness: string;
    mofClass: string;
    osaidConformant: boolean;
    parameterCount: bigint;
  };
  requester: { roles: string[]; expertise: string[] };
}

/** Who asks: the roles and expertise tags of the requesting user. */
export interface PolicyRequester {
  roles: string[];
  expertise: string[];
}

/** A context value that breaks the schema's bounds or cannot be represented (names the field). */
export class PolicyContextError extends RangeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PolicyContextError';
  }
}

/**
 * Converts the risk engine's facts to the CEL context of policy conditions.
 *
 * - counts become BigInt (CEL `int`); absent counts become 0 (`parameterCount`, `userThreshold`,
 *   `organisationMonthlyActiveUsers`);
 * - `model.userThreshold` is the smallest positive USER_THRESHOLD obligation, as in the risk engine;
 * - absent strings and flags become "" and false, so conditions never meet a null.
 *
 * @throws PolicyContextError when a value exceeds {@link CONTEXT_BOUNDS} or a count is not a finite
 *   non-negative number: the evaluation limits rely on those bounds, so they are not silently truncated.
 */
export function buildPolicyContext(
  request: RequestFacts,
  model: ModelFacts & { osaidConformant?: boolean },
  requester: PolicyRequester,
): PolicyContext {
  const thresholds = model.obligations
    .filter((o) => o.kind === ObligationKind.USER_THRESHOLD && typeof o.threshold === 'number' && o.threshold > 0)
    .map((o) => o.threshold as number);
  const context: PolicyContext = {
    request: {
      sector: request.sector,
      deploymentMode: request.deploymentMode,
      dataSensitivity: request.dataSensitivity,
      intendedAdaptation: request.intendedAdaptation,
      languages: [...request.languages],
      affectedPopulation: request.affectedPopulation ?? '',
      expectedUsers: toCelInt('request.expectedUsers', request.expectedUsers),
      useCase: request.useCase ?? '',
      publicFacing: request.publicFacing === true,
      organisationMonthlyActiveUsers: toCelInt(
        'request.organisationMonthlyActiveUsers',
        request.organisationMonthlyActiveUsers ?? 0,
      ),
    },
    model: {
      name: model.name,
      producer: model.producer,
      family: model.family ?? '',
      releaseLevel: model.releaseLevel,
      weightsAccess: model.weightsAccess,
      licenseName: model.licenseName,
      licenseKind: model.licenseKind,
      obligations: model.obligations.map((o, i) => ({
        kind: o.kind,
        threshold: toCelInt(`model.obligations[${i}].threshold`, o.threshold ?? 0),
        text: o.text ?? '',
      })),
      userThreshold: toCelInt('model.userThreshold', thresholds.length > 0 ? Math.min(...thresholds) : 0),
      hostingOptions: [...model.hostingOptions],
      languages: [...model.languages],
      fineTuning: [...model.fineTuning],
      trainingDataOpenness: model.trainingDataOpenness,
      mofClass: model.mofClass,
      osaidConformant: model.osaidConformant === true,
      parameterCount: toCelInt('model.parameterCount', model.parameterCount ?? 0),
    },
    requester: { roles: [...requester.roles], expertise: [...requester.expertise] },
  };
  assertWithinBounds(context);
  return context;
}

/** A JS count as a CEL int. Fractions are truncated (counts are integral; 7.5e9 parameters is a rounding). */
function toCelInt(field: string, value: number): bigint {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PolicyContextError(field, `expected a finite non-negative number, got ${String(value)}`);
  }
  return BigInt(Math.trunc(value));
}

/** Enforces the `max`/`itemMax` bounds of the schema; obligations' text against its own field bound. */
function assertWithinBounds(context: PolicyContext): void {
  for (const [root, fields] of Object.entries(POLICY_CONTEXT_SCHEMA)) {
    const values = context[root as PolicyContextRoot] as Record<string, unknown>;
    for (const [name, field] of Object.entries(fields) as Array<[string, PolicyContextField]>) {
      checkSize(`${root}.${name}`, values[name], field.max, field.itemMax);
    }
  }
  context.model.obligations.forEach((o, i) => {
    checkSize(`model.obligations[${i}].kind`, o.kind, POLICY_OBLIGATION_FIELDS.kind.max);
    checkSize(`model.obligations[${i}].text`, o.text, POLICY_OBLIGATION_FIELDS.text.max);
  });
}

function checkSize(field: string, value: unknown, max?: number, itemMax?: number): void {
  if (max !== undefined && (typeof value === 'string' || Array.isArray(value)) && value.length > max) {
    throw new PolicyContextError(field, `${value.length} exceeds the bound of ${max}`);
  }
  if (itemMax !== undefined && Array.isArray(value)) {
    value.forEach((item, i) => checkSize(`${field}[${i}]`, item, itemMax));
  }
}

/**
 * Structural limits of the CEL parser for policy conditions (the library's own limit mechanism; a breach
 * is a ParseError with code `limit_exceeded` and a position). Far below the library defaults (100000 AST
 * nodes, depth 250, 1000 list elements), because a condition is at most 2000 characters.
 */
export const POLICY_PARSE_LIMITS: Limits = {
  maxAstNodes: 1000,
  maxDepth: 32,
  maxListElements: 100,
  maxMapEntries: 100,
  maxCallArguments: 8,
};

/** Field map in the form `registerType` takes (`{ name: celType }`). */
function celFields(fields: Record<string, PolicyContextField>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.type]));
}

/**
 * A CEL environment that knows exactly the context above: unknown variables and fields fail type checking.
 * Creating one is costly (the library says so), hence {@link policyEnvironment}.
 */
export function createPolicyEnvironment(limits: Limits = POLICY_PARSE_LIMITS): Environment {
  const T = POLICY_CEL_TYPE_NAMES;
  return new Environment({ limits, unlistedVariablesAreDyn: false, enableOptionalTypes: false })
    .registerType(T.obligation, { fields: celFields(POLICY_OBLIGATION_FIELDS) })
    .registerType(T.request, { fields: celFields(POLICY_CONTEXT_SCHEMA.request) })
    .registerType(T.model, { fields: celFields(POLICY_CONTEXT_SCHEMA.model) })
    .registerType(T.requester, { fields: celFields(POLICY_CONTEXT_SCHEMA.requester) })
    .registerVariable('request', T.request)
    .registerVariable('model', T.model)
    .registerVariable('requester', T.requester);
}

let shared: Environment | undefined;

/** The process-wide policy environment (created on first use; never mutated afterwards). */
export function policyEnvironment(): Environment {
  shared ??= createPolicyEnvironment();
  return shared;
}

/**
 * Rules driven by the model's licence: its kind and the obligations it puts on the adopter.
 *
 * Sources cited by key:
 * - NIST_600_1: NIST AI 600-1 (July 2024), Intellectual Property and GV-6.1 (third-party terms).
 * - CONTRACTOR_2022: Contractor et al., "Behavioral Use Licensing for Responsible AI" (FAccT 2022): RAIL
 *   licences carry use restrictions that must be passed on to downstream users.
 * - OSI: the Open Source Definition (licences on the OSI list grant use for any purpose without
 *   discrimination against fields of endeavour).
 * - KAPOOR_2024: Kapoor et al. (2024) note that many "open" model licences restrict use.
 */
import { LicenseKind, ObligationKind } from '@app/catalog/openness';
import { IntendedAdaptation, RiskCategory } from './risk-context';
import { formatCount, obligationOf, type RiskRule, type RuleContext } from './risk-rule';

const NIST_600_1 = 'NIST AI 600-1 (2024), Intellectual Property; GV-6.1';
const CONTRACTOR_2022 = 'Contractor et al. 2022, Behavioral Use Licensing for Responsible AI';
const OSI = 'Open Source Initiative, The Open Source Definition';
const KAPOOR_2024 = 'Kapoor et al. 2024, On the Societal Impact of Open Foundation Models';

/** Expected users at or above this share of a user threshold count as "near" it. */
export const NEAR_THRESHOLD_SHARE = 0.5;

const kind = (c: RuleContext, k: LicenseKind): boolean => c.model.licenseKind === k;
const has = (c: RuleContext, k: ObligationKind): boolean => obligationOf(c, k) !== undefined;
/** The obligation's own words, when the catalog recorded them. */
const quoted = (c: RuleContext, k: ObligationKind): string => {
  const text = obligationOf(c, k)?.text?.trim();
  return text ? ` ("${text}")` : '';
};
/**
 * The count a licence's user threshold is compared with. Llama-style clauses count the licensee's monthly
 * active users across all its products and services, not one use's users: the organisation's recorded
 * figure when it has one (or this request's users if they are more, since they are users of its products),
 * else this request's expected users, which are then only a lower bound.
 */
export function licenseeUsers(c: RuleContext): { count: number; organisationWide: boolean } {
  const recorded = c.request.organisationMonthlyActiveUsers;
  if (typeof recorded === 'number' && Number.isFinite(recorded) && recorded >= 0) {
    return recorded >= c.request.expectedUsers
      ? { count: recorded, organisationWide: true }
      : { count: c.request.expectedUsers, organisationWide: false };
  }
  return { count: c.request.expectedUsers, organisationWide: false };
}
const recorded = (c: RuleContext): boolean => typeof c.request.organisationMonthlyActiveUsers === 'number';
const exceeds = (c: RuleContext): boolean => c.userThreshold !== null && licenseeUsers(c).count > c.userThreshold;
const usersVsThreshold = (c: RuleContext): string => {
  const { count, organisationWide } = licenseeUsers(c);
  return organisationWide
    ? `the organisation's monthly active users ${formatCount(count)} (recorded for the organisation)`
    : `expected users ${formatCount(count)}`;
};
/** What the clause counts, and how good the figure compared is. */
const whatItCounts = (c: RuleContext): string =>
  licenseeUsers(c).organisationWide
    ? "the clause counts the licensee's monthly active users across all its products and services"
    : recorded(c)
      ? "the clause counts the licensee's monthly active users across all its products and services; this request's users exceed the organisation's recorded figure, which looks out of date"
      : "the clause counts the licensee's monthly active users across all its products and services, so this request's users are only a lower bound: record the organisation's figure";

/** Rules from the licence, all in LICENSE_COMPLIANCE. */
export const LICENCE_RULES: readonly RiskRule[] = [
  {
    code: 'LICENCE_OSI_APPROVED',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: -1,
    source: OSI,
    applies: (c) => kind(c, LicenseKind.OSI_APPROVED),
    text: (c) => `licence ${c.model.licenseName} is OSI-approved: standard terms, no restriction on fields of use`,
  },
  {
    code: 'LICENCE_OPEN_RAIL',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 1,
    source: CONTRACTOR_2022,
    applies: (c) => kind(c, LicenseKind.OPEN_RAIL),
    text: (c) =>
      `licence ${c.model.licenseName} is an OpenRAIL licence: its use restrictions bind this use and must be passed on to downstream users`,
  },
  {
    code: 'LICENCE_COMMUNITY_CUSTOM',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 1,
    source: `${KAPOOR_2024}; ${NIST_600_1}`,
    applies: (c) => kind(c, LicenseKind.COMMUNITY_CUSTOM),
    text: (c) =>
      `licence ${c.model.licenseName} is a producer-written community licence: its conditions need legal review`,
  },
  {
    code: 'LICENCE_PROPRIETARY_TERMS',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 1,
    source: NIST_600_1,
    applies: (c) => kind(c, LicenseKind.PROPRIETARY_TERMS),
    text: (c) =>
      `licence ${c.model.licenseName} is proprietary terms the provider can change: check use restrictions, data use and output rights`,
  },
  {
    code: 'LICENCE_UNKNOWN',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 2,
    source: NIST_600_1,
    applies: (c) => kind(c, LicenseKind.UNKNOWN),
    text: (c) => `licence ${c.model.licenseName || '(none recorded)'} is of unknown kind: its terms cannot be assessed`,
  },
  {
    // e.g. the Llama community licences: above 700M monthly active users a separate licence must be
    // requested and no rights are granted until it is. The threshold counts the licensee's whole user base
    // (see licenseeUsers), so the request's expected users alone are a lower bound.
    code: 'USER_THRESHOLD_EXCEEDED',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 3,
    source: NIST_600_1,
    applies: exceeds,
    text: (c) =>
      `${usersVsThreshold(c)} above the licence's ${formatCount(c.userThreshold!)} threshold; ${whatItCounts(c)}`,
  },
  {
    code: 'USER_THRESHOLD_GRANT_LOST',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'impact',
    delta: 1,
    source: NIST_600_1,
    applies: exceeds,
    text: (c) =>
      `above the ${formatCount(c.userThreshold!)} threshold the licence grants no rights until the producer grants a separate licence`,
  },
  {
    code: 'USER_THRESHOLD_NEAR',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 1,
    source: NIST_600_1,
    applies: (c) =>
      c.userThreshold !== null && !exceeds(c) && licenseeUsers(c).count >= c.userThreshold * NEAR_THRESHOLD_SHARE,
    text: (c) =>
      `${usersVsThreshold(c)} within ${NEAR_THRESHOLD_SHARE * 100}% of the licence's ${formatCount(c.userThreshold!)} threshold; ${whatItCounts(c)}`,
  },
  {
    // Informational: the reviewer sees the threshold and what it counts even when far from it.
    code: 'USER_THRESHOLD_BELOW',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 0,
    source: NIST_600_1,
    applies: (c) => c.userThreshold !== null && licenseeUsers(c).count < c.userThreshold * NEAR_THRESHOLD_SHARE,
    text: (c) =>
      `the licence has a ${formatCount(c.userThreshold!)} monthly-active-user threshold; ${usersVsThreshold(c)} well below it; ${whatItCounts(c)}`,
  },
  {
    code: 'ACCEPTABLE_USE_POLICY',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 1,
    source: `${CONTRACTOR_2022}; ${NIST_600_1}`,
    applies: (c) => has(c, ObligationKind.ACCEPTABLE_USE_POLICY),
    text: (c) =>
      `the licence's acceptable-use policy${quoted(c, ObligationKind.ACCEPTABLE_USE_POLICY)} must be checked against the use case`,
  },
  {
    // Raised for every sector: a non-profit sector does not make a use non-commercial (e.g. a paid service
    // run by an NGO), so the reviewer must confirm it.
    code: 'NON_COMMERCIAL_ONLY',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 2,
    source: NIST_600_1,
    applies: (c) => has(c, ObligationKind.NON_COMMERCIAL),
    text: (c) =>
      `the licence allows non-commercial use only${quoted(c, ObligationKind.NON_COMMERCIAL)}: confirm that this use (sector ${c.request.sector}) is non-commercial`,
  },
  {
    // Such clauses forbid improving *other* models with the model or its outputs (distillation); tuning the
    // model itself is usually allowed, so the fine-tuning plan must be checked, not refused.
    code: 'NO_TRAINING_OTHER_MODELS',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 1,
    source: NIST_600_1,
    applies: (c) =>
      has(c, ObligationKind.NO_TRAINING_OTHER_MODELS) &&
      c.request.intendedAdaptation === IntendedAdaptation.FINE_TUNING,
    text: () =>
      'FINE_TUNING with a licence that forbids training other models on the model or its outputs: check the fine-tuning plan',
  },
  {
    code: 'SHARE_ALIKE',
    category: RiskCategory.LICENSE_COMPLIANCE,
    effect: 'likelihood',
    delta: 1,
    source: NIST_600_1,
    applies: (c) => has(c, ObligationKind.SHARE_ALIKE),
    text: () => 'share-alike licence: derivatives such as fine-tuned weights must be shared under the same licence',
  },
];

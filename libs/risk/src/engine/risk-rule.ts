/**
 * The shape of a pre-assessment rule and the facts rules read. Rules are data (small objects in
 * openness-rules.ts, use-context-rules.ts and licence-rules.ts), so every applied rule yields its reason
 * the same way.
 */
import { HostingOption, type LicenseObligation, ObligationKind, WeightsAccess } from '@app/catalog/openness';
import {
  DataSensitivity,
  type FamilyAlternative,
  type ModelFacts,
  type RequestFacts,
  type RiskCategory,
} from './risk-context';

/** Which of the two factors a rule moves. */
export type RiskEffect = 'likelihood' | 'impact';

/** The facts a rule reads: the request, the model, and a few facts derived once from them. */
export interface RuleContext {
  readonly request: RequestFacts;
  readonly model: ModelFacts;
  /** Requested languages (as requested) whose primary subtag the model does not list; one per subtag. */
  readonly missingLanguages: readonly string[];
  /** The primary language of the use (the first requested) when the model does not list it, else null. */
  readonly missingPrimaryLanguage: string | null;
  /** The other missing languages: secondary languages of the use. */
  readonly missingSecondaryLanguages: readonly string[];
  /** The lowest USER_THRESHOLD of the licence, or null when it has none. */
  readonly userThreshold: number | null;
}

/**
 * One rule: when it applies, it moves one factor of one category by `delta` and explains why in `text`.
 * A rule with `each` is checked once per item (e.g. once per missing language) and yields one reason per item.
 * `delta` 0 marks an informational reason (e.g. a hybrid-family alternative).
 */
export interface RiskRule {
  /** Stable SCREAMING_SNAKE code, unique across rules. */
  readonly code: string;
  readonly category: RiskCategory;
  readonly effect: RiskEffect;
  readonly delta: number;
  /** The study, standard or law behind the rule. */
  readonly source: string;
  readonly each?: (ctx: RuleContext) => readonly string[];
  readonly applies: (ctx: RuleContext, item: string) => boolean;
  /** Human-readable; names the fact the rule came from. */
  readonly text: (ctx: RuleContext, item: string) => string;
}

/** The primary language subtag of a BCP 47 tag, lower case: `sw-KE` -> `sw`. */
export function primarySubtag(tag: string): string {
  return tag.trim().split(/[-_]/)[0].toLowerCase();
}

/**
 * The requested languages the model does not list, compared by primary subtag (`sw-KE` matches `sw`);
 * deduplicated by subtag, keeping the first tag as requested. Empty when the model lists no languages
 * (that case is "undocumented", not "missing").
 */
export function missingLanguages(requested: readonly string[], supported: readonly string[]): string[] {
  const known = new Set(supported.map(primarySubtag).filter(Boolean));
  if (known.size === 0) return [];
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const tag of requested) {
    const subtag = primarySubtag(tag);
    if (!subtag || known.has(subtag) || seen.has(subtag)) continue;
    seen.add(subtag);
    missing.push(tag.trim());
  }
  return missing;
}

/** Builds the context rules read. */
export function buildRuleContext(request: RequestFacts, model: ModelFacts): RuleContext {
  const thresholds = model.obligations
    .filter((o) => o.kind === ObligationKind.USER_THRESHOLD && typeof o.threshold === 'number' && o.threshold > 0)
    .map((o) => o.threshold as number);
  const missing = missingLanguages(request.languages, model.languages);
  const primary = request.languages.length > 0 ? primarySubtag(request.languages[0]) : '';
  const missingPrimary = missing.find((tag) => primarySubtag(tag) === primary) ?? null;
  return {
    request,
    model,
    missingLanguages: missing,
    missingPrimaryLanguage: missingPrimary,
    missingSecondaryLanguages: missing.filter((tag) => tag !== missingPrimary),
    userThreshold: thresholds.length > 0 ? Math.min(...thresholds) : null,
  };
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** A count written compactly: 900000000 -> `900M`, 250000 -> `250K`, 1500000 -> `1.5M`, 42 -> `42`. */
export function formatCount(n: number): string {
  return compact.format(n);
}

// Predicates shared by the rule tables.
export const isOpen = (c: RuleContext): boolean => c.model.weightsAccess === WeightsAccess.OPEN;
export const isGated = (c: RuleContext): boolean => c.model.weightsAccess === WeightsAccess.GATED;
export const isClosed = (c: RuleContext): boolean => c.model.weightsAccess === WeightsAccess.CLOSED;
/** The organisation can obtain the weights (OPEN, or GATED once access is granted); not when CLOSED or unknown. */
export const weightsAvailable = (c: RuleContext): boolean => isOpen(c) || isGated(c);
export const deploys = (c: RuleContext, mode: HostingOption): boolean => c.request.deploymentMode === mode;
export const hasSensitivity = (c: RuleContext, ...levels: DataSensitivity[]): boolean =>
  levels.includes(c.request.dataSensitivity);
/** PERSONAL, SENSITIVE_PERSONAL or CHILDREN. */
export const PERSONAL_LEVELS = [DataSensitivity.PERSONAL, DataSensitivity.SENSITIVE_PERSONAL, DataSensitivity.CHILDREN];
export const obligationOf = (c: RuleContext, kind: ObligationKind): LicenseObligation | undefined =>
  c.model.obligations.find((o) => o.kind === kind);
/** The model cannot run outside the provider's infrastructure. */
export const apiOnly = (c: RuleContext): boolean =>
  !c.model.hostingOptions.includes(HostingOption.SELF_HOSTED) &&
  !c.model.hostingOptions.includes(HostingOption.ON_DEVICE);
/** Names of same-family models with the given weights access, joined for a reason text. */
export const siblings = (c: RuleContext, access: WeightsAccess): string[] =>
  (c.model.familyAlternatives ?? []).filter((m) => m.weightsAccess === access).map((m) => m.name);
/**
 * Same-family models whose weights are more available than the model's own: OPEN ones for a GATED model;
 * OPEN and GATED ones for a CLOSED model or one whose access is unknown; none for an OPEN model.
 */
export const openAlternatives = (c: RuleContext): FamilyAlternative[] => {
  const wanted = isOpen(c) ? [] : isGated(c) ? [WeightsAccess.OPEN] : [WeightsAccess.OPEN, WeightsAccess.GATED];
  return (c.model.familyAlternatives ?? []).filter((m) => wanted.includes(m.weightsAccess));
};

/**
 * The automatic pre-assessment (ARCHITECTURE.md section 4): each risk category's inherent likelihood and impact,
 * derived from the model's openness profile and the request's context, with the reasons for each.
 * Deterministic: the same facts always give the same (deep-equal) result; no clock, no I/O.
 */
import { LICENCE_RULES } from './licence-rules';
import { type NistGaiRisk, nistCategoryOf } from './nist-mapping';
import { OPENNESS_RULES } from './openness-rules';
import { type ModelFacts, type RequestFacts, RiskCategory, type RiskTier } from './risk-context';
import { buildRuleContext, type RiskEffect, type RiskRule } from './risk-rule';
import { bandOf, clampToScale, type LikelihoodImpact, riskScore, tierOf } from './scoring';
import { USE_CONTEXT_RULES } from './use-context-rules';

/** Why a factor moved: one applied rule. `delta` 0 marks an informational note. */
export interface Reason {
  /** Stable SCREAMING_SNAKE code of the rule (e.g. `SELF_HOSTED_NO_PROVIDER_MODERATION`), or {@link BASELINE_ONLY}. */
  code: string;
  /** Human-readable, naming the fact it came from. */
  text: string;
  effect: RiskEffect;
  delta: number;
}

/** One category of a pre-assessment: inherent likelihood and impact (1-5), score, band and reasons. */
export interface RiskItemAssessment {
  category: RiskCategory;
  /** The stated starting point before any rule, from {@link BASELINES}. */
  baseline: LikelihoodImpact;
  likelihood: number;
  impact: number;
  score: number;
  band: RiskTier;
  reasons: Reason[];
  /** The primary NIST AI 600-1 risk of the category. */
  nistCategory: NistGaiRisk;
}

/** A pre-assessment: one item per category in {@link RiskCategory} order, and the inherent tier. */
export interface PreAssessment {
  items: RiskItemAssessment[];
  /** Highest inherent band; policy MIN_TIER floors and residual values are applied later (see `tierOf`). */
  inherentTier: RiskTier;
}

/**
 * Where each category starts before any rule: likelihood 2 ("unlikely") and impact 2 ("minor") unless a
 * reason is found, so every raise is explained. CONFABULATION starts at likelihood 3: every generative model
 * confabulates, as a consequence of how it generates text (NIST AI 600-1, 2.2 Confabulation).
 */
export const BASELINES: Readonly<Record<RiskCategory, LikelihoodImpact>> = {
  [RiskCategory.MISUSE]: { likelihood: 2, impact: 2 },
  [RiskCategory.PROVIDER_DEPENDENCY]: { likelihood: 2, impact: 2 },
  [RiskCategory.TRANSPARENCY]: { likelihood: 2, impact: 2 },
  [RiskCategory.DATA_PROTECTION]: { likelihood: 2, impact: 2 },
  [RiskCategory.INFORMATION_SECURITY]: { likelihood: 2, impact: 2 },
  [RiskCategory.LOCAL_FIT]: { likelihood: 2, impact: 2 },
  [RiskCategory.LICENSE_COMPLIANCE]: { likelihood: 2, impact: 2 },
  [RiskCategory.BIAS]: { likelihood: 2, impact: 2 },
  [RiskCategory.CONFABULATION]: { likelihood: 3, impact: 2 },
  [RiskCategory.SUSTAINABILITY_COST]: { likelihood: 2, impact: 2 },
};

/** Code of the reason an item carries when no rule applies to it: the item stays at its baseline. */
export const BASELINE_ONLY = 'BASELINE_ONLY';

/** Why each baseline is where it is, for the reason of an item no rule moved. */
const BASELINE_WHY: Partial<Record<RiskCategory, string>> = {
  [RiskCategory.CONFABULATION]:
    'every generative model confabulates, as a consequence of how it generates text (NIST AI 600-1, 2.2)',
};

/** The reason of an item no rule moved: says so, and where the baseline comes from. */
export function baselineReason(category: RiskCategory): Reason {
  const { likelihood, impact } = BASELINES[category];
  const why = BASELINE_WHY[category];
  return {
    code: BASELINE_ONLY,
    text: `no fact of this request or model raises this above (or lowers it below) the baseline of likelihood ${likelihood}, impact ${impact}${why ? `: ${why}` : ''}`,
    effect: 'likelihood',
    delta: 0,
  };
}

/** Every rule of the engine; reasons within a category appear in this order. */
export const RISK_RULES: readonly RiskRule[] = validateRules([
  ...OPENNESS_RULES,
  ...USE_CONTEXT_RULES,
  ...LICENCE_RULES,
]);

/** Checked once at load, like the workflow table: unique SCREAMING_SNAKE codes, integer deltas within -4..4. */
function validateRules(rules: RiskRule[]): readonly RiskRule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(rule.code))
      throw new Error(`rule code ${rule.code} is not SCREAMING_SNAKE`);
    if (seen.has(rule.code) || rule.code === BASELINE_ONLY) throw new Error(`rule code ${rule.code} is used twice`);
    if (!Number.isInteger(rule.delta) || Math.abs(rule.delta) > 4)
      throw new Error(`rule ${rule.code} has delta ${rule.delta}`);
    seen.add(rule.code);
  }
  return Object.freeze(rules);
}

/**
 * Pre-assesses adopting `model` for `request`. Each category starts from its baseline; every rule that
 * applies adds its delta to likelihood or impact and one reason; the sums are then clamped to 1..5 (summing
 * before clamping keeps the result independent of rule order). Every item carries at least one reason: an
 * item no rule applies to carries {@link BASELINE_ONLY}, saying that nothing moved it. Throws RangeError when expectedUsers is
 * negative or not a finite number.
 *
 * @example
 * const { items, inherentTier } = preAssess(request, model);
 * items.find((i) => i.category === RiskCategory.MISUSE)?.reasons.map((r) => r.code);
 */
export function preAssess(
  request: RequestFacts,
  model: ModelFacts,
  rules: readonly RiskRule[] = RISK_RULES,
): PreAssessment {
  if (!Number.isFinite(request.expectedUsers) || request.expectedUsers < 0) {
    throw new RangeError(`expectedUsers must be a non-negative number, got ${request.expectedUsers}`);
  }
  const ctx = buildRuleContext(request, model);
  const items = Object.values(RiskCategory).map((category): RiskItemAssessment => {
    const reasons: Reason[] = [];
    for (const rule of rules) {
      if (rule.category !== category) continue;
      for (const item of rule.each ? rule.each(ctx) : ['']) {
        if (!rule.applies(ctx, item)) continue;
        reasons.push({ code: rule.code, text: rule.text(ctx, item), effect: rule.effect, delta: rule.delta });
      }
    }
    if (reasons.length === 0) reasons.push(baselineReason(category));
    const baseline = BASELINES[category];
    const sum = (effect: RiskEffect) =>
      reasons.filter((r) => r.effect === effect).reduce((total, r) => total + r.delta, 0);
    const likelihood = clampToScale(baseline.likelihood + sum('likelihood'));
    const impact = clampToScale(baseline.impact + sum('impact'));
    const score = riskScore(likelihood, impact);
    return {
      category,
      baseline: { ...baseline },
      likelihood,
      impact,
      score,
      band: bandOf(score),
      reasons,
      nistCategory: nistCategoryOf(category),
    };
  });
  return { items, inherentTier: tierOf(items) };
}

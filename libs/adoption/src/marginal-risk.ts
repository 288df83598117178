import { AiModelEntity, WeightsAccess } from '@app/catalog';
import { bandOf, RiskAssessmentEntity, RiskCategory, riskScore, RiskTier } from '@app/risk';

/** The six steps of the marginal-risk framework (Kapoor et al. 2024, "On the Societal Impact of Open Foundation Models"). */
export const MARGINAL_RISK_STEPS = [
  'threat',
  'existingRisk',
  'existingDefences',
  'marginalRiskEvidence',
  'easeOfDefence',
  'uncertainty',
] as const;

/**
 * Weights whose adoption needs the analysis at HIGH or CRITICAL misuse: OPEN and GATED alike. Gating vets who
 * downloads, but the organisation then runs the weights itself, with no provider moderation in front of them
 * and safety tuning that fine-tuning can remove (Qi et al. 2023).
 */
export const MARGINAL_RISK_WEIGHTS: readonly WeightsAccess[] = [WeightsAccess.OPEN, WeightsAccess.GATED];

/** Why a missing step is asked for, shown with each step's field. */
export const MARGINAL_RISK_REQUIRED =
  'open or gated weights with HIGH or CRITICAL misuse risk need the marginal-risk analysis (Kapoor et al. 2024)';

/**
 * The steps still missing when the analysis is required: the model's weights are OPEN or GATED (the
 * organisation runs them itself) and the assessed inherent MISUSE risk is HIGH or CRITICAL.
 */
export function marginalRiskGaps(model: AiModelEntity, assessment: RiskAssessmentEntity): string[] {
  if (!MARGINAL_RISK_WEIGHTS.includes(model.weightsAccess)) return [];
  const misuse = assessment.items.find((i) => i.category === RiskCategory.MISUSE);
  if (!misuse) return [];
  const band = bandOf(riskScore(misuse.likelihood, misuse.impact));
  if (band !== RiskTier.HIGH && band !== RiskTier.CRITICAL) return [];
  const analysis = (assessment.marginalRisk ?? {}) as Record<string, string | undefined>;
  return MARGINAL_RISK_STEPS.filter((step) => !analysis[step]?.trim());
}

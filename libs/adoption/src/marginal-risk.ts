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
 * The steps still missing when the analysis is required: the model's weights are OPEN (they cannot be
 * recalled once downloaded) and the assessed inherent MISUSE risk is HIGH or CRITICAL.
 */
export function marginalRiskGaps(model: AiModelEntity, assessment: RiskAssessmentEntity): string[] {
  if (model.weightsAccess !== WeightsAccess.OPEN) return [];
  const misuse = assessment.items.find((i) => i.category === RiskCategory.MISUSE);
  if (!misuse) return [];
  const band = bandOf(riskScore(misuse.likelihood, misuse.impact));
  if (band !== RiskTier.HIGH && band !== RiskTier.CRITICAL) return [];
  const analysis = (assessment.marginalRisk ?? {}) as Record<string, string | undefined>;
  return MARGINAL_RISK_STEPS.filter((step) => !analysis[step]?.trim());
}

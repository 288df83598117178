import type { AiModelEntity } from '@app/catalog';
import type { RequestContext } from '@app/core';
import type { AssessmentItem } from '@app/risk';
import { EuAiActClass, RiskTier } from '@app/risk';
import type { AdoptionRequestEntity } from './adoption-request.entity';

/** A policy rule's verdict on a request (the policy library supplies real ones). */
export interface PolicyFindingView {
  ruleId: string;
  title: string;
  effect: 'BLOCK' | 'REQUIRE_EXPERTISE' | 'REQUIRE_CONDITION' | 'MIN_TIER' | 'ADVISE' | 'ERROR';
  message: string;
  expertise?: string | null;
  tier?: RiskTier | null;
  text?: string | null;
}

/** What the published policies say about a request, and under which versions. */
export interface PolicyEvaluation {
  findings: PolicyFindingView[];
  policyVersions: Array<{ policyId: string; name: string; version: number }>;
}

/**
 * Where the workflow asks the organisation's policies (at submit, at review completion and at decision).
 * Bound to NoPolicies until the policy library provides an evaluator.
 */
export abstract class PolicyHook {
  abstract evaluate(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    model: AiModelEntity,
  ): Promise<PolicyEvaluation>;
}

/** Where review start asks for the automatic pre-assessment of the current revision. */
export abstract class PreAssessmentHook {
  abstract preAssess(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    model: AiModelEntity,
  ): Promise<{ items: AssessmentItem[]; euAiActClass: EuAiActClass | null }>;
}

/** No published policies: nothing blocks, nothing is required. */
export class NoPolicies extends PolicyHook {
  async evaluate(): Promise<PolicyEvaluation> {
    return { findings: [], policyVersions: [] };
  }
}

/** No automatic pre-assessment: the assessor fills every item by hand. */
export class ManualPreAssessment extends PreAssessmentHook {
  async preAssess() {
    return { items: [], euAiActClass: null };
  }
}

/** What the findings demand of the approval. */
export function requirementsOf(evaluation: PolicyEvaluation) {
  const f = evaluation.findings;
  return {
    // A rule that failed to evaluate blocks too: a broken rule must not let a request through unchecked.
    blocking: f.filter((x) => x.effect === 'BLOCK' || x.effect === 'ERROR'),
    requiredExpertise: [
      ...new Set(f.filter((x) => x.effect === 'REQUIRE_EXPERTISE' && x.expertise).map((x) => x.expertise!)),
    ],
    requiredConditions: [...new Set(f.filter((x) => x.effect === 'REQUIRE_CONDITION' && x.text).map((x) => x.text!))],
    minTiers: f.filter((x) => x.effect === 'MIN_TIER' && x.tier).map((x) => x.tier!),
  };
}

import type { AiModelEntity } from '@app/catalog';
import type { RequestContext } from '@app/core';
import type { AssessmentItem, EuAiActScreen } from '@app/risk';
import { EuAiActClass, maxTier, RiskTier } from '@app/risk';
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
 * Where the workflow asks the organisation's published policies: at every gate (submit, resubmit, complete
 * review, each APPROVE vote), when the decision record is frozen, and when options are compared.
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
  ): Promise<{ items: AssessmentItem[]; euAiActClass: EuAiActClass | null; euAiActScreen?: EuAiActScreen | null }>;
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

/** What the approval of a request needs: its tier, the expertise among approvers, the attached conditions. */
export interface ApprovalNeeds {
  tier: RiskTier;
  requiredExpertise: string[];
  requiredConditions: string[];
}

/**
 * The needs in force now: those fixed when the review completed, raised by what the policies published since
 * require (a MIN_TIER, REQUIRE_EXPERTISE or REQUIRE_CONDITION rule published between two votes applies to the
 * votes still missing). Needs only grow: a policy withdrawn since the review does not lower them.
 */
export function approvalNeeds(
  stored: { tier: RiskTier | null; requiredExpertise: string[]; requiredConditions: string[] },
  evaluation: PolicyEvaluation,
): ApprovalNeeds {
  const now = requirementsOf(evaluation);
  return {
    tier: maxTier(stored.tier ?? RiskTier.LOW, ...now.minTiers),
    requiredExpertise: [...new Set([...stored.requiredExpertise, ...now.requiredExpertise])],
    requiredConditions: [...new Set([...stored.requiredConditions, ...now.requiredConditions])],
  };
}

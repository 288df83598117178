import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';
import { RiskTier } from '@app/risk';
import { approvalNeeds, ApprovalNeeds } from './adoption-hooks';
import { AdoptionPipeline, Effect, OperationOutcome } from './adoption-pipeline.service';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { CastDecisionInput } from './dto/adoption-request.input';
import { DecisionVoteEntity } from './decision.entity';
import { approvalExpiry, evaluateVotes, Operation, VoteEvaluation, WorkflowAction } from './workflow';

/** What each outcome of the votes leads to: the follow-up row of `castDecision`, or none yet. */
const FOLLOW_UP = {
  APPROVED: WorkflowAction.APPROVE,
  REJECTED: WorkflowAction.REJECT,
  CHANGES_REQUESTED: WorkflowAction.REQUEST_CHANGES,
  PENDING: null,
} as const;

/**
 * Votes and their consequences. The request row is locked for the whole vote, so concurrent votes are
 * counted one after another: exactly one of them can complete the quorum and trigger the transition.
 * A vote that leaves the quorum unmet is not an error: the request stays AWAITING_DECISION and shows
 * what is still missing.
 *
 * Each vote is counted against the needs in force at that moment: the policies are evaluated again for the
 * vote (the table refuses an APPROVE vote a policy now blocks), and a MIN_TIER, REQUIRE_EXPERTISE or
 * REQUIRE_CONDITION rule published since the review raises the quorum, the expertise and the conditions
 * for the votes still missing. The request keeps the raised needs, so its approval progress shows them.
 */
@Injectable()
export class AdoptionDecisionService {
  constructor(private readonly pipeline: AdoptionPipeline) {}

  cast(ctx: RequestContext, requestId: string, input: CastDecisionInput): Promise<OperationOutcome> {
    const rationale = input.rationale.trim();
    return this.pipeline.run(
      ctx,
      requestId,
      Operation.CAST_DECISION,
      { rationale: input.rationale, vote: input.vote },
      async ({ request, votes, policy }) => {
        const vote = ctx.em.getRepository(DecisionVoteEntity).create({
          organisationId: ctx.orgId,
          requestId: request.id,
          revision: request.revision,
          approverId: ctx.actor!.userId,
          expertise: ctx.actor!.expertise,
          vote: input.vote,
          rationale,
          conditions: input.conditions.map((c) => c.trim()).filter(Boolean),
        });
        await ctx.em.getRepository(DecisionVoteEntity).insert(vote);
        // The policies are always evaluated for a vote (the row needs them); an empty verdict only if the
        // model vanished, which a REJECT vote must still be able to record.
        const needs = approvalNeeds(request, policy ?? { findings: [], policyVersions: [] });
        const evaluation = this.evaluate(needs, [...votes!, vote]);
        const effect: Effect = {
          set: needs,
          payload: {
            revision: request.revision,
            vote: vote.vote,
            rationale: vote.rationale,
            conditions: vote.conditions,
            expertise: vote.expertise,
          },
        };
        const action = FOLLOW_UP[evaluation.outcome];
        if (action === null) return effect;
        const decidedAt = new Date();
        return {
          ...effect,
          followUp: {
            action,
            facts: { quorumMet: evaluation.outcome === 'APPROVED' },
            set:
              action === WorkflowAction.APPROVE
                ? {
                    conditions: evaluation.conditions,
                    decidedAt,
                    expiresAt: approvalExpiry(decidedAt, needs.tier),
                    statusReason: null,
                  }
                : action === WorkflowAction.REJECT
                  ? { decidedAt, statusReason: rationale }
                  : { statusReason: rationale },
            payload: {
              outcome: evaluation.outcome,
              reason: evaluation.reason,
              approvals: evaluation.approvals,
              quorum: evaluation.quorum,
            },
          },
        };
      },
    );
  }

  /** Where a revision's votes stand against the given needs (quorum by tier, expertise, conditions). */
  evaluate(needs: ApprovalNeeds, votes: DecisionVoteEntity[]): VoteEvaluation {
    return evaluateVotes({
      tier: needs.tier,
      requiredExpertise: needs.requiredExpertise,
      requiredConditions: needs.requiredConditions,
      votes: votes.map((v) => ({
        approverId: v.approverId,
        expertise: v.expertise,
        vote: v.vote,
        conditions: v.conditions,
      })),
    });
  }

  /** Where the current revision's votes stand against the needs the request records. */
  progressOf(request: AdoptionRequestEntity, votes: DecisionVoteEntity[]): VoteEvaluation {
    return this.evaluate(
      {
        tier: request.tier ?? RiskTier.LOW,
        requiredExpertise: request.requiredExpertise,
        requiredConditions: request.requiredConditions,
      },
      votes.filter((v) => v.revision === request.revision),
    );
  }
}

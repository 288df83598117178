import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { ErrorResult, RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { RiskAssessmentService, RiskTier } from '@app/risk';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { AlreadyVotedError, InvalidTransitionError, SeparationOfDutiesError } from './adoption-request.errors';
import { AdoptionTransitionService, isApplied } from './adoption-transition.service';
import { CastDecisionInput } from './dto/adoption-request.input';
import { DecisionRecordService } from './decision-record.service';
import { DecisionVoteEntity } from './decision.entity';
import {
  AdoptionStatus,
  approvalExpiry,
  checkDeciderDuty,
  evaluateVotes,
  VoteEvaluation,
  WorkflowAction,
} from './workflow';

/**
 * Votes and their consequences. The request row is locked for the whole vote, so concurrent votes are
 * counted one after another: exactly one of them can complete the quorum and trigger the transition.
 * A vote that leaves the quorum unmet is not an error: the request stays AWAITING_DECISION and shows
 * what is still missing.
 */
@Injectable()
export class AdoptionDecisionService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly transitions: AdoptionTransitionService,
    private readonly assessments: RiskAssessmentService,
    private readonly records: DecisionRecordService,
  ) {}

  async cast(
    ctx: RequestContext,
    requestId: string,
    input: CastDecisionInput,
  ): Promise<AdoptionRequestEntity | ErrorResult> {
    const request = await this.transitions.load(ctx, requestId);
    this.access.require(ctx, 'decide', 'AdoptionRequest', request);
    if (request.status !== AdoptionStatus.AWAITING_DECISION) {
      return InvalidTransitionError.of(
        `Votes are taken while AWAITING_DECISION, not ${request.status}`,
        request.status,
        null,
      );
    }
    const me = ctx.actor!.userId;
    const assessment = await this.assessments.forRevision(ctx, request.id, request.revision);
    const duty = checkDeciderDuty({
      actorUserId: me,
      requesterId: request.requesterId,
      assessorId: assessment?.assessorIds.includes(me) ? me : null,
    });
    if (duty) return SeparationOfDutiesError.of(duty);
    const votes = await this.votesOf(ctx, request);
    if (votes.some((v) => v.approverId === me)) return AlreadyVotedError.of(request.revision);

    const voteRepo = this.db.repo(ctx, DecisionVoteEntity);
    const vote = voteRepo.create({
      organisationId: ctx.orgId,
      requestId: request.id,
      revision: request.revision,
      approverId: me,
      expertise: ctx.actor!.expertise,
      vote: input.vote,
      rationale: input.rationale.trim(),
      conditions: input.conditions.map((c) => c.trim()).filter(Boolean),
    });
    await voteRepo.insert(vote);
    await this.audit.append(ctx, {
      action: 'adoption_request.vote_cast',
      subjectType: 'AdoptionRequest',
      subjectId: request.id,
      requestId: request.id,
      payload: {
        reference: request.reference,
        revision: request.revision,
        vote: vote.vote,
        rationale: vote.rationale,
        conditions: vote.conditions,
        expertise: vote.expertise,
      },
    });

    const evaluation = this.evaluate(request, [...votes, vote]);
    const action = {
      APPROVED: WorkflowAction.APPROVE,
      REJECTED: WorkflowAction.REJECT,
      CHANGES_REQUESTED: WorkflowAction.REQUEST_CHANGES,
      PENDING: null,
    }[evaluation.outcome];
    if (action === null) {
      // The vote changed the request (its votes); raise its version so stale writers notice.
      await this.db
        .repo(ctx, AdoptionRequestEntity)
        .update({ id: request.id, version: request.version }, { version: request.version + 1 });
      return this.db.repo(ctx, AdoptionRequestEntity).findOneOrFail({ where: { id: request.id } });
    }
    const decidedAt = new Date();
    const tier = request.tier ?? RiskTier.LOW;
    const set: Partial<AdoptionRequestEntity> =
      action === WorkflowAction.APPROVE
        ? {
            conditions: evaluation.conditions,
            decidedAt,
            expiresAt: approvalExpiry(decidedAt, tier),
            statusReason: null,
          }
        : action === WorkflowAction.REJECT
          ? { decidedAt, statusReason: input.rationale.trim() }
          : { statusReason: input.rationale.trim() };
    const applied = await this.transitions.run(ctx, request, action, {
      facts: {
        rationale: input.rationale,
        quorumMet: evaluation.outcome === 'APPROVED',
        blockedByPolicy: false,
        assessorId: null,
      },
      set,
      payload: {
        outcome: evaluation.outcome,
        reason: evaluation.reason,
        approvals: evaluation.approvals,
        quorum: evaluation.quorum,
      },
    });
    if (!isApplied(applied)) return applied;
    if (action !== WorkflowAction.REQUEST_CHANGES) await this.records.freeze(ctx, applied);
    return applied.request;
  }

  votesOf(ctx: RequestContext, request: AdoptionRequestEntity): Promise<DecisionVoteEntity[]> {
    return this.db.repo(ctx, DecisionVoteEntity).find({
      where: { organisationId: ctx.orgId, requestId: request.id, revision: request.revision },
      order: { createdAt: 'ASC' },
    });
  }

  /** Where the current revision's votes stand (quorum by tier, required expertise, conditions). */
  evaluate(request: AdoptionRequestEntity, votes: DecisionVoteEntity[]): VoteEvaluation {
    return evaluateVotes({
      tier: request.tier ?? RiskTier.LOW,
      requiredExpertise: request.requiredExpertise,
      requiredConditions: request.requiredConditions,
      votes: votes.map((v) => ({
        approverId: v.approverId,
        expertise: v.expertise,
        vote: v.vote,
        conditions: v.conditions,
      })),
    });
  }
}

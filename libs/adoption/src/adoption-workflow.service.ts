import { Inject, Injectable } from '@nestjs/common';
import { RequestContext, ValidationError } from '@app/core';
import { RiskAssessmentService, RiskTier, SaveRiskAssessmentInput } from '@app/risk';
import { approvalNeeds, PreAssessmentHook } from './adoption-hooks';
import { AdoptionPipeline, OperationOutcome } from './adoption-pipeline.service';
import { Operation } from './workflow';

export type WorkflowOutcome = OperationOutcome;

/**
 * The life of a request outside the votes: submit (and resubmit), withdraw, review, request changes,
 * revoke. Each operation is the pipeline running its table row plus the operation's own work; none of them
 * looks at the request's status (the table does).
 */
@Injectable()
export class AdoptionWorkflowService {
  constructor(
    private readonly pipeline: AdoptionPipeline,
    private readonly assessments: RiskAssessmentService,
    @Inject(PreAssessmentHook) private readonly preAssessor: PreAssessmentHook,
  ) {}

  /** Submits a draft, or resubmits after changes were requested (as a new revision). */
  submit(ctx: RequestContext, id: string): Promise<WorkflowOutcome> {
    return this.pipeline.run(ctx, id, Operation.SUBMIT, {}, async ({ policy }) => ({
      set: {
        submittedAt: new Date(),
        statusReason: null,
        tier: null,
        requiredExpertise: [],
        requiredConditions: [],
      },
      payload: { findings: policy?.findings.length ?? 0 },
    }));
  }

  withdraw(ctx: RequestContext, id: string, reason: string): Promise<WorkflowOutcome> {
    return this.pipeline.run(ctx, id, Operation.WITHDRAW, { rationale: reason }, async () => ({
      set: { statusReason: reason.trim() },
      payload: { reason: reason.trim() },
    }));
  }

  /** Takes a submitted request into review and starts its assessment from the automatic pre-assessment. */
  startReview(ctx: RequestContext, id: string): Promise<WorkflowOutcome> {
    return this.pipeline.run(ctx, id, Operation.START_REVIEW, {}, async ({ request, model }) => {
      const pre = await this.preAssessor.preAssess(ctx, request, model!);
      await this.assessments.start(
        ctx,
        request.id,
        request.revision,
        pre.items,
        pre.euAiActClass,
        pre.euAiActScreen ?? null,
      );
      return {};
    });
  }

  /** Saves the assessor's items for the current revision. */
  saveAssessment(ctx: RequestContext, id: string, input: SaveRiskAssessmentInput): Promise<WorkflowOutcome> {
    return this.pipeline.run(ctx, id, Operation.SAVE_ASSESSMENT, {}, async ({ request, assessment }) => {
      const current = assessment ?? (await this.assessments.start(ctx, request.id, request.revision, []));
      const saved = await this.assessments.save(ctx, current, ctx.actor!.userId, input);
      if (saved instanceof ValidationError) return saved;
      return {
        subject: { type: 'RiskAssessment', id: saved.id },
        payload: {
          revision: request.revision,
          categories: input.items.map((i) => i.category),
          tier: saved.tier,
          residualScore: saved.residualScore,
        },
      };
    });
  }

  /** Completes the review: tier and approval needs are fixed from the assessment and the policies now. */
  completeReview(ctx: RequestContext, id: string): Promise<WorkflowOutcome> {
    return this.pipeline.run(ctx, id, Operation.COMPLETE_REVIEW, {}, async ({ assessment, policy }) => {
      // Whoever completes the review vouches for the assessment: they count as its assessor.
      await this.assessments.addAssessor(ctx, assessment!.id, ctx.actor!.userId);
      const needs = approvalNeeds(
        { tier: assessment!.tier ?? RiskTier.LOW, requiredExpertise: [], requiredConditions: [] },
        policy!,
      );
      return {
        set: needs,
        payload: { ...needs, assessedTier: assessment!.tier },
      };
    });
  }

  /** A reviewer sends the request back to its requester with what to change. */
  requestChanges(ctx: RequestContext, id: string, rationale: string): Promise<WorkflowOutcome> {
    return this.pipeline.run(ctx, id, Operation.REQUEST_CHANGES, { rationale }, async () => ({
      set: { statusReason: rationale.trim() },
      payload: { rationale: rationale.trim() },
    }));
  }

  /** An approver withdraws an approval; the decision record of the revocation is frozen. */
  revoke(ctx: RequestContext, id: string, rationale: string): Promise<WorkflowOutcome> {
    return this.pipeline.run(ctx, id, Operation.REVOKE, { rationale }, async () => ({
      set: { statusReason: rationale.trim() },
      payload: { rationale: rationale.trim() },
    }));
  }
}

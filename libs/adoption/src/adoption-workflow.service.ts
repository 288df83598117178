import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { AiModelEntity } from '@app/catalog';
import { ErrorResult, isErrorResult, RequestContext, ValidationError } from '@app/core';
import { Db } from '@app/persistence';
import {
  classifyUse,
  EuAiActClass,
  maxTier,
  RiskAssessmentService,
  RiskTier,
  SaveRiskAssessmentInput,
} from '@app/risk';
import { requestFacts } from './adoption-facts';
import { marginalRiskGaps } from './marginal-risk';
import { PolicyHook, PreAssessmentHook, requirementsOf } from './adoption-hooks';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { InvalidTransitionError, PolicyBlockedError, SeparationOfDutiesError } from './adoption-request.errors';
import { AdoptionRequestService } from './adoption-request.service';
import { AdoptionTransitionService, isApplied } from './adoption-transition.service';
import { DecisionRecordService } from './decision-record.service';
import { AdoptionStatus, checkReviewerDuty, WorkflowAction } from './workflow';

export type WorkflowOutcome = AdoptionRequestEntity | ErrorResult;

/**
 * The life of a request outside the votes: submit (and resubmit), withdraw, review, request changes,
 * revoke. Each operation is one transition of the workflow table, applied with its audit event.
 */
@Injectable()
export class AdoptionWorkflowService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly transitions: AdoptionTransitionService,
    private readonly drafts: AdoptionRequestService,
    private readonly assessments: RiskAssessmentService,
    private readonly records: DecisionRecordService,
    @Inject(PolicyHook) private readonly policies: PolicyHook,
    @Inject(PreAssessmentHook) private readonly preAssessor: PreAssessmentHook,
  ) {}

  /** Submits a draft, or resubmits after changes were requested (as a new revision). */
  async submit(ctx: RequestContext, id: string): Promise<WorkflowOutcome> {
    const request = await this.transitions.load(ctx, id);
    const action =
      request.status === AdoptionStatus.CHANGES_REQUESTED ? WorkflowAction.RESUBMIT : WorkflowAction.SUBMIT;
    const planned = this.transitions.plan(ctx, request, action, { missingFields: [], blockedByPolicy: false });
    if (isErrorResult(planned)) return planned;
    const missing = this.drafts.missingFields(request);
    if (missing.length) {
      return ValidationError.of(missing.map((f) => ({ field: f, message: `${f} is required before submitting` })));
    }
    const modelProblems = await this.drafts.checkModel(ctx, request.modelId);
    if (modelProblems.length) return ValidationError.of(modelProblems);
    // EU AI Act Article 5: a prohibited practice is never submitted, whatever the policies say.
    const euAiAct = classifyUse(requestFacts(request));
    const prohibited =
      euAiAct.euAiActClass === EuAiActClass.PROHIBITED
        ? [
            {
              ruleId: 'eu-ai-act-article-5',
              title: 'EU AI Act: prohibited practice',
              effect: 'BLOCK',
              message: euAiAct.reasons.join(' '),
            },
          ]
        : [];
    const evaluation = await this.policies.evaluate(ctx, request, await this.model(ctx, request));
    const blocking = [...prohibited, ...requirementsOf(evaluation).blocking];
    if (blocking.length) return PolicyBlockedError.of(blocking);
    const revision = action === WorkflowAction.RESUBMIT ? request.revision + 1 : request.revision;
    const applied = await this.transitions.apply(ctx, request, planned, {
      set: {
        submittedAt: new Date(),
        statusReason: null,
        revision,
        tier: null,
        requiredExpertise: [],
        requiredConditions: [],
      },
      payload: { findings: evaluation.findings.length },
    });
    return isApplied(applied) ? applied.request : applied;
  }

  async withdraw(ctx: RequestContext, id: string, reason: string): Promise<WorkflowOutcome> {
    const request = await this.transitions.load(ctx, id);
    const applied = await this.transitions.run(ctx, request, WorkflowAction.WITHDRAW, {
      facts: { rationale: reason },
      set: { statusReason: reason.trim() },
      payload: { reason: reason.trim() },
    });
    return isApplied(applied) ? applied.request : applied;
  }

  /** Takes a submitted request into review and starts its assessment from the automatic pre-assessment. */
  async startReview(ctx: RequestContext, id: string): Promise<WorkflowOutcome> {
    const request = await this.transitions.load(ctx, id);
    const applied = await this.transitions.run(ctx, request, WorkflowAction.START_REVIEW);
    if (!isApplied(applied)) return applied;
    const pre = await this.preAssessor.preAssess(ctx, applied.request, await this.model(ctx, request));
    await this.assessments.start(ctx, request.id, applied.request.revision, pre.items, pre.euAiActClass);
    return applied.request;
  }

  /** Saves the assessor's items for the current revision (only while IN_REVIEW, never by the requester). */
  async saveAssessment(ctx: RequestContext, id: string, input: SaveRiskAssessmentInput): Promise<WorkflowOutcome> {
    const request = await this.transitions.load(ctx, id);
    this.access.require(ctx, 'review', 'AdoptionRequest', request);
    if (request.status !== AdoptionStatus.IN_REVIEW) {
      return InvalidTransitionError.of(
        `The assessment can only be changed while IN_REVIEW, not ${request.status}`,
        request.status,
        null,
      );
    }
    const duty = checkReviewerDuty({ actorUserId: ctx.actor!.userId, requesterId: request.requesterId });
    if (duty) return SeparationOfDutiesError.of(duty);
    const assessment =
      (await this.assessments.forRevision(ctx, request.id, request.revision)) ??
      (await this.assessments.start(ctx, request.id, request.revision, []));
    const saved = await this.assessments.save(ctx, assessment, ctx.actor!.userId, input);
    if (saved instanceof ValidationError) return saved;
    await this.db
      .repo(ctx, AdoptionRequestEntity)
      .update({ id: request.id, version: request.version }, { version: request.version + 1 });
    await this.audit.append(ctx, {
      action: 'risk_assessment.saved',
      subjectType: 'RiskAssessment',
      subjectId: saved.id,
      requestId: request.id,
      payload: {
        reference: request.reference,
        revision: request.revision,
        categories: input.items.map((i) => i.category),
        tier: saved.tier,
        residualScore: saved.residualScore,
      },
    });
    return this.db.repo(ctx, AdoptionRequestEntity).findOneOrFail({ where: { id: request.id } });
  }

  /** Completes the review: the assessment must cover every category; tier and approval needs are fixed. */
  async completeReview(ctx: RequestContext, id: string): Promise<WorkflowOutcome> {
    const request = await this.transitions.load(ctx, id);
    const assessment = await this.assessments.forRevision(ctx, request.id, request.revision);
    const missing = this.assessments.missingCategories(assessment);
    const planned = this.transitions.plan(ctx, request, WorkflowAction.COMPLETE_REVIEW, {
      hasCompleteAssessment: missing.length === 0,
    });
    if (isErrorResult(planned)) {
      if (planned instanceof InvalidTransitionError && missing.length && request.status === AdoptionStatus.IN_REVIEW) {
        planned.message = `The risk assessment has no item for ${missing.join(', ')}`;
      }
      return planned;
    }
    const model = await this.model(ctx, request);
    const missingAnalysis = marginalRiskGaps(model, assessment!);
    if (missingAnalysis.length) {
      return ValidationError.of(
        missingAnalysis.map((step) => ({
          field: `marginalRisk.${step}`,
          message:
            'open weights with HIGH or CRITICAL misuse risk need the marginal-risk analysis (Kapoor et al. 2024)',
        })),
      );
    }
    // Whoever completes the review vouches for the assessment: they count as its assessor.
    await ctx.em.query(
      `UPDATE risk_assessment SET assessor_ids = array_append(assessor_ids, $2::uuid)
       WHERE id = $1 AND NOT ($2::uuid = ANY(assessor_ids))`,
      [assessment!.id, ctx.actor!.userId],
    );
    const evaluation = await this.policies.evaluate(ctx, request, model);
    const needs = requirementsOf(evaluation);
    const tier = maxTier(assessment!.tier ?? RiskTier.LOW, ...needs.minTiers);
    const applied = await this.transitions.apply(ctx, request, planned, {
      set: { tier, requiredExpertise: needs.requiredExpertise, requiredConditions: needs.requiredConditions },
      payload: {
        tier,
        assessedTier: assessment!.tier,
        requiredExpertise: needs.requiredExpertise,
        requiredConditions: needs.requiredConditions,
      },
    });
    return isApplied(applied) ? applied.request : applied;
  }

  /** A reviewer sends the request back to its requester with what to change. */
  async requestChanges(ctx: RequestContext, id: string, rationale: string): Promise<WorkflowOutcome> {
    const request = await this.transitions.load(ctx, id);
    const assessment = await this.assessments.forRevision(ctx, request.id, request.revision);
    const applied = await this.transitions.run(ctx, request, WorkflowAction.REQUEST_CHANGES, {
      facts: { rationale, assessorId: this.assessorFacing(ctx, assessment?.assessorIds) },
      set: { statusReason: rationale.trim() },
      payload: { rationale: rationale.trim() },
    });
    return isApplied(applied) ? applied.request : applied;
  }

  /** An approver withdraws an approval; the decision record of the revocation is frozen. */
  async revoke(ctx: RequestContext, id: string, rationale: string): Promise<WorkflowOutcome> {
    const request = await this.transitions.load(ctx, id);
    const assessment = await this.assessments.forRevision(ctx, request.id, request.revision);
    const applied = await this.transitions.run(ctx, request, WorkflowAction.REVOKE, {
      facts: { rationale, assessorId: this.assessorFacing(ctx, assessment?.assessorIds) },
      set: { statusReason: rationale.trim() },
      payload: { rationale: rationale.trim() },
    });
    if (!isApplied(applied)) return applied;
    await this.records.freeze(ctx, applied);
    return applied.request;
  }

  /** The assessor id the separation-of-duties check compares with: the caller, when they assessed. */
  assessorFacing(ctx: RequestContext, assessorIds: string[] | undefined): string | null {
    const me = ctx.actor?.userId;
    if (me && assessorIds?.includes(me)) return me;
    return assessorIds?.[0] ?? null;
  }

  private model(ctx: RequestContext, request: AdoptionRequestEntity): Promise<AiModelEntity> {
    return this.db
      .repo(ctx, AiModelEntity)
      .findOneOrFail({ where: { id: request.modelId, organisationId: ctx.orgId } });
  }
}

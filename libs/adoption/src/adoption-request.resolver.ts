import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, Permission } from '@app/authz';
import {
  AfterArg,
  listComplexity,
  MAX_PAGE_SIZE,
  pageComplexity,
  RequestContext,
  TEXT_LIMITS,
  TextArg,
} from '@app/core';
import { SaveRiskAssessmentInput } from '@app/risk';
import { AdoptionDecisionService } from './adoption-decision.service';
import { AdoptionRequestQueryService } from './adoption-request-query.service';
import { AdoptionRequestResult } from './adoption-request.results';
import { AdoptionRequestService } from './adoption-request.service';
import { AdoptionRequestConnection, AdoptionRequestType, DecisionRecordType } from './adoption-request.types';
import { AdoptionWorkflowService } from './adoption-workflow.service';
import { DecisionRecordService, decisionRecordView } from './decision-record.service';
import {
  AdoptionRequestFilter,
  CastDecisionInput,
  CreateAdoptionRequestInput,
  UpdateAdoptionRequestInput,
} from './dto/adoption-request.input';
import { Operation, operationPermission } from './workflow';

@Resolver(() => AdoptionRequestType)
export class AdoptionRequestResolver {
  constructor(
    private readonly drafts: AdoptionRequestService,
    private readonly workflow: AdoptionWorkflowService,
    private readonly decisions: AdoptionDecisionService,
    private readonly queries: AdoptionRequestQueryService,
    private readonly records: DecisionRecordService,
  ) {}

  @Query(() => AdoptionRequestType)
  @Allow(Permission.ReadAdoptionRequests)
  adoptionRequest(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.queries.get(ctx, id);
  }

  @Query(() => AdoptionRequestConnection, {
    description: 'Newest first. Requesters see their own requests; reviewers, approvers and auditors all.',
    complexity: pageComplexity,
  })
  @Allow(Permission.ReadAdoptionRequests)
  adoptionRequests(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => AdoptionRequestFilter, nullable: true }) filter?: AdoptionRequestFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @AfterArg() after?: string,
  ) {
    return this.queries.list(ctx, filter, first, after);
  }

  @Query(() => [AdoptionRequestType], {
    description: `What waits for your action, by your roles (the ${MAX_PAGE_SIZE} waiting longest).`,
    complexity: listComplexity(MAX_PAGE_SIZE),
  })
  @Allow(Permission.Authenticated)
  myQueue(@Ctx() ctx: RequestContext) {
    return this.queries.myQueue(ctx);
  }

  @Query(() => DecisionRecordType, { description: 'The frozen record of the latest final outcome.' })
  @Allow(Permission.ReadAdoptionRequests)
  async decisionRecord(@Ctx() ctx: RequestContext, @Args('requestId', { type: () => ID }) requestId: string) {
    return decisionRecordView(await this.records.latest(ctx, requestId));
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(Permission.CreateAdoptionRequest)
  createAdoptionRequest(@Ctx() ctx: RequestContext, @Args('input') input: CreateAdoptionRequestInput) {
    return this.drafts.create(ctx, input);
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(operationPermission(Operation.EDIT))
  updateAdoptionRequest(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAdoptionRequestInput,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ) {
    return this.drafts.update(ctx, id, input, expectedVersion);
  }

  @Mutation(() => AdoptionRequestResult, { description: 'Submits a draft, or resubmits after changes were requested.' })
  @Allow(operationPermission(Operation.SUBMIT))
  submitAdoptionRequest(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.workflow.submit(ctx, id);
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(operationPermission(Operation.WITHDRAW))
  withdrawAdoptionRequest(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @TextArg('reason', { max: TEXT_LIMITS.PROSE, notBlank: true, description: 'Why the request is withdrawn.' })
    reason: string,
  ) {
    return this.workflow.withdraw(ctx, id, reason);
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(operationPermission(Operation.START_REVIEW))
  startReview(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.workflow.startReview(ctx, id);
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(operationPermission(Operation.SAVE_ASSESSMENT))
  saveRiskAssessment(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('input') input: SaveRiskAssessmentInput,
  ) {
    return this.workflow.saveAssessment(ctx, requestId, input);
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(operationPermission(Operation.COMPLETE_REVIEW))
  completeReview(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.workflow.completeReview(ctx, id);
  }

  @Mutation(() => AdoptionRequestResult, { description: 'A reviewer sends the request back with what to change.' })
  @Allow(operationPermission(Operation.REQUEST_CHANGES))
  requestChanges(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @TextArg('rationale', { max: TEXT_LIMITS.PROSE, notBlank: true, description: 'What to change, and why.' })
    rationale: string,
  ) {
    return this.workflow.requestChanges(ctx, id, rationale);
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(operationPermission(Operation.CAST_DECISION))
  castDecision(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('input') input: CastDecisionInput,
  ) {
    return this.decisions.cast(ctx, requestId, input);
  }

  @Mutation(() => AdoptionRequestResult)
  @Allow(operationPermission(Operation.REVOKE))
  revokeApproval(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @TextArg('rationale', { max: TEXT_LIMITS.PROSE, notBlank: true, description: 'Why the approval is revoked.' })
    rationale: string,
  ) {
    return this.workflow.revoke(ctx, id, rationale);
  }
}

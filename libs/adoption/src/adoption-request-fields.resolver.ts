import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '@app/authz';
import { AiModelQueryService, AiModelType } from '@app/catalog';
import { RequestContext } from '@app/core';
import { UserService, UserType } from '@app/identity';
import { EuAiActScreenType, itemView, RiskAssessmentService, RiskAssessmentType, screenEuAiAct } from '@app/risk';
import { modelFacts, requestFacts } from './adoption-facts';
import { AdoptionPipeline } from './adoption-pipeline.service';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { AdoptionRequestQueryService } from './adoption-request-query.service';
import {
  AdoptionRequestType,
  AdoptionRequestViewerCanType,
  ApprovalProgressType,
  DecisionRecordType,
  HistoryEventType,
  OperationRefusalType,
  VoteType,
} from './adoption-request.types';
import { DecisionRecordService, decisionRecordView } from './decision-record.service';

/** The related data of a request, loaded when asked for. */
@Resolver(() => AdoptionRequestType)
export class AdoptionRequestFieldsResolver {
  constructor(
    private readonly queries: AdoptionRequestQueryService,
    private readonly users: UserService,
    private readonly models: AiModelQueryService,
    private readonly assessments: RiskAssessmentService,
    private readonly records: DecisionRecordService,
    private readonly pipeline: AdoptionPipeline,
  ) {}

  @ResolveField(() => UserType)
  async requester(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    return this.users.loadById(ctx, r.requesterId);
  }

  @ResolveField(() => AiModelType)
  model(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    return this.models.load(ctx, r.modelId);
  }

  @ResolveField(() => RiskAssessmentType, { nullable: true, description: 'The assessment of the current revision.' })
  async assessment(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    const a = await this.queries.assessment(ctx, r);
    if (!a) return null;
    return { ...a, items: a.items.map(itemView), complete: this.assessments.missingCategories(a).length === 0 };
  }

  @ResolveField(() => EuAiActScreenType, {
    nullable: true,
    description:
      'The EU AI Act pre-screen from the current facts: class, provisions and what triggered them, the model’s GPAI status and the organisation’s role (null without a model). A keyword pre-screen: the reviewer confirms.',
  })
  async euAiAct(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    if (!r.modelId) return null;
    return screenEuAiAct(requestFacts(r), modelFacts(await this.models.load(ctx, r.modelId)));
  }

  @ResolveField(() => DecisionRecordType, {
    nullable: true,
    description: 'The frozen record of the latest final outcome (APPROVED, REJECTED, REVOKED); null before one.',
  })
  async decisionRecord(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    const record = await this.records.loadLatest(ctx, r.id);
    return record && decisionRecordView(record);
  }

  @ResolveField(() => [VoteType], { description: 'Votes of every revision, oldest first.' })
  votes(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    return this.queries.votes(ctx, r);
  }

  @ResolveField(() => ApprovalProgressType)
  approvalProgress(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    return this.queries.progress(ctx, r);
  }

  @ResolveField(() => AdoptionRequestViewerCanType, {
    description:
      'What you may do to this request now, by the rules that enforce the mutations (the API still checks ' +
      'everything): hide what is false. See AdoptionRequestViewerCan.',
  })
  async viewerCan(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    const offers = await this.pipeline.offers(ctx, r);
    return Object.fromEntries(offers.map((o) => [o.operation, o.offered])) as unknown as AdoptionRequestViewerCanType;
  }

  @ResolveField(() => [OperationRefusalType], {
    description:
      'For each operation of viewerCan that is false, the answer its mutation gives now (e.g. for a tooltip).',
  })
  async viewerCannot(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity): Promise<OperationRefusalType[]> {
    const offers = await this.pipeline.offers(ctx, r);
    return offers.flatMap((o) =>
      o.refusal
        ? [{ operation: o.operation, mutation: o.mutation, code: o.refusal.code, reason: o.refusal.message }]
        : [],
    );
  }

  @ResolveField(() => [HistoryEventType], { description: 'Every recorded step, in order.' })
  history(@Ctx() ctx: RequestContext, @Parent() r: AdoptionRequestEntity) {
    return this.queries.history(ctx, r);
  }
}

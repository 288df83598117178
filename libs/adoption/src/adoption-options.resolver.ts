import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, Permission } from '@app/authz';
import { argumentListComplexity, RequestContext } from '@app/core';
import { AdoptionOptionsService, MAX_OPTIONS } from './adoption-options.service';
import { AdoptionPortfolioService, PortfolioType } from './adoption-portfolio.service';
import { CompareOptionInput, OptionComparisonType, TestPolicyRuleResult } from './adoption-options.types';
import { PolicyRuleInput } from '@app/policy';
import { PolicyFindingType } from './adoption-request.types';

@Resolver()
export class AdoptionOptionsResolver {
  constructor(
    private readonly options: AdoptionOptionsService,
    private readonly portfolios: AdoptionPortfolioService,
  ) {}

  @Query(() => PortfolioType, {
    description: 'Oversight of the organisation’s adoptions (AUDITOR, APPROVER, ORG_ADMIN).',
  })
  @Allow(Permission.ReadPortfolio)
  portfolio(@Ctx() ctx: RequestContext) {
    return this.portfolios.portfolio(ctx);
  }

  @Query(() => [PolicyFindingType], { description: 'What the published policies say about the request now.' })
  @Allow(Permission.ReadAdoptionRequests)
  evaluatePolicies(@Ctx() ctx: RequestContext, @Args('requestId', { type: () => ID }) requestId: string) {
    return this.options.evaluatePolicies(ctx, requestId);
  }

  @Query(() => TestPolicyRuleResult, {
    description:
      'Evaluates one rule, saved or not, against a request of the organisation over the same { request, model, ' +
      'requester } context as the published policies (POLICY_ADMIN): whether it matched and the finding it ' +
      'would produce, or the ValidationError saving it would give (with line and column). Writes nothing.',
  })
  @Allow(Permission.ManagePolicies)
  testPolicyRule(
    @Ctx() ctx: RequestContext,
    @Args('requestId', {
      type: () => ID,
      description: 'The request’s id, or its reference (e.g. AR-2026-0001).',
    })
    requestId: string,
    @Args('rule') rule: PolicyRuleInput,
  ) {
    return this.options.testRule(ctx, requestId, rule);
  }

  @Query(() => [OptionComparisonType], {
    description:
      'The request judged with up to 10 options: feasibility first, then risks, tier, quorum, expertise and policy ' +
      'findings. `modelIds` judges models with the request’s own deployment mode; `options` names a mode per model ' +
      '(e.g. an open model SELF_HOSTED beside a closed one through its VENDOR_API). Both may be given.',
    complexity: argumentListComplexity(['modelIds', 'options'], MAX_OPTIONS),
  })
  @Allow(Permission.ReadAdoptionRequests)
  compareOptions(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('modelIds', { type: () => [ID], nullable: true }) modelIds: string[] | null,
    @Args('options', { type: () => [CompareOptionInput], nullable: true }) options: CompareOptionInput[] | null,
  ) {
    return this.options.compare(ctx, requestId, [
      ...(modelIds ?? []).map((modelId) => ({ modelId })),
      ...(options ?? []),
    ]);
  }
}

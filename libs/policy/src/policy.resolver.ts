import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, Permission } from '@app/authz';
import { InputListArg, RequestContext } from '@app/core';
import { PolicyEntity, PolicyVersionStatus } from './policy.entity';
import {
  CreatePolicyInput,
  MAX_RULES_PER_VERSION,
  PolicyResult,
  PolicyRuleInput,
  PolicyType,
  PolicyVersionType,
} from './policy.types';
import { PolicyService } from './policy.service';

@Resolver(() => PolicyType)
export class PolicyResolver {
  constructor(private readonly service: PolicyService) {}

  @Query(() => [PolicyType], { description: 'The organisation’s policies.' })
  @Allow(Permission.ReadPolicies)
  policies(@Ctx() ctx: RequestContext) {
    return this.service.list(ctx);
  }

  @Query(() => PolicyType)
  @Allow(Permission.ReadPolicies)
  policy(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.service.get(ctx, id);
  }

  @Mutation(() => PolicyResult)
  @Allow(Permission.ManagePolicies)
  createPolicy(@Ctx() ctx: RequestContext, @Args('input') input: CreatePolicyInput) {
    return this.service.create(ctx, input);
  }

  @Mutation(() => PolicyResult, {
    description: 'Replaces the rules of the policy’s draft version (created if needed).',
  })
  @Allow(Permission.ManagePolicies)
  savePolicyDraft(
    @Ctx() ctx: RequestContext,
    @Args('policyId', { type: () => ID }) policyId: string,
    @InputListArg('rules', PolicyRuleInput, { maxItems: MAX_RULES_PER_VERSION }) rules: PolicyRuleInput[],
  ) {
    return this.service.saveDraft(ctx, policyId, rules);
  }

  @Mutation(() => PolicyResult, { description: 'Publishes the draft; the version in force is retired.' })
  @Allow(Permission.ManagePolicies)
  publishPolicyVersion(@Ctx() ctx: RequestContext, @Args('policyId', { type: () => ID }) policyId: string) {
    return this.service.publish(ctx, policyId);
  }

  @ResolveField(() => [PolicyVersionType])
  versions(@Ctx() ctx: RequestContext, @Parent() p: PolicyEntity) {
    return this.service.loadVersions(ctx, p.id);
  }

  @ResolveField(() => PolicyVersionType, { nullable: true })
  async published(@Ctx() ctx: RequestContext, @Parent() p: PolicyEntity) {
    return (await this.service.loadVersions(ctx, p.id)).find((v) => v.status === PolicyVersionStatus.PUBLISHED) ?? null;
  }

  @ResolveField(() => PolicyVersionType, { nullable: true })
  async draft(@Ctx() ctx: RequestContext, @Parent() p: PolicyEntity) {
    return (await this.service.loadVersions(ctx, p.id)).find((v) => v.status === PolicyVersionStatus.DRAFT) ?? null;
  }
}

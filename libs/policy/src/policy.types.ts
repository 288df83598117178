import { createUnionType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Expertise, TEXT_LIMITS, TextField, ValidationError } from '@app/core';
import { RiskTier } from '@app/risk';
import { PolicyVersionStatus } from './policy.entity';
import { PolicyEffect } from './rules/policy-rule';

registerEnumType(PolicyEffect, { name: 'PolicyEffect' });
registerEnumType(PolicyVersionStatus, { name: 'PolicyVersionStatus' });

@ObjectType('PolicyRule')
export class PolicyRuleType {
  @Field() id: string;
  @Field() title: string;
  @Field() description: string;
  @Field({ description: 'CEL over { request, model, requester }, e.g. model.weightsAccess == "OPEN".' })
  condition: string;
  @Field(() => PolicyEffect) effect: PolicyEffect;
  @Field(() => Expertise, { nullable: true }) expertise?: Expertise | null;
  @Field(() => RiskTier, { nullable: true }) tier?: RiskTier | null;
  @Field(() => String, { nullable: true }) text?: string | null;
}

@ObjectType('PolicyVersion')
export class PolicyVersionType {
  @Field(() => ID) id: string;
  @Field(() => Int) number: number;
  @Field(() => PolicyVersionStatus) status: PolicyVersionStatus;
  @Field(() => [PolicyRuleType]) rules: PolicyRuleType[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Date, { nullable: true }) retiredAt: Date | null;
}

@ObjectType('Policy')
export class PolicyType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() description: string;
  @Field(() => PolicyVersionType, { nullable: true, description: 'The version in force.' })
  published: PolicyVersionType | null;
  @Field(() => PolicyVersionType, { nullable: true }) draft: PolicyVersionType | null;
  @Field(() => [PolicyVersionType], { description: 'Every version, newest first.' }) versions: PolicyVersionType[];
}

/** Rules one policy version may hold. */
export const MAX_RULES_PER_VERSION = 200;

@InputType()
export class CreatePolicyInput {
  @TextField({ max: TEXT_LIMITS.NAME, min: 1, notBlank: true }) name: string;
  @TextField({ max: TEXT_LIMITS.PROSE, defaultValue: '' }) description: string;
}

@InputType()
export class PolicyRuleInput {
  @TextField({ max: TEXT_LIMITS.NAME, min: 1, notBlank: true }) title: string;
  @TextField({ max: TEXT_LIMITS.PROSE, defaultValue: '' }) description: string;
  @TextField({ max: TEXT_LIMITS.LINE, min: 1, notBlank: true }) condition: string;
  @Field(() => PolicyEffect) @IsEnum(PolicyEffect) effect: PolicyEffect;
  @Field(() => Expertise, { nullable: true, description: 'For REQUIRE_EXPERTISE.' })
  @IsOptional()
  @IsEnum(Expertise)
  expertise?: Expertise | null;
  @Field(() => RiskTier, { nullable: true, description: 'For MIN_TIER.' })
  @IsOptional()
  @IsEnum(RiskTier)
  tier?: RiskTier | null;
  @TextField({
    max: TEXT_LIMITS.LINE,
    nullable: true,
    description: 'The message (BLOCK, ADVISE) or the condition text (REQUIRE_CONDITION).',
  })
  text?: string | null;
}

export const PolicyResult = createUnionType({
  name: 'PolicyResult',
  types: () => [PolicyType, ValidationError] as const,
  resolveType: (value: { __typename?: string }) => value.__typename ?? PolicyType,
});

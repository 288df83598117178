import { createUnionType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Expertise, ValidationError } from '@app/core';
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

@InputType()
export class CreatePolicyInput {
  @Field() @IsString() @Length(1, 200, { message: 'name must be 1 to 200 characters' }) name: string;
  @Field({ defaultValue: '' }) @IsString() @MaxLength(4000) description: string;
}

@InputType()
export class PolicyRuleInput {
  @Field() @IsString() @Length(1, 200, { message: 'title must be 1 to 200 characters' }) title: string;
  @Field({ defaultValue: '' }) @IsString() @MaxLength(4000) description: string;
  @Field() @IsString() @Length(1, 2000, { message: 'condition must be 1 to 2000 characters' }) condition: string;
  @Field(() => PolicyEffect) @IsEnum(PolicyEffect) effect: PolicyEffect;
  @Field(() => Expertise, { nullable: true, description: 'For REQUIRE_EXPERTISE.' })
  @IsOptional()
  @IsEnum(Expertise)
  expertise?: Expertise | null;
  @Field(() => RiskTier, { nullable: true, description: 'For MIN_TIER.' })
  @IsOptional()
  @IsEnum(RiskTier)
  tier?: RiskTier | null;
  @Field(() => String, {
    nullable: true,
    description: 'The message (BLOCK, ADVISE) or the condition text (REQUIRE_CONDITION).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  text?: string | null;
}

export const PolicyResult = createUnionType({
  name: 'PolicyResult',
  types: () => [PolicyType, ValidationError] as const,
  resolveType: (value: { __typename?: string }) => value.__typename ?? PolicyType,
});

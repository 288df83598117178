import { IsEnum, IsOptional } from 'class-validator';
import { createUnionType } from '@nestjs/graphql';
import { ValidationError } from '@app/core';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AiModelType, HostingOption } from '@app/catalog';
import { EuAiActScreenType, FeasibilityStatus, RiskCategory, RiskReason, RiskTier } from '@app/risk';
import { PolicyFindingType } from './adoption-request.types';

registerEnumType(FeasibilityStatus, {
  name: 'FeasibilityStatus',
  description:
    'Whether a model can meet a request’s hard constraints: INFEASIBLE (one is broken), UNKNOWN (a fact is missing).',
});

@ObjectType('RiskItem', { description: 'One category of the automatic pre-assessment, with why.' })
export class RiskItemType {
  @Field(() => RiskCategory) category: RiskCategory;
  @Field(() => Int) likelihood: number;
  @Field(() => Int) impact: number;
  @Field(() => Int) score: number;
  @Field(() => RiskTier) band: RiskTier;
  @Field(() => [RiskReason]) reasons: RiskReason[];
  @Field({ description: 'The NIST AI 600-1 risk the category covers.' }) nistCategory: string;
}

@ObjectType('FeasibilityReason', { description: 'What one hard constraint of the request meets in this model.' })
export class FeasibilityReasonType {
  @Field() code: string;
  @Field({ description: 'The request field: deploymentMode, connectivity, hardware or dataResidency.' })
  field: string;
  @Field(() => FeasibilityStatus) status: FeasibilityStatus;
  @Field() text: string;
}

@ObjectType('Feasibility', { description: 'Whether the model can meet the request’s hard constraints, and why.' })
export class FeasibilityType {
  @Field(() => FeasibilityStatus) status: FeasibilityStatus;
  @Field(() => [FeasibilityReasonType]) reasons: FeasibilityReasonType[];
}

@ObjectType('OptionComparison', { description: 'What choosing this model for the request would mean.' })
export class OptionComparisonType {
  @Field(() => AiModelType) model: AiModelType;
  @Field(() => HostingOption, {
    nullable: true,
    description:
      'The deployment mode the option is judged with: the request’s, or the one the comparison named for it; ' +
      'never chosen by the service. Null when neither states one.',
  })
  deploymentMode: HostingOption | null;
  @Field({
    description:
      'True when the option is judged with the request’s own deployment mode; false when the comparison named ' +
      'another mode for it (choosing this option means changing the request’s deployment mode).',
  })
  deploymentModeAsRequested: boolean;
  @Field(() => FeasibilityType, { description: 'Checked before any risk: an INFEASIBLE option is not scored.' })
  feasibility: FeasibilityType;
  @Field(() => EuAiActScreenType, {
    description:
      'The EU AI Act pre-screen with this model: class and provisions of the use, the model’s GPAI status, the organisation’s role.',
  })
  euAiAct: EuAiActScreenType;
  @Field({
    description:
      'Whether the option was scored. An INFEASIBLE option, or one judged before the request states its deployment ' +
      'mode, is not: its tier and quorum are null and its items, findings and requirements empty.',
  })
  scored: boolean;
  @Field(() => RiskTier, { nullable: true }) tier: RiskTier | null;
  @Field(() => Int, { nullable: true, description: 'Distinct approvals needed at that tier.' }) quorum: number | null;
  @Field(() => [String]) requiredExpertise: string[];
  @Field(() => [String]) requiredConditions: string[];
  @Field({ description: 'A BLOCK finding (or a failed rule) would stop submission.' }) blocked: boolean;
  @Field(() => [RiskItemType]) items: RiskItemType[];
  @Field(() => [PolicyFindingType]) findings: PolicyFindingType[];
}

@InputType('CompareOptionInput', { description: 'A model to compare, and the deployment mode to judge it with.' })
export class CompareOptionInput {
  @Field(() => ID, { description: 'A model id; an id that names no model answers NOT_FOUND.' }) modelId: string;
  @Field(() => HostingOption, {
    nullable: true,
    description: 'The mode to judge the model with; the request’s own deployment mode when omitted.',
  })
  @IsOptional()
  @IsEnum(HostingOption)
  deploymentMode?: HostingOption | null;
}

@ObjectType('PolicyRuleTest', { description: 'What one rule, saved or not, says about one request.' })
export class PolicyRuleTestType {
  @Field({ description: 'True when the condition held for this request.' }) matched: boolean;
  @Field(() => PolicyFindingType, {
    nullable: true,
    description:
      'What evaluatePolicies would report for the rule: its finding when it matched, an ERROR finding when it ' +
      'could not be evaluated (blocks, fail closed), null when the condition was false.',
  })
  finding: PolicyFindingType | null;
}

/** The rule's outcome, or why it could not be saved (with the line and column of a condition's problem). */
export const TestPolicyRuleResult = createUnionType({
  name: 'TestPolicyRuleResult',
  types: () => [PolicyRuleTestType, ValidationError] as const,
  resolveType: (value: { __typename?: string }) => value.__typename ?? PolicyRuleTestType,
});

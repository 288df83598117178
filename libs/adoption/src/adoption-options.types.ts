import { Field, Int, ObjectType } from '@nestjs/graphql';
import { AiModelType, HostingOption } from '@app/catalog';
import { RiskCategory, RiskReason, RiskTier } from '@app/risk';
import { PolicyFindingType } from './adoption-request.types';

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

@ObjectType('OptionComparison', { description: 'What choosing this model for the request would mean.' })
export class OptionComparisonType {
  @Field(() => AiModelType) model: AiModelType;
  @Field(() => HostingOption, {
    description: 'The request’s deployment mode when the model offers it, else one it offers.',
  })
  deploymentMode: HostingOption;
  @Field({ description: 'True when the model does not offer the requested deployment mode.' })
  deploymentModeChanged: boolean;
  @Field(() => RiskTier) tier: RiskTier;
  @Field(() => Int, { description: 'Distinct approvals needed at that tier.' }) quorum: number;
  @Field(() => [String]) requiredExpertise: string[];
  @Field(() => [String]) requiredConditions: string[];
  @Field({ description: 'A BLOCK finding (or a failed rule) would stop submission.' }) blocked: boolean;
  @Field(() => [RiskItemType]) items: RiskItemType[];
  @Field(() => [PolicyFindingType]) findings: PolicyFindingType[];
}

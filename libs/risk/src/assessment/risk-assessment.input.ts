import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { TEXT_LIMITS, TextField } from '@app/core';
import { EuAiActClass, RiskCategory } from '../engine/risk-context';

@InputType()
export class RiskItemInput {
  @Field(() => RiskCategory) @IsEnum(RiskCategory) category: RiskCategory;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) likelihood: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) impact: number;
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) rationale: string;
  // No default: an item saved again without its mitigation keeps the one it has (issue: update inputs
  // carried defaults that erased what the caller did not send).
  @TextField({
    max: TEXT_LIMITS.PROSE,
    nullable: true,
    description: 'Omitted: the saved item keeps its mitigation (empty for a new item); null clears it.',
  })
  mitigation?: string | null;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) residualLikelihood: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) residualImpact: number;
  @TextField({
    max: TEXT_LIMITS.PROSE,
    nullable: true,
    description: 'Required when the values differ from the automatic ones.',
  })
  justification?: string | null;
}

@InputType()
export class MarginalRiskInput {
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) threat: string;
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) existingRisk: string;
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) existingDefences: string;
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) marginalRiskEvidence: string;
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) easeOfDefence: string;
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) uncertainty: string;
}

@InputType({ description: 'Items replace those of the same category; categories not named keep their values.' })
export class SaveRiskAssessmentInput {
  @Field(() => [RiskItemInput])
  @ValidateNested({ each: true })
  @Type(() => RiskItemInput)
  @ArrayMaxSize(20)
  items: RiskItemInput[];
  @Field(() => EuAiActClass, { nullable: true }) @IsOptional() @IsEnum(EuAiActClass) euAiActClass?: EuAiActClass | null;
  @Field(() => MarginalRiskInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MarginalRiskInput)
  marginalRisk?: MarginalRiskInput | null;
}

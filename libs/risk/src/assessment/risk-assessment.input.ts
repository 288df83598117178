import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EuAiActClass, RiskCategory } from '../engine/risk-context';

@InputType()
export class RiskItemInput {
  @Field(() => RiskCategory) @IsEnum(RiskCategory) category: RiskCategory;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) likelihood: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) impact: number;
  @Field() @IsString() @Length(1, 4000) rationale: string;
  @Field({ defaultValue: '' }) @IsString() @MaxLength(4000) mitigation: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) residualLikelihood: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(5) residualImpact: number;
  @Field(() => String, { nullable: true, description: 'Required when the values differ from the automatic ones.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  justification?: string | null;
}

@InputType()
export class MarginalRiskInput {
  @Field() @IsString() @Length(1, 4000) threat: string;
  @Field() @IsString() @Length(1, 4000) existingRisk: string;
  @Field() @IsString() @Length(1, 4000) existingDefences: string;
  @Field() @IsString() @Length(1, 4000) marginalRiskEvidence: string;
  @Field() @IsString() @Length(1, 4000) easeOfDefence: string;
  @Field() @IsString() @Length(1, 4000) uncertainty: string;
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

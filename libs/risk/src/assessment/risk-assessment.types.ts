import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  DataSensitivity,
  EuAiActClass,
  IntendedAdaptation,
  RiskCategory,
  RiskTier,
  Sector,
} from '../engine/risk-context';
import { EuAiActScreenType } from './eu-ai-act.types';

registerEnumType(RiskCategory, { name: 'RiskCategory', description: 'Each maps to a NIST AI 600-1 risk.' });
registerEnumType(RiskTier, { name: 'RiskTier' });
registerEnumType(EuAiActClass, { name: 'EuAiActClass' });
registerEnumType(Sector, { name: 'Sector' });
registerEnumType(DataSensitivity, { name: 'DataSensitivity' });
registerEnumType(IntendedAdaptation, { name: 'IntendedAdaptation' });

@ObjectType()
export class RiskReason {
  @Field() code: string;
  @Field() text: string;
}

@ObjectType('AssessmentItem')
export class AssessmentItemType {
  @Field(() => RiskCategory) category: RiskCategory;
  @Field(() => Int) likelihood: number;
  @Field(() => Int) impact: number;
  @Field(() => Int) score: number;
  @Field() rationale: string;
  @Field() mitigation: string;
  @Field(() => Int) residualLikelihood: number;
  @Field(() => Int) residualImpact: number;
  @Field(() => Int) residualScore: number;
  @Field(() => RiskTier, { description: 'Band of the residual score.' }) band: RiskTier;
  @Field({ description: 'AUTO (the engine’s values) or ASSESSOR.' }) source: string;
  @Field(() => String, { nullable: true }) justification: string | null;
  @Field(() => [RiskReason], { description: 'The automatic pre-assessment’s reasons.' }) reasons: RiskReason[];
  @Field({ description: 'The NIST AI 600-1 risk the category covers.' }) nistCategory: string;
}

@ObjectType('MarginalRiskAnalysis')
export class MarginalRiskType {
  @Field() threat: string;
  @Field() existingRisk: string;
  @Field() existingDefences: string;
  @Field() marginalRiskEvidence: string;
  @Field() easeOfDefence: string;
  @Field() uncertainty: string;
}

@ObjectType('RiskAssessment')
export class RiskAssessmentType {
  @Field(() => ID) id: string;
  @Field(() => Int) revision: number;
  @Field(() => [ID]) assessorIds: string[];
  @Field(() => [AssessmentItemType]) items: AssessmentItemType[];
  @Field(() => EuAiActClass, { nullable: true }) euAiActClass: EuAiActClass | null;
  @Field(() => EuAiActScreenType, {
    nullable: true,
    description: 'The EU AI Act pre-screen as matched when the review started (null for older assessments).',
  })
  euAiActScreen: EuAiActScreenType | null;
  @Field(() => MarginalRiskType, { nullable: true }) marginalRisk: MarginalRiskType | null;
  @Field(() => Int, { nullable: true, description: 'Highest inherent score.' }) inherentScore: number | null;
  @Field(() => Int, { nullable: true, description: 'Highest residual score.' }) residualScore: number | null;
  @Field(() => RiskTier, { nullable: true }) tier: RiskTier | null;
  @Field({ description: 'Every risk category has an item.' }) complete: boolean;
  @Field() updatedAt: Date;
}

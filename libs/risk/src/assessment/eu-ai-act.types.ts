import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AiActRole } from '../engine/eu-ai-act-role';
import { EuAiActClass } from '../engine/risk-context';

registerEnumType(AiActRole, {
  name: 'AiActRole',
  description:
    'The organisation’s role under the EU AI Act: DEPLOYER (Art. 3(4)), or PROVIDER when it fine-tunes the model and makes the result available to others (Art. 3(3), 25(1)); see the warnings.',
});

@ObjectType('EuAiActTrigger', { description: 'What brought the use under a provision.' })
export class EuAiActTriggerType {
  @Field({ description: 'The request field read: useCase, affectedPopulation or sector.' }) field: string;
  @Field({ description: 'The words matched in that field, or its value.' }) text: string;
}

@ObjectType('EuAiActProvision', { description: 'A provision of the EU AI Act the intended use falls under.' })
export class EuAiActProvisionType {
  @Field(() => EuAiActClass) euAiActClass: EuAiActClass;
  @Field({ description: 'Article or annex point, e.g. "Annex III 3(b)" or "Art. 50(1)".' }) reference: string;
  @Field() label: string;
  @Field(() => [EuAiActTriggerType]) triggers: EuAiActTriggerType[];
}

@ObjectType('GpaiStatus', { description: 'The candidate model’s general-purpose AI model status (Art. 3(63), 51-54).' })
export class GpaiStatusType {
  @Field({ description: 'A general-purpose AI model (Art. 3(63)).' }) gpai: boolean;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Presumed systemic risk (training compute above 10^25 FLOPs, Art. 51(2)); null when compute is not disclosed.',
  })
  systemicRisk: boolean | null;
  @Field(() => Float, { description: 'The Art. 51(2) threshold: 1e25 FLOPs.' }) systemicRiskThresholdFlops: number;
  @Field(() => Float, { nullable: true, description: 'Disclosed cumulative training compute.' })
  trainingComputeFlops: number | null;
  @Field({
    description:
      'Art. 53(2) and 54(6) open-source exemption: a free and open-source licence, weights, architecture and usage information public, no systemic risk.',
  })
  openSourceExemption: boolean;
  @Field(() => [String], { description: 'Why the exemption applies or not.' }) exemptionReasons: string[];
  @Field(() => [String]) reasons: string[];
}

@ObjectType('SourcedWarning')
export class SourcedWarningType {
  @Field() text: string;
  @Field(() => [String], { description: 'Citations, each with where to read it.' }) sources: string[];
}

@ObjectType('OrganisationRole')
export class OrganisationRoleType {
  @Field(() => AiActRole) role: AiActRole;
  @Field(() => [String]) reasons: string[];
  @Field(() => [SourcedWarningType], { description: 'What could make the organisation a provider.' })
  warnings: SourcedWarningType[];
}

@ObjectType('EuAiActScreen', {
  description:
    'The EU AI Act keyword pre-screen of a request with a model: class, provisions and what triggered them, the model’s GPAI status and the organisation’s role. The reviewer confirms.',
})
export class EuAiActScreenType {
  @Field(() => EuAiActClass) euAiActClass: EuAiActClass;
  @Field(() => [EuAiActProvisionType], { description: 'Every matched provision, highest class first.' })
  provisions: EuAiActProvisionType[];
  @Field({ description: 'What the pre-screen cannot decide for this class.' }) caveat: string;
  @Field(() => GpaiStatusType) gpai: GpaiStatusType;
  @Field(() => OrganisationRoleType) role: OrganisationRoleType;
}

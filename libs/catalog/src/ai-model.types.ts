import { createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, ConcurrentModificationError, SafeInt, ValidationError } from '@app/core';
import {
  DataQualityCode,
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  MofClass,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
  WeightsAccess,
} from './openness';

registerEnumType(ReleaseLevel, {
  name: 'ReleaseLevel',
  description: "Solaiman's gradient of generative AI release, from fully closed to fully open.",
});
registerEnumType(WeightsAccess, {
  name: 'WeightsAccess',
  description: 'Who can obtain the weights: OPEN, GATED, CLOSED, or UNKNOWN where the sources do not say.',
});
registerEnumType(LicenseKind, { name: 'LicenseKind' });
registerEnumType(ObligationKind, { name: 'ObligationKind' });
registerEnumType(HostingOption, { name: 'HostingOption' });
registerEnumType(FineTuningAvailability, { name: 'FineTuningAvailability' });
registerEnumType(TrainingDataOpenness, { name: 'TrainingDataOpenness' });
registerEnumType(DataQualityCode, {
  name: 'DataQualityCode',
  description: 'A known weakness of a model’s catalog facts (e.g. LICENCE_MISSING, WEIGHTS_CLAIM_DISPUTED).',
});
registerEnumType(MofClass, {
  name: 'MofClass',
  description: 'Model Openness Framework class: I (open science) is the most open, III (open model) the least.',
});

@ObjectType()
export class LicenseObligationType {
  @Field(() => ObligationKind) kind: ObligationKind;
  @Field(() => SafeInt, { nullable: true, description: 'For USER_THRESHOLD: the number of (monthly active) users.' })
  threshold?: number | null;
  @Field(() => String, { nullable: true }) text?: string | null;
}

@ObjectType('MofProgress', { description: 'Percent of each class’s required components that are released openly.' })
export class MofProgressType {
  @Field(() => Float) classI: number;
  @Field(() => Float) classII: number;
  @Field(() => Float) classIII: number;
}

@ObjectType('OsaidConformance', {
  description: 'Open Source AI Definition 1.0: parameters, code and data information.',
})
export class OsaidType {
  @Field() conformant: boolean;
  @Field(() => [String]) missing: string[];
}

@ObjectType('OpennessComponent')
export class ComponentType {
  @Field() name: string;
  @Field() released: boolean;
  @Field(() => String, { nullable: true }) license: string | null;
  @Field({ description: 'included (open licence), unlicensed, invalid (licence not open) or missing.' })
  status: string;
}

@ObjectType('DataQualityIssue', { description: 'A known weakness of a model’s facts and what it means.' })
export class DataQualityIssueType {
  @Field(() => DataQualityCode) code: DataQualityCode;
  @Field({ description: 'The field concerned, e.g. licenseName or weightsAccess.' }) field: string;
  @Field() message: string;
}

@ObjectType('SourceLink')
export class SourceLinkType {
  @Field() field: string;
  @Field() url: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('AiModel', { description: 'A catalog entry: a model and how open it is.' })
export class AiModelType {
  @Field(() => ID) id: string;
  @Field() key: string;
  @Field() name: string;
  @Field() producer: string;
  @Field(() => String, { nullable: true, description: 'Links one producer’s related releases.' }) family: string | null;
  @Field(() => Int, { description: 'Raised on every change; pass it as expectedVersion to updateAiModel.' })
  version: number;
  @Field(() => String, { nullable: true, description: 'The producer’s version label, e.g. "3.1" or "2024-08-06".' })
  releaseVersion: string | null;
  @Field(() => String, { nullable: true }) modelType: string | null;
  @Field(() => [String]) modalities: string[];
  @Field(() => SafeInt, { nullable: true }) parameterCount: number | null;
  @Field(() => String, { nullable: true }) releaseDate: string | null;
  @Field(() => ReleaseLevel) releaseLevel: ReleaseLevel;
  @Field({ description: 'Weights downloadable only after accepting terms or approval.' }) gated: boolean;
  @Field(() => WeightsAccess) weightsAccess: WeightsAccess;
  @Field(() => String, { nullable: true }) licenseName: string | null;
  @Field(() => String, { nullable: true }) licenseUrl: string | null;
  @Field(() => LicenseKind) licenseKind: LicenseKind;
  @Field(() => [LicenseObligationType]) obligations: LicenseObligationType[];
  @Field(() => MofClass) mofClass: MofClass;
  @Field(() => MofProgressType) mofProgress: MofProgressType;
  @Field(() => OsaidType) osaid: OsaidType;
  @Field(() => [ComponentType]) components: ComponentType[];
  @Field(() => TrainingDataOpenness) trainingDataOpenness: TrainingDataOpenness;
  @Field(() => [HostingOption]) hostingOptions: HostingOption[];
  @Field(() => [String], { description: 'BCP 47 codes the producer lists as supported (empty: not documented).' })
  languages: string[];
  @Field(() => [FineTuningAvailability]) fineTuning: FineTuningAvailability[];
  @Field(() => [SourceLinkType], { description: 'Where each fact can be checked.' }) sources: SourceLinkType[];
  @Field(() => [DataQualityIssueType], {
    description:
      'Known weaknesses of these facts: licence missing or from a fallback, weights access unknown, a record disputed by sourced facts.',
  })
  dataQuality: DataQualityIssueType[];
  @Field({ description: 'Retired models cannot be chosen for new requests.' }) retired: boolean;
  @Field() updatedAt: Date;
  organisationId: string;
}

@ObjectType()
export class AiModelConnection extends Connection(AiModelType, 'AiModel') {}

export const AiModelResult = createUnionType({
  name: 'AiModelResult',
  types: () => [AiModelType, ValidationError, ConcurrentModificationError] as const,
  resolveType: (value: { __typename?: string }) => value.__typename ?? AiModelType,
});

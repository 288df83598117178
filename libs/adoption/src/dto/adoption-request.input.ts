import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsBoolean,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { SafeInt, TEXT_LIMITS, TextField, UPDATE_INPUT_DESCRIPTION, UpdateInputType } from '@app/core';
import { BCP47, BCP47_MAX_LENGTH, HostingOption, residencyProblem, WeightsAccess } from '@app/catalog';
import { Connectivity, DataSensitivity, HardwareProfile, IntendedAdaptation, RiskTier, Sector } from '@app/risk';
import { AdoptionStatus, Vote } from '../workflow';

@InputType()
export class AlternativeInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'modelId must be a model id' })
  modelId?: string | null;
  @TextField({ max: TEXT_LIMITS.NAME, notBlank: true }) name: string;
  @TextField({ max: TEXT_LIMITS.LINE, notBlank: true }) reason: string;
}

/** A draft may be incomplete; submitting it requires every field. */
@InputType()
export class CreateAdoptionRequestInput {
  @TextField({ max: TEXT_LIMITS.NAME, min: 3, notBlank: true }) title: string;
  @Field(() => ID) @IsUUID('all', { message: 'modelId must be a model id' }) modelId: string;
  @TextField({ max: TEXT_LIMITS.PROSE, nullable: true, notBlank: true }) useCase?: string | null;
  @Field(() => Sector, { nullable: true }) @IsOptional() @IsEnum(Sector) sector?: Sector | null;
  @Field(() => HostingOption, { nullable: true })
  @IsOptional()
  @IsEnum(HostingOption)
  deploymentMode?: HostingOption | null;
  @Field(() => DataSensitivity, { nullable: true })
  @IsOptional()
  @IsEnum(DataSensitivity)
  dataSensitivity?: DataSensitivity | null;
  @Field(() => IntendedAdaptation, { nullable: true })
  @IsOptional()
  @IsEnum(IntendedAdaptation)
  intendedAdaptation?: IntendedAdaptation | null;
  @TextField({
    max: BCP47_MAX_LENGTH,
    maxItems: 50,
    nullable: true,
    description:
      'BCP 47 codes, e.g. sw, ha, pt-BR. Put the primary language of the use first (the language most of it runs ' +
      'in); the others are secondary. A primary language the model does not list raises LOCAL_FIT more.',
  })
  @Matches(BCP47, { each: true, message: 'languages must be BCP 47 codes such as sw or pt-BR' })
  @ArrayUnique()
  languages?: string[] | null;
  @TextField({ max: TEXT_LIMITS.LINE, nullable: true, notBlank: true }) affectedPopulation?: string | null;
  @Field(() => SafeInt, { nullable: true, description: 'From 0 to 1,000,000,000,000.' })
  @IsOptional()
  @IsInt({ message: 'expectedUsers must be a whole number' })
  @Min(0, { message: 'expectedUsers must be 0 or more' })
  @Max(1e12)
  expectedUsers?: number | null;
  @TextField({ max: TEXT_LIMITS.PROSE, nullable: true, notBlank: true }) justification?: string | null;
  @Field(() => Connectivity, { nullable: true, description: 'The network the deployment can count on.' })
  @IsOptional()
  @IsEnum(Connectivity)
  connectivity?: Connectivity | null;
  @TextField({
    max: 16,
    maxItems: 60,
    nullable: true,
    description:
      'Where the data may be processed: ISO 3166-1 alpha-2 codes (KE, DE), region codes (EU, EEA), or ANY alone.',
  })
  @ValidateBy({
    name: 'jurisdictions',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || residencyProblem(value as string[]) === null,
      defaultMessage: (args) => residencyProblem((args?.value as string[]) ?? []) ?? '',
    },
  })
  @ArrayUnique()
  dataResidency?: string[] | null;
  @Field(() => HardwareProfile, { nullable: true, description: 'The hardware available to run a model locally.' })
  @IsOptional()
  @IsEnum(HardwareProfile)
  hardware?: HardwareProfile | null;
  @Field(() => Boolean, { nullable: true, description: 'Open to the public, not only to the organisation’s staff.' })
  @IsOptional()
  @IsBoolean()
  publicFacing?: boolean | null;
  @Field(() => [AlternativeInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AlternativeInput)
  @ArrayMaxSize(20)
  alternatives?: AlternativeInput[] | null;
}

@InputType({ description: UPDATE_INPUT_DESCRIPTION })
export class UpdateAdoptionRequestInput extends UpdateInputType(CreateAdoptionRequestInput) {}

@InputType()
export class CastDecisionInput {
  @Field(() => Vote) @IsEnum(Vote) vote: Vote;
  // Every vote must say why, an approval included: the record is read by auditors and by the affected public.
  @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true, description: 'Why: required for every vote.' })
  rationale: string;
  @TextField({ max: TEXT_LIMITS.LINE, maxItems: 30, defaultValue: [] })
  conditions: string[];
}

@InputType()
export class AdoptionRequestFilter {
  @Field(() => [AdoptionStatus], { nullable: true })
  @IsOptional()
  @IsEnum(AdoptionStatus, { each: true })
  @ArrayMaxSize(Object.keys(AdoptionStatus).length)
  status?: AdoptionStatus[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() requesterId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() modelId?: string;
  @Field(() => WeightsAccess, { nullable: true, description: 'The weights access of the model.' })
  @IsOptional()
  @IsEnum(WeightsAccess)
  weightsAccess?: WeightsAccess;
  @Field(() => Sector, { nullable: true }) @IsOptional() @IsEnum(Sector) sector?: Sector;
  @Field(() => RiskTier, { nullable: true }) @IsOptional() @IsEnum(RiskTier) tier?: RiskTier;
  @TextField({
    max: TEXT_LIMITS.NAME,
    nullable: true,
    notBlank: true,
    description: 'Words in the title, reference or use case.',
  })
  search?: string;
}

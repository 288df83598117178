import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsPositive,
  IsUrl,
  Matches,
  ValidateNested,
} from 'class-validator';
import { KeepWhenOmitted, SafeInt, TEXT_LIMITS, TextField, UPDATE_INPUT_DESCRIPTION, UpdateInputType } from '@app/core';
import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
} from '../openness';

/** BCP 47 language tag, structurally (e.g. sw, sw-KE, zh-Hant-TW). */
export const BCP47 = /^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$/;
/** RFC 5646 section 4.4.1: a tag of 35 characters is enough for any practical language range. */
export const BCP47_MAX_LENGTH = 35;

@InputType()
export class LicenseObligationInput {
  @Field(() => ObligationKind) @IsEnum(ObligationKind) kind: ObligationKind;
  @Field(() => SafeInt, { nullable: true, description: 'A number of users, 1 or more.' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  threshold?: number | null;
  @TextField({ max: TEXT_LIMITS.LINE, nullable: true, notBlank: true }) text?: string | null;
}

@InputType()
export class SourceLinkInput {
  @TextField({ max: TEXT_LIMITS.CODE, notBlank: true }) field: string;
  @TextField({ max: TEXT_LIMITS.LINE }) @IsUrl({ protocols: ['https', 'http'], require_protocol: true }) url: string;
  @TextField({ max: TEXT_LIMITS.LINE, nullable: true }) note?: string | null;
}

@InputType()
export class ComponentInput {
  @TextField({
    max: TEXT_LIMITS.CODE,
    notBlank: true,
    description: 'A Model Openness Framework component name, e.g. "Model parameters (Final)".',
  })
  name: string;
  @TextField({
    max: TEXT_LIMITS.NAME,
    nullable: true,
    description: 'SPDX id or licence name; null: released without a licence.',
  })
  license: string | null;
}

@InputType({ description: 'A model described by hand (POLICY_ADMIN). Derived fields are computed.' })
export class CreateAiModelInput {
  @TextField({ max: TEXT_LIMITS.NAME, notBlank: true }) name: string;
  @TextField({ max: TEXT_LIMITS.NAME, notBlank: true }) producer: string;
  @TextField({ max: TEXT_LIMITS.NAME, nullable: true, notBlank: true }) family?: string | null;
  @TextField({ max: TEXT_LIMITS.CODE, nullable: true, notBlank: true }) releaseVersion?: string | null;
  @TextField({ max: TEXT_LIMITS.CODE, maxItems: 10, defaultValue: ['text'] }) modalities: string[];
  // Parameter counts pass 2^31 (671e9 for the largest open models): a safe integer, not a Float.
  @Field(() => SafeInt, { nullable: true, description: 'Whole number, 1 or more.' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  parameterCount?: number | null;
  @TextField({ max: 10, nullable: true, description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'releaseDate must be YYYY-MM-DD' })
  releaseDate?: string | null;
  @Field(() => ReleaseLevel) @IsEnum(ReleaseLevel) releaseLevel: ReleaseLevel;
  @Field({ defaultValue: false }) @IsBoolean() gated: boolean;
  @TextField({ max: TEXT_LIMITS.NAME, nullable: true, notBlank: true }) licenseName?: string | null;
  @TextField({ max: TEXT_LIMITS.LINE, nullable: true }) @IsUrl({ require_protocol: true }) licenseUrl?: string | null;
  @Field(() => LicenseKind, { nullable: true, description: 'Inferred from the licence name when omitted.' })
  @IsOptional()
  @IsEnum(LicenseKind)
  licenseKind?: LicenseKind | null;
  @Field(() => [LicenseObligationInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => LicenseObligationInput)
  @ArrayMaxSize(30)
  obligations: LicenseObligationInput[];
  @Field(() => TrainingDataOpenness, { defaultValue: TrainingDataOpenness.UNKNOWN })
  @IsEnum(TrainingDataOpenness)
  trainingDataOpenness: TrainingDataOpenness;
  @Field(() => [HostingOption], { defaultValue: [] })
  @IsEnum(HostingOption, { each: true })
  @ArrayUnique()
  hostingOptions: HostingOption[];
  @TextField({ max: BCP47_MAX_LENGTH, maxItems: 300, defaultValue: [], description: 'BCP 47 codes.' })
  @Matches(BCP47, { each: true, message: 'languages must be BCP 47 codes such as sw or pt-BR' })
  @ArrayUnique()
  languages: string[];
  @Field(() => [FineTuningAvailability], { defaultValue: [FineTuningAvailability.UNKNOWN] })
  @IsEnum(FineTuningAvailability, { each: true })
  @ArrayUnique()
  fineTuning: FineTuningAvailability[];
  @Field(() => [SourceLinkInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => SourceLinkInput)
  @ArrayMaxSize(100)
  sources: SourceLinkInput[];
  @Field(() => [ComponentInput], { defaultValue: [], description: 'Released components; others count as missing.' })
  @ValidateNested({ each: true })
  @Type(() => ComponentInput)
  @ArrayMaxSize(30)
  components: ComponentInput[];
}

@InputType({ description: UPDATE_INPUT_DESCRIPTION })
export class UpdateAiModelInput extends UpdateInputType(CreateAiModelInput) {
  @Field({ nullable: true, description: 'Retired models cannot be chosen for new requests.' })
  @KeepWhenOmitted()
  @IsBoolean()
  retired?: boolean;
}

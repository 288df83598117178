import { Field, Float, InputType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
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

@InputType()
export class LicenseObligationInput {
  @Field(() => ObligationKind) @IsEnum(ObligationKind) kind: ObligationKind;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsInt() @IsPositive() threshold?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 2000) text?: string | null;
}

@InputType()
export class SourceLinkInput {
  @Field() @IsString() @Length(1, 100) field: string;
  @Field() @IsUrl({ protocols: ['https', 'http'], require_protocol: true }) @MaxLength(2000) url: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

@InputType()
export class ComponentInput {
  @Field({ description: 'A Model Openness Framework component name, e.g. "Model parameters (Final)".' })
  @IsString()
  @Length(1, 100)
  name: string;
  @Field(() => String, { nullable: true, description: 'SPDX id or licence name; null: released without a licence.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  license: string | null;
}

@InputType({ description: 'A model described by hand (POLICY_ADMIN). Derived fields are computed.' })
export class CreateAiModelInput {
  @Field() @IsString() @Length(1, 200) name: string;
  @Field() @IsString() @Length(1, 200) producer: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) family?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) releaseVersion?: string | null;
  @Field(() => [String], { defaultValue: ['text'] }) @IsString({ each: true }) @ArrayMaxSize(10) modalities: string[];
  @Field(() => Float, { nullable: true }) @IsOptional() @IsInt() @IsPositive() parameterCount?: number | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'releaseDate must be YYYY-MM-DD' })
  releaseDate?: string | null;
  @Field(() => ReleaseLevel) @IsEnum(ReleaseLevel) releaseLevel: ReleaseLevel;
  @Field({ defaultValue: false }) @IsBoolean() gated: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 300) licenseName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({ require_protocol: true }) licenseUrl?: string | null;
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
  @Field(() => [String], { defaultValue: [], description: 'BCP 47 codes.' })
  @Matches(BCP47, { each: true, message: 'languages must be BCP 47 codes such as sw or pt-BR' })
  @ArrayUnique()
  @ArrayMaxSize(300)
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

@InputType()
export class UpdateAiModelInput extends PartialType(CreateAiModelInput) {
  @Field({ nullable: true, description: 'Retired models cannot be chosen for new requests.' })
  @IsOptional()
  @IsBoolean()
  retired?: boolean;
}

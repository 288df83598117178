import { Field, Float, ID, InputType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BCP47, HostingOption } from '@app/catalog';
import { DataSensitivity, IntendedAdaptation, Sector } from '@app/risk';
import { Vote } from '../workflow';

@InputType()
export class AlternativeInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'modelId must be a model id' })
  modelId?: string | null;
  @Field() @IsString() @Length(1, 200) name: string;
  @Field() @IsString() @Length(1, 2000) reason: string;
}

/** A draft may be incomplete; submitting it requires every field. */
@InputType()
export class CreateAdoptionRequestInput {
  @Field() @IsString() @Length(3, 200, { message: 'title must be 3 to 200 characters' }) title: string;
  @Field(() => ID) @IsUUID('all', { message: 'modelId must be a model id' }) modelId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 4000) useCase?: string | null;
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
  @Field(() => [String], { nullable: true, description: 'BCP 47 codes, e.g. sw, ha, pt-BR.' })
  @IsOptional()
  @Matches(BCP47, { each: true, message: 'languages must be BCP 47 codes such as sw or pt-BR' })
  @ArrayUnique()
  @ArrayMaxSize(50)
  languages?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 2000) affectedPopulation?:
    string | null;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'expectedUsers must be a whole number' })
  @Min(0, { message: 'expectedUsers must be 0 or more' })
  @Max(1e12)
  expectedUsers?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 4000) justification?: string | null;
  @Field(() => [AlternativeInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AlternativeInput)
  @ArrayMaxSize(20)
  alternatives?: AlternativeInput[] | null;
}

@InputType({ description: 'Fields to change; omitted fields keep their value.' })
export class UpdateAdoptionRequestInput extends PartialType(CreateAdoptionRequestInput) {}

@InputType()
export class CastDecisionInput {
  @Field(() => Vote) @IsEnum(Vote) vote: Vote;
  @Field() @IsString() @Length(1, 4000, { message: 'rationale must be 1 to 4000 characters' }) rationale: string;
  @Field(() => [String], { defaultValue: [] })
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  @ArrayMaxSize(30)
  conditions: string[];
}

@InputType()
export class AdoptionRequestFilter {
  @Field(() => [String], { nullable: true, description: 'AdoptionStatus values.' })
  @IsOptional()
  @IsString({ each: true })
  status?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() requesterId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() modelId?: string;
  @Field(() => String, { nullable: true, description: 'OPEN, GATED or CLOSED: the weights access of the model.' })
  @IsOptional()
  @IsString()
  weightsAccess?: string;
  @Field(() => Sector, { nullable: true }) @IsOptional() @IsEnum(Sector) sector?: Sector;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() tier?: string;
  @Field(() => String, { nullable: true, description: 'Words in the title, reference or use case.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;
}

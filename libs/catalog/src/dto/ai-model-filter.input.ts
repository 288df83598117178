import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, Matches } from 'class-validator';
import { TEXT_LIMITS, TextField } from '@app/core';
import { HostingOption, LicenseKind, MofClass, ReleaseLevel, WeightsAccess } from '../openness';
import { BCP47, BCP47_MAX_LENGTH } from './ai-model.input';

/** Every field narrows the list; unset fields do not filter. */
@InputType()
export class AiModelFilter {
  @Field(() => WeightsAccess, { nullable: true }) @IsOptional() @IsEnum(WeightsAccess) weightsAccess?: WeightsAccess;
  @Field(() => ReleaseLevel, { nullable: true }) @IsOptional() @IsEnum(ReleaseLevel) releaseLevel?: ReleaseLevel;
  @Field(() => LicenseKind, { nullable: true }) @IsOptional() @IsEnum(LicenseKind) licenseKind?: LicenseKind;
  @Field(() => MofClass, { nullable: true }) @IsOptional() @IsEnum(MofClass) mofClass?: MofClass;
  @TextField({ max: TEXT_LIMITS.NAME, nullable: true, notBlank: true, description: 'Exact producer name, any case.' })
  producer?: string;
  @TextField({ max: TEXT_LIMITS.NAME, nullable: true, notBlank: true, description: 'Exact family name, any case.' })
  family?: string;
  @TextField({ max: BCP47_MAX_LENGTH, nullable: true, description: 'BCP 47 code; "sw" also matches "sw-KE".' })
  @Matches(BCP47, { message: 'language must be a BCP 47 code such as sw or pt-BR' })
  language?: string;
  @Field(() => HostingOption, { nullable: true }) @IsOptional() @IsEnum(HostingOption) hostingOption?: HostingOption;
  @TextField({
    max: TEXT_LIMITS.NAME,
    nullable: true,
    notBlank: true,
    description: 'Words found in the name, producer or family.',
  })
  search?: string;
  @Field({ nullable: true, description: 'Include retired models (default: no).' })
  @IsOptional()
  @IsBoolean()
  includeRetired?: boolean;
}

import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length, Matches } from 'class-validator';
import { HostingOption, LicenseKind, MofClass, ReleaseLevel, WeightsAccess } from '../openness';
import { BCP47 } from './ai-model.input';

/** Every field narrows the list; unset fields do not filter. */
@InputType()
export class AiModelFilter {
  @Field(() => WeightsAccess, { nullable: true }) @IsOptional() @IsEnum(WeightsAccess) weightsAccess?: WeightsAccess;
  @Field(() => ReleaseLevel, { nullable: true }) @IsOptional() @IsEnum(ReleaseLevel) releaseLevel?: ReleaseLevel;
  @Field(() => LicenseKind, { nullable: true }) @IsOptional() @IsEnum(LicenseKind) licenseKind?: LicenseKind;
  @Field(() => MofClass, { nullable: true }) @IsOptional() @IsEnum(MofClass) mofClass?: MofClass;
  @Field({ nullable: true, description: 'Exact producer name, any case.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  producer?: string;
  @Field({ nullable: true, description: 'Exact family name, any case.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  family?: string;
  @Field({ nullable: true, description: 'BCP 47 code; "sw" also matches "sw-KE".' })
  @IsOptional()
  @Matches(BCP47, { message: 'language must be a BCP 47 code such as sw or pt-BR' })
  language?: string;
  @Field(() => HostingOption, { nullable: true }) @IsOptional() @IsEnum(HostingOption) hostingOption?: HostingOption;
  @Field({ nullable: true, description: 'Words found in the name, producer or family.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;
  @Field({ nullable: true, description: 'Include retired models (default: no).' })
  @IsOptional()
  includeRetired?: boolean;
}

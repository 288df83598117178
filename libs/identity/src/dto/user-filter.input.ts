import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { Role, TEXT_LIMITS, TextField } from '@app/core';

/** Every field narrows the list; unset fields do not filter. */
@InputType()
export class UserFilter {
  @Field(() => Role, { nullable: true, description: 'Users holding this role.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
  @Field({ nullable: true, description: 'True: active users only; false: deactivated ones only.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @TextField({
    max: TEXT_LIMITS.NAME,
    nullable: true,
    notBlank: true,
    description: 'Words found in the display name or the e-mail address.',
  })
  search?: string;
}

import { Field, InputType } from '@nestjs/graphql';
import { ArrayUnique, IsEmail, IsEnum } from 'class-validator';
import { Expertise, Role, TEXT_LIMITS, TextField } from '@app/core';

/** A new colleague: they receive a one-time activation link and choose their own password. */
@InputType()
export class InviteUserInput {
  @TextField({ max: TEXT_LIMITS.EMAIL, description: 'Their sign-in address; unique across all organisations.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;
  @TextField({ max: TEXT_LIMITS.NAME, min: 1, notBlank: true }) displayName: string;
  @Field(() => [Role], { description: 'Checked against the incompatible role pairs (INCOMPATIBLE_ROLES).' })
  @IsEnum(Role, { each: true })
  @ArrayUnique()
  roles: Role[];
  @Field(() => [Expertise], { defaultValue: [] })
  @IsEnum(Expertise, { each: true })
  @ArrayUnique()
  expertise: Expertise[];
}

import { Field, InputType } from '@nestjs/graphql';
import { ArrayUnique, IsEmail, IsEnum, IsString, Length, MaxLength } from 'class-validator';
import { Expertise, Role } from '@app/core';

@InputType()
export class CreateUserInput {
  @Field() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(320) email: string;
  @Field() @IsString() @Length(1, 200, { message: 'displayName must be 1 to 200 characters' }) displayName: string;
  @Field({ description: 'At least 12 characters.' })
  @IsString()
  @Length(12, 200, { message: 'password must be 12 to 200 characters' })
  password: string;
  @Field(() => [Role]) @IsEnum(Role, { each: true }) @ArrayUnique() roles: Role[];
  @Field(() => [Expertise], { defaultValue: [] })
  @IsEnum(Expertise, { each: true })
  @ArrayUnique()
  expertise: Expertise[];
}

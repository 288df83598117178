import { Field, InputType } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { SafeInt, UPDATE_INPUT_DESCRIPTION } from '@app/core';

/** The organisation's settings an ORG_ADMIN records. */
@InputType({ description: UPDATE_INPUT_DESCRIPTION })
export class UpdateOrganisationInput {
  @Field(() => SafeInt, {
    nullable: true,
    description:
      "Monthly active users across all the organisation's products and services (0 to 1,000,000,000,000); " +
      'null clears it. Compared with licence user thresholds such as Llama’s 700 million.',
  })
  @IsOptional()
  @IsInt({ message: 'monthlyActiveUsers must be a whole number' })
  @Min(0, { message: 'monthlyActiveUsers must be 0 or more' })
  @Max(1e12)
  monthlyActiveUsers?: number | null;
}

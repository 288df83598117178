import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Expertise, Role } from '@app/core';

@ObjectType('Organisation')
export class OrganisationType {
  @Field(() => ID) id: string;
  @Field() slug: string;
  @Field() name: string;
}

@ObjectType('User', { description: 'A member of one organisation, with the roles and expertise they hold.' })
export class UserType {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => [Role]) roles: Role[];
  @Field(() => [Expertise], { description: 'Expertise an approver brings to approvals that require it.' })
  expertise: Expertise[];
  @Field() active: boolean;
  organisationId: string;
}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field({ description: 'Send as "Authorization: Bearer <token>" with every other operation.' })
  accessToken: string;
  @Field() expiresAt: Date;
  @Field(() => UserType) user: UserType;
}

import { createUnionType, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, Expertise, Role, SafeInt, ValidationError } from '@app/core';

@ObjectType('Organisation')
export class OrganisationType {
  @Field(() => ID) id: string;
  @Field() slug: string;
  @Field() name: string;
  @Field(() => SafeInt, {
    nullable: true,
    description:
      "Monthly active users across all the organisation's products and services; null until an ORG_ADMIN " +
      "records it. Licence user thresholds (e.g. the Llama community licences' 700 million) count this figure, " +
      "not one request's expected users.",
  })
  monthlyActiveUsers: number | null;
}

@ObjectType('User', { description: 'A member of one organisation, with the roles and expertise they hold.' })
export class UserType {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => [Role]) roles: Role[];
  @Field(() => [Expertise], { description: 'Expertise an approver brings to approvals that require it.' })
  expertise: Expertise[];
  @Field({ description: 'False once deactivated.' }) active: boolean;
  @Field(() => Date, {
    nullable: true,
    description: 'When the user chose their password through their invitation; null while it is pending.',
  })
  activatedAt: Date | null;
  organisationId: string;
}

@ObjectType()
export class UserConnection extends Connection(UserType, 'User') {}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field({ description: 'Send as "Authorization: Bearer <token>" with every other operation.' })
  accessToken: string;
  @Field() expiresAt: Date;
  @Field(() => UserType) user: UserType;
}

/**
 * A user, or why the change was refused (incompatible roles, an address that cannot be used, deactivating
 * yourself). Permission failures are thrown (FORBIDDEN), not returned.
 */
export const UserResult = createUnionType({
  name: 'UserResult',
  types: () => [UserType, ValidationError] as const,
  resolveType: (value: { __typename?: string }) => value.__typename ?? UserType,
});

/** Signed in after choosing a password, or why the link or the password was refused. */
export const ActivateAccountResult = createUnionType({
  name: 'ActivateAccountResult',
  types: () => [AuthPayload, ValidationError] as const,
  resolveType: (value: { __typename?: string }) => value.__typename ?? AuthPayload,
});

export enum AccessChangeKind {
  ROLES_GRANTED = 'ROLES_GRANTED',
  ACCOUNT_ACTIVATED = 'ACCOUNT_ACTIVATED',
}
registerEnumType(AccessChangeKind, { name: 'AccessChangeKind' });

@ObjectType('AccessChange', { description: 'Roles granted to a user, or a user activating their account.' })
export class AccessChangeType {
  @Field(() => AccessChangeKind) kind: AccessChangeKind;
  @Field(() => ID) userId: string;
  @Field() userEmail: string;
  @Field() userDisplayName: string;
  @Field(() => [Role], { description: 'The roles granted (for an activation: the roles the account starts with).' })
  roles: Role[];
  @Field({ description: 'Who made the change: an email, or "system" for the operator CLI and seeding.' }) by: string;
  @Field() occurredAt: Date;
}

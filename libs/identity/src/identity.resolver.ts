import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, Permission } from '@app/authz';
import {
  AfterArg,
  Expertise,
  isErrorResult,
  pageComplexity,
  RequestContext,
  Role,
  TEXT_LIMITS,
  TextArg,
} from '@app/core';
import { NoTransaction } from '@app/persistence';
import { AuthService } from './auth.service';
import { ClientAddress } from './client-address.decorator';
import { InviteUserInput } from './dto/invite-user.input';
import { UpdateOrganisationInput } from './dto/update-organisation.input';
import { UserFilter } from './dto/user-filter.input';
import {
  ActivateAccountResult,
  AuthPayload,
  OrganisationType,
  UserConnection,
  UserResult,
  UserType,
} from './identity.types';
import { InvitationService } from './invitation.service';
import { OrganisationService } from './organisation.service';
import { UserService } from './user.service';

@Resolver(() => UserType)
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: UserService,
    private readonly invitations: InvitationService,
    private readonly organisations: OrganisationService,
  ) {}

  @Mutation(() => AuthPayload, {
    description:
      'Signs in with email and password; returns an expiring access token. Limited per account, per client ' +
      'address and in concurrency: a refusal is RATE_LIMITED with extensions.retryAfterSeconds.',
  })
  @Allow(Permission.Public)
  @NoTransaction()
  login(
    @Ctx() ctx: RequestContext,
    @TextArg('email', { max: TEXT_LIMITS.EMAIL }) email: string,
    @TextArg('password', { max: TEXT_LIMITS.PASSWORD }) password: string,
    @ClientAddress() address: string,
  ) {
    return this.auth.login(ctx, email, password, address);
  }

  @Mutation(() => ActivateAccountResult, {
    description:
      'Exchanges the one-time token of an invitation link for a password of your own (12 to 200 characters) ' +
      'and signs you in. A used, expired or unknown token gets one and the same ValidationError.',
  })
  @Allow(Permission.Public)
  async activateAccount(
    @Ctx() ctx: RequestContext,
    @TextArg('token', { max: TEXT_LIMITS.CODE, description: 'The token from the invitation link (after "#token=").' })
    token: string,
    @TextArg('password', { max: TEXT_LIMITS.PASSWORD }) password: string,
  ) {
    const user = await this.invitations.activate(ctx, token, password);
    return isErrorResult(user) ? user : this.auth.signIn(user);
  }

  @Query(() => UserType, { description: 'The signed-in user.' })
  @Allow(Permission.Authenticated)
  me(@Ctx() ctx: RequestContext) {
    return this.accounts.get(ctx, ctx.actor!.userId);
  }

  @Query(() => UserType)
  @Allow(Permission.ReadUsers)
  user(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.accounts.get(ctx, id);
  }

  @Query(() => UserConnection, {
    description:
      "The caller's organisation's users by display name (ORG_ADMIN: whoever may set users' roles), with " +
      'their roles, expertise and whether they are active.',
    complexity: pageComplexity,
  })
  @Allow(Permission.SetUserRoles)
  users(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => UserFilter, nullable: true }) filter?: UserFilter,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' })
    first?: number,
    @AfterArg() after?: string,
  ) {
    return this.accounts.list(ctx, filter, first, after);
  }

  @Mutation(() => UserResult, {
    description:
      'Invites a colleague: they receive a one-time activation link (by e-mail when SMTP is configured, ' +
      'otherwise from the operator) and choose their own password. The link is never part of this answer.',
  })
  @Allow(Permission.CreateUser)
  inviteUser(@Ctx() ctx: RequestContext, @Args('input') input: InviteUserInput) {
    return this.accounts.invite(ctx, input);
  }

  @Mutation(() => UserResult, {
    description:
      'Replaces the roles of a user, and the expertise when given (omitted: kept); incompatible role pairs are refused.',
  })
  @Allow(Permission.SetUserRoles)
  setUserRoles(
    @Ctx() ctx: RequestContext,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('roles', { type: () => [Role] }) roles: Role[],
    @Args('expertise', {
      type: () => [Expertise],
      nullable: true,
      description: 'Omitted: kept as it is; null or []: none.',
    })
    expertise?: Expertise[] | null,
  ) {
    return this.accounts.setRoles(ctx, userId, roles, expertise);
  }

  @Mutation(() => UserResult, {
    description:
      'Deactivated users can no longer sign in or use their tokens; a pending invitation link stops working. ' +
      'Deactivating yourself is refused with a ValidationError.',
  })
  @Allow(Permission.DeactivateUser)
  deactivateUser(@Ctx() ctx: RequestContext, @Args('userId', { type: () => ID }) userId: string) {
    return this.accounts.deactivate(ctx, userId);
  }

  @Mutation(() => OrganisationType, {
    description:
      "Records the caller's organisation's settings (ORG_ADMIN): its monthly active users across all its " +
      'products, which licence user thresholds count. An omitted field keeps its value; null clears it.',
  })
  @Allow(Permission.UpdateOrganisation)
  updateOrganisation(@Ctx() ctx: RequestContext, @Args('input') input: UpdateOrganisationInput) {
    return this.organisations.update(ctx, input);
  }

  @ResolveField(() => OrganisationType)
  organisation(@Ctx() ctx: RequestContext, @Parent() user: UserType) {
    return this.organisations.loadOfUser(ctx, user);
  }
}

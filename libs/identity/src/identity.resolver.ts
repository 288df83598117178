import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, Permission } from '@app/authz';
import { Expertise, RequestContext, Role } from '@app/core';
import { NoTransaction } from '@app/persistence';
import { AuthService } from './auth.service';
import { CreateUserInput } from './dto/create-user.input';
import { AuthPayload, OrganisationType, UserType } from './identity.types';
import { OrganisationService } from './organisation.service';
import { UserService } from './user.service';

@Resolver(() => UserType)
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
    private readonly organisations: OrganisationService,
  ) {}

  @Mutation(() => AuthPayload, { description: 'Signs in with email and password; returns an expiring access token.' })
  @Allow(Permission.Public)
  @NoTransaction()
  login(@Ctx() ctx: RequestContext, @Args('email') email: string, @Args('password') password: string) {
    return this.auth.login(ctx, email, password);
  }

  @Query(() => UserType, { description: 'The signed-in user.' })
  @Allow(Permission.Authenticated)
  me(@Ctx() ctx: RequestContext) {
    return this.users.get(ctx, ctx.actor!.userId);
  }

  @Query(() => UserType)
  @Allow(Permission.ReadUsers)
  user(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.users.get(ctx, id);
  }

  @Mutation(() => UserType)
  @Allow(Permission.CreateUser)
  createUser(@Ctx() ctx: RequestContext, @Args('input') input: CreateUserInput) {
    return this.users.create(ctx, input);
  }

  @Mutation(() => UserType, { description: 'Replaces the roles and expertise of a user.' })
  @Allow(Permission.SetUserRoles)
  setUserRoles(
    @Ctx() ctx: RequestContext,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('roles', { type: () => [Role] }) roles: Role[],
    @Args('expertise', { type: () => [Expertise], defaultValue: [] }) expertise: Expertise[],
  ) {
    return this.users.setRoles(ctx, userId, roles, expertise);
  }

  @Mutation(() => UserType, { description: 'Deactivated users can no longer sign in or use their tokens.' })
  @Allow(Permission.DeactivateUser)
  deactivateUser(@Ctx() ctx: RequestContext, @Args('userId', { type: () => ID }) userId: string) {
    return this.users.deactivate(ctx, userId);
  }

  @ResolveField(() => OrganisationType)
  organisation(@Ctx() ctx: RequestContext, @Parent() user: UserType) {
    return this.organisations.ofUser(ctx, user);
  }
}

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEventType } from '@app/audit';
import { AccessService, Ctx } from '@app/authz';
import { RequestContext } from '@app/core';
import { UserType } from './identity.types';
import { UserService } from './user.service';

/**
 * The user behind an audit event. Identity owns users and sits above audit, so it adds the field to the
 * audit library's type; every event of a page asks one loader (one query for the page).
 */
@Resolver(() => AuditEventType)
export class AuditEventActorResolver {
  constructor(
    private readonly users: UserService,
    private readonly access: AccessService,
  ) {}

  @ResolveField(() => UserType, {
    nullable: true,
    description:
      'The acting user as they are now (null: the service itself, or a user you may not read). `actor` keeps the ' +
      'email recorded at the time.',
  })
  async actorUser(@Ctx() ctx: RequestContext, @Parent() event: AuditEventType) {
    if (!event.actorId) return null;
    const user = await this.users.loadById(ctx, event.actorId);
    return user && this.access.allows(ctx, 'read', 'User', user) ? user : null;
  }
}

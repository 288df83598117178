import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Expertise, RequestContext, Role } from '@app/core';
import { OrganisationService, UserService } from '@app/identity';
import { Db } from '@app/persistence';

export interface TestUser {
  email: string;
  displayName?: string;
  roles: Array<Role | `${Role}`>;
  expertise?: Array<Expertise | `${Expertise}`>;
  password: string;
}

/**
 * Creates a user with a password of the test's choosing in an existing organisation, acting as the system
 * (the path the demo seed and the CLI's create-admin take). For fixtures only: it does not depend on how the
 * API lets an administrator add people, which is not what the tests that use it are about.
 */
export async function addTestUser(app: INestApplicationContext, orgSlug: string, user: TestUser): Promise<string> {
  const db = app.get(Db);
  const base = db.context(`test-${randomUUID()}`, null, null);
  const created = await db.transaction(base, async (ctx) => {
    const org = await app.get(OrganisationService).findBySlug(ctx, orgSlug);
    if (!org) throw new Error(`no organisation ${orgSlug}`);
    return app.get(UserService).createInOrganisation(RequestContext.system(ctx.requestId, ctx.em, org.id), org.id, {
      email: user.email,
      displayName: user.displayName ?? user.email.split('@')[0],
      roles: user.roles as Role[],
      expertise: (user.expertise ?? []) as Expertise[],
      password: user.password,
    });
  });
  return created.id;
}

import { Injectable } from '@nestjs/common';
import {
  BadUserInputError,
  decodeCursor,
  Expertise,
  isErrorResult,
  pageSize,
  RequestContext,
  requireUuid,
  Role,
  toConnection,
  ValidationError,
} from '@app/core';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { Db, ListCounter } from '@app/persistence';
import { Brackets } from 'typeorm';
import { UserFilter } from './dto/user-filter.input';
import { InviteUserInput } from './dto/invite-user.input';
import { InvitationDelivery, InvitationService, IssuedInvitation } from './invitation.service';
import { PasswordService } from './password.service';
import { RoleGrantService } from './role-grant.service';
import { RolePolicy } from './role-policy';
import { UserInvitationEntity } from './user-invitation.entity';
import { UserEntity } from './user.entity';

/** Who is added; the email is unique across all organisations (logins are global). */
export type NewUser = Pick<InviteUserInput, 'email' | 'displayName' | 'roles'> & { expertise?: Expertise[] };

/** A user just invited, with the link that only the operator CLI may hand out (never the API). */
export interface InvitedUser {
  user: UserEntity;
  invitation: IssuedInvitation & { delivery: InvitationDelivery };
}

/**
 * The same answer whether the address belongs to someone of this organisation or of another one, so an
 * administrator learns nothing about other organisations.
 */
const ADDRESS_REFUSED = 'this address cannot be used';

const CANNOT_DEACTIVATE_SELF = 'you cannot deactivate yourself';

/**
 * Users of an organisation. Every change is audited in the same transaction; other organisations'
 * users answer NOT_FOUND. Every path that adds a user or grants roles goes through here, so the
 * incompatible role pairs (RolePolicy) and the global uniqueness of addresses hold for all of them.
 */
@Injectable()
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
    private readonly invitations: InvitationService,
    private readonly grants: RoleGrantService,
    private readonly roles: RolePolicy,
    private readonly counter: ListCounter,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<UserEntity> {
    requireUuid('User', id);
    const row = await this.db.repo(ctx, UserEntity).findOne({ where: { id, organisationId: ctx.orgId } });
    return this.access.require(ctx, 'read', 'User', row, id);
  }

  /**
   * A page of the caller's organisation's users by display name (then id), for those who administer
   * accounts: the operation requires the same ability as setUserRoles, and the query carries the
   * organisation id, so no other tenant's user is ever listed.
   */
  async list(ctx: RequestContext, filter: UserFilter = {}, first?: number | null, after?: string | null) {
    const size = pageSize(first);
    this.access.requireNew(ctx, 'setRoles', 'User', { organisationId: ctx.orgId });
    const base = this.db
      .repo(ctx, UserEntity)
      .createQueryBuilder('u')
      .where('u.organisation_id = :org', { org: ctx.orgId });
    if (filter.role) base.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.active !== undefined && filter.active !== null)
      base.andWhere('u.active = :active', { active: filter.active });
    for (const [i, word] of (filter.search?.trim().split(/\s+/) ?? []).slice(0, 8).entries()) {
      const p = `%${escapeLike(word)}%`;
      base.andWhere(
        new Brackets((w) => w.where(`u.display_name ILIKE :w${i}`, { [`w${i}`]: p }).orWhere(`u.email ILIKE :w${i}`)),
      );
    }
    const totalCount = await this.counter.count(ctx, base);
    const page = base
      .clone()
      .orderBy('lower(u.display_name)', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(size + 1);
    if (after) {
      const [name, id] = decodeCursor(after, ['text', 'uuid']);
      page.andWhere('(lower(u.display_name), u.id) > (:cursorName, :cursorId)', { cursorName: name, cursorId: id });
    }
    const rows = await page.getMany();
    return toConnection(rows, size, totalCount, (u) => [u.displayName.toLowerCase(), u.id]);
  }

  /** Users by id within the caller's organisation (for loaders); missing ids are absent from the map. */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, UserEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select(ctx, UserEntity, 'WHERE t.organisation_id = $1 AND t.id = ANY($2::uuid[])', [
      ctx.orgId,
      [...ids],
    ]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * The user of the caller's organisation with this id through the request's loader (one query for all the
   * users a response shows), or null. No access check: callers decide what they show.
   */
  loadById(ctx: RequestContext, id: string): Promise<UserEntity | null> {
    return ctx
      .loader('identity.userById', async (ids: readonly string[]) => {
        const found = await this.byIds(ctx, ids);
        return ids.map((k) => found.get(k) ?? null);
      })
      .load(id);
  }

  /** The user of the context's organisation with this e-mail address (any case), or null. No access check. */
  findByEmail(ctx: RequestContext, email: string): Promise<UserEntity | null> {
    return this.db
      .repo(ctx, UserEntity)
      .createQueryBuilder('u')
      .where('u.organisation_id = :org AND lower(u.email) = lower(:email)', { org: ctx.orgId, email: email.trim() })
      .getOne();
  }

  /** Invites a colleague into the caller's organisation. The activation link is not part of the answer. */
  async invite(ctx: RequestContext, input: InviteUserInput): Promise<UserEntity | ValidationError> {
    const invited = await this.inviteInOrganisation(ctx, ctx.orgId, input);
    return isErrorResult(invited) ? invited : invited.user;
  }

  /** Also used by the CLI's create-admin (as the system), which may show the link to the operator. */
  async inviteInOrganisation(
    ctx: RequestContext,
    organisationId: string,
    input: NewUser,
  ): Promise<InvitedUser | ValidationError> {
    const user = await this.add(ctx, organisationId, input, null);
    if (isErrorResult(user)) return user;
    return { user, invitation: await this.invitations.invite(ctx, user) };
  }

  /**
   * A fresh link for a user whose invitation is pending (the earlier link stops working), for the operator
   * CLI where no mail is configured. `ctx` is a system context.
   */
  async renewInvitation(ctx: RequestContext, email: string): Promise<InvitedUser> {
    const user = await this.db
      .repo(ctx, UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
    if (!user || !user.active || user.activatedAt) {
      throw new BadUserInputError(
        `${email} has no pending invitation (unknown, deactivated or already activated)`,
        'email',
      );
    }
    const orgCtx = RequestContext.system(ctx.requestId, ctx.em, user.organisationId);
    return { user, invitation: await this.invitations.invite(orgCtx, user, { renewed: true, operator: true }) };
  }

  /**
   * A user whose password the system sets, acting as the system: the demo seed and test fixtures only
   * (never reachable from the API). The same rules apply; a refusal is thrown, since no client asked.
   */
  async createInOrganisation(
    ctx: RequestContext,
    organisationId: string,
    input: NewUser & ({ password: string } | { passwordHash: string }),
  ): Promise<UserEntity> {
    // A hash made once for several users with one password (the demo seed) spares an argon2 run per user.
    const hash = 'passwordHash' in input ? input.passwordHash : await this.passwords.hash(input.password);
    const user = await this.add(ctx, organisationId, input, hash);
    if (isErrorResult(user)) throw new BadUserInputError(`${input.email}: ${user.message}`, 'email');
    await this.audit.append(ctx, {
      action: 'user.created',
      subjectType: 'User',
      subjectId: user.id,
      payload: { email: user.email, displayName: user.displayName, roles: user.roles, expertise: user.expertise },
    });
    return user;
  }

  async setRoles(
    ctx: RequestContext,
    id: string,
    roles: Role[],
    expertise?: Expertise[] | null,
  ): Promise<UserEntity | ValidationError> {
    const user = await this.access.loadForUpdate(ctx, 'setRoles', 'User', UserEntity, id);
    const refused = this.roles.check(roles, 'roles');
    if (refused) return refused;
    const before = { roles: user.roles, expertise: user.expertise };
    // Omitted expertise is kept (an update changes what it was sent); null clears it like [].
    const kept = expertise === undefined ? user.expertise : (expertise ?? []);
    const after = { roles: sortUnique(roles), expertise: sortUnique(kept) };
    await this.db.repo(ctx, UserEntity).update({ id }, { ...after, version: user.version + 1 });
    await this.grants.record(
      ctx,
      id,
      'GRANTED',
      after.roles.filter((r) => !before.roles.includes(r)),
    );
    await this.audit.append(ctx, {
      action: 'user.roles_changed',
      subjectType: 'User',
      subjectId: id,
      payload: { email: user.email, before, after },
    });
    return { ...user, ...after, version: user.version + 1 };
  }

  /**
   * Deactivates a user (they can no longer sign in or use their tokens) and voids a pending invitation.
   * Deactivating yourself is refused with a ValidationError: an organisation must not lock out the
   * administrator who acts. Deactivating an inactive user changes nothing.
   */
  async deactivate(ctx: RequestContext, id: string): Promise<UserEntity | ValidationError> {
    const user = await this.access.loadForUpdate(ctx, 'deactivate', 'User', UserEntity, id);
    if (ctx.actor?.userId === id) return ValidationError.of([{ field: 'userId', message: CANNOT_DEACTIVATE_SELF }]);
    if (!user.active) return user;
    await this.db.repo(ctx, UserEntity).update({ id }, { active: false, version: user.version + 1 });
    // A pending invitation dies with the account.
    await this.db.repo(ctx, UserInvitationEntity).delete({ userId: id });
    await this.audit.append(ctx, {
      action: 'user.deactivated',
      subjectType: 'User',
      subjectId: id,
      fromState: 'ACTIVE',
      toState: 'INACTIVE',
      payload: { email: user.email },
    });
    return { ...user, active: false, version: user.version + 1 };
  }

  /**
   * The one way a user comes into being: refuses incompatible roles, and an address already in use
   * anywhere (atomically: the insert skips on the unique address index, so two concurrent invitations of
   * one address cannot both succeed). Activated now when a password hash is given, else invited.
   */
  private async add(
    ctx: RequestContext,
    organisationId: string,
    input: NewUser,
    passwordHash: string | null,
  ): Promise<UserEntity | ValidationError> {
    const refused = this.roles.check(input.roles, 'input.roles');
    if (refused) return refused;
    const repo = this.db.repo(ctx, UserEntity);
    const user = repo.create({
      organisationId,
      email: input.email.trim(),
      displayName: input.displayName.trim(),
      passwordHash,
      roles: sortUnique(input.roles),
      expertise: sortUnique(input.expertise ?? []),
      active: true,
      activatedAt: passwordHash === null ? null : new Date(),
      version: 1,
    });
    const inserted = await repo.createQueryBuilder().insert().values(user).orIgnore().returning(['id']).execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (!id) return ValidationError.of([{ field: 'input.email', message: ADDRESS_REFUSED }]);
    user.id = id;
    await this.grants.record(ctx, id, 'GRANTED', user.roles);
    return user;
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function sortUnique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

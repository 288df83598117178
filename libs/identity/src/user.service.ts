import { Injectable } from '@nestjs/common';
import { BadUserInputError, Expertise, RequestContext, requireUuid, Role } from '@app/core';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { Db } from '@app/persistence';
import { CreateUserInput } from './dto/create-user.input';
import { PasswordService } from './password.service';
import { UserEntity } from './user.entity';

/**
 * Users of an organisation. Every change is audited in the same transaction; other organisations'
 * users answer NOT_FOUND.
 */
@Injectable()
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<UserEntity> {
    requireUuid('User', id);
    const row = await this.db.repo(ctx, UserEntity).findOne({ where: { id, organisationId: ctx.orgId } });
    return this.access.require(ctx, 'read', 'User', row, id);
  }

  /** Users by id within the caller's organisation (for loaders); missing ids are absent from the map. */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, UserEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .repo(ctx, UserEntity)
      .createQueryBuilder('u')
      .where('u.organisation_id = :org AND u.id = ANY(:ids)', { org: ctx.orgId, ids: [...ids] })
      .getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async create(ctx: RequestContext, input: CreateUserInput): Promise<UserEntity> {
    return this.createInOrganisation(ctx, ctx.orgId, input);
  }

  /** Also used by seeding and the CLI's create-admin, which act as the system. */
  async createInOrganisation(
    ctx: RequestContext,
    organisationId: string,
    input: Omit<CreateUserInput, 'password'> & { password: string | null },
  ): Promise<UserEntity> {
    const repo = this.db.repo(ctx, UserEntity);
    const email = input.email.trim();
    const taken = await repo.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getExists();
    if (taken) throw new BadUserInputError(`email ${email} is already registered`, 'email');
    const user = repo.create({
      organisationId,
      email,
      displayName: input.displayName.trim(),
      passwordHash: input.password === null ? null : await this.passwords.hash(input.password),
      roles: sortUnique(input.roles),
      expertise: sortUnique(input.expertise ?? []),
      active: true,
      version: 1,
    });
    await repo.insert(user);
    await this.audit.append(ctx, {
      action: 'user.created',
      subjectType: 'User',
      subjectId: user.id,
      payload: { email: user.email, displayName: user.displayName, roles: user.roles, expertise: user.expertise },
    });
    return user;
  }

  async setRoles(ctx: RequestContext, id: string, roles: Role[], expertise: Expertise[]): Promise<UserEntity> {
    const user = this.access.require(ctx, 'setRoles', 'User', await this.load(ctx, id), id);
    const before = { roles: user.roles, expertise: user.expertise };
    const after = { roles: sortUnique(roles), expertise: sortUnique(expertise) };
    await this.db.repo(ctx, UserEntity).update({ id }, { ...after, version: user.version + 1 });
    await this.audit.append(ctx, {
      action: 'user.roles_changed',
      subjectType: 'User',
      subjectId: id,
      payload: { email: user.email, before, after },
    });
    return { ...user, ...after, version: user.version + 1 };
  }

  async deactivate(ctx: RequestContext, id: string): Promise<UserEntity> {
    const user = this.access.require(ctx, 'deactivate', 'User', await this.load(ctx, id), id);
    if (ctx.actor?.userId === id) throw new BadUserInputError('you cannot deactivate yourself', 'userId');
    if (!user.active) return user;
    await this.db.repo(ctx, UserEntity).update({ id }, { active: false, version: user.version + 1 });
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

  /** Loads and row-locks a user of the caller's organisation for a change. */
  private load(ctx: RequestContext, id: string): Promise<UserEntity | null> {
    requireUuid('User', id);
    return this.db
      .repo(ctx, UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id AND u.organisation_id = :org', { id, org: ctx.orgId })
      .getOne();
  }
}

function sortUnique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

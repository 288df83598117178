import { Injectable } from '@nestjs/common';
import { BadUserInputError, byKeys, requireUuid, NotFoundError, RequestContext } from '@app/core';
import { AuditService } from '@app/audit';
import { AccessService } from '@app/authz';
import { Db } from '@app/persistence';
import type { UpdateOrganisationInput } from './dto/update-organisation.input';
import { OrganisationEntity } from './organisation.entity';

/** Listeners run (inside the creating transaction) when an organisation is created, e.g. to seed it. */
export type OrganisationCreatedListener = (ctx: RequestContext, organisation: OrganisationEntity) => Promise<void>;

@Injectable()
export class OrganisationService {
  private readonly listeners: OrganisationCreatedListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  /** Lets other features prepare a new organisation (the catalog seeds its models) in the same transaction. */
  onCreated(listener: OrganisationCreatedListener): void {
    this.listeners.push(listener);
  }

  async get(ctx: RequestContext, id: string): Promise<OrganisationEntity> {
    requireUuid('Organisation', id);
    if (id !== ctx.organisationId) throw new NotFoundError('Organisation', id);
    const row = await this.db.repo(ctx, OrganisationEntity).findOne({ where: { id } });
    if (!row) throw new NotFoundError('Organisation', id);
    return row;
  }

  /**
   * The organisation of a user the caller was already allowed to see (the tenant check happened when
   * that user was loaded; it is also how a login's own answer shows the organisation).
   */
  async ofUser(ctx: RequestContext, user: { organisationId: string }): Promise<OrganisationEntity> {
    const row = await this.db.repo(ctx, OrganisationEntity).findOne({ where: { id: user.organisationId } });
    if (!row) throw new NotFoundError('Organisation', user.organisationId);
    return row;
  }

  /**
   * `ofUser` for field resolvers, through the request's loader: every user of a page shares one query.
   * A context with an organisation sees only its own (a user of another answers NOT_FOUND); a sign-in's
   * answer (no organisation yet) shows the organisation of the user who just signed in.
   */
  async loadOfUser(ctx: RequestContext, user: { organisationId: string }): Promise<OrganisationEntity> {
    const id = user.organisationId;
    if (ctx.organisationId !== null && id !== ctx.organisationId) throw new NotFoundError('Organisation', id);
    const row = await ctx
      .loader('identity.organisationById', async (ids: readonly string[]) => {
        const rows = await this.db.select(ctx, OrganisationEntity, 'WHERE t.id = ANY($1::uuid[])', [[...ids]]);
        return byKeys(ids, rows, (o) => o.id);
      })
      .load(id);
    if (!row) throw new NotFoundError('Organisation', id);
    return row;
  }

  /**
   * Changes the caller's organisation's settings: only the fields given (null clears), audited with their
   * before and after values; nothing is written when nothing changes. Requires `update` on the organisation
   * (ORG_ADMIN).
   */
  async update(ctx: RequestContext, input: UpdateOrganisationInput): Promise<OrganisationEntity> {
    const id = ctx.orgId;
    // The organisation row is its own tenant (no organisation_id column): locked by id.
    const row = await this.db
      .repo(ctx, OrganisationEntity)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .getOne();
    if (!row) throw new NotFoundError('Organisation', id);
    this.access.require(ctx, 'update', 'Organisation', { ...row, organisationId: row.id });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.monthlyActiveUsers !== undefined && input.monthlyActiveUsers !== row.monthlyActiveUsers) {
      changes.monthlyActiveUsers = { from: row.monthlyActiveUsers, to: input.monthlyActiveUsers };
    }
    if (Object.keys(changes).length === 0) return row;
    const values = Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.to]));
    await this.db.repo(ctx, OrganisationEntity).update({ id }, values);
    await this.audit.append(ctx, {
      action: 'organisation.updated',
      subjectType: 'Organisation',
      subjectId: id,
      payload: { changes },
    });
    return { ...row, ...values };
  }

  findBySlug(ctx: RequestContext, slug: string): Promise<OrganisationEntity | null> {
    return this.db.repo(ctx, OrganisationEntity).findOne({ where: { slug } });
  }

  /** Creates an organisation with its audit chain; `ctx` is a system context in a transaction. */
  async create(
    ctx: RequestContext,
    slug: string,
    name: string,
  ): Promise<{ ctx: RequestContext; organisation: OrganisationEntity }> {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)) {
      throw new BadUserInputError('slug must be lower-case letters, digits and hyphens (at most 64)', 'slug');
    }
    if (await this.findBySlug(ctx, slug)) throw new BadUserInputError(`organisation ${slug} already exists`, 'slug');
    const repo = this.db.repo(ctx, OrganisationEntity);
    const organisation = repo.create({ slug, name });
    await repo.insert(organisation);
    const orgCtx = RequestContext.system(ctx.requestId, ctx.em, organisation.id);
    await this.audit.initialiseChain(orgCtx, organisation.id);
    await this.audit.append(orgCtx, {
      action: 'organisation.created',
      subjectType: 'Organisation',
      subjectId: organisation.id,
      payload: { slug, name },
    });
    for (const listener of this.listeners) await listener(orgCtx, organisation);
    return { ctx: orgCtx, organisation };
  }
}

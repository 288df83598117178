import { Injectable } from '@nestjs/common';
import { subject as asSubject } from '@casl/ability';
import { ForbiddenError, NotFoundError, RequestContext } from '@app/core';
import { loadForUpdate } from '@app/persistence';
import type { EntityTarget } from 'typeorm';
import { Action, SubjectType } from './permission';

/**
 * Row-level authorisation for rows a service has loaded. Rows of another organisation answer NOT_FOUND
 * (never FORBIDDEN), so an id reveals nothing about other tenants.
 */
@Injectable()
export class AccessService {
  /**
   * Whether the caller's ability grants `action` on a row already known to be of their organisation (the
   * adoption workflow asks it for the permission of the table row it is about to take). The service itself
   * (`ctx.isSystem`) holds no user permission: system operations have their own rows.
   */
  allows(ctx: RequestContext, action: Action, type: Exclude<SubjectType, 'all'>, row: object): boolean {
    if (ctx.isSystem) return false;
    return ctx.ability?.can(action, asSubject(type, { ...row })) ?? false;
  }

  /**
   * Requires `action` on a row about to be created with these attributes (its organisation, its owner):
   * the ability's conditions are checked on what will be stored, not on a placeholder.
   */
  requireNew(ctx: RequestContext, action: Action, type: Exclude<SubjectType, 'all'>, attributes: object): void {
    if (ctx.isSystem) return;
    if (!ctx.ability?.can(action, asSubject(type, { ...attributes }))) throw new ForbiddenError();
  }

  require<T extends { id: string; organisationId: string }>(
    ctx: RequestContext,
    action: Action,
    type: Exclude<SubjectType, 'all'>,
    row: T | null | undefined,
    id = row?.id ?? '(unknown)',
  ): T {
    if (!row || row.organisationId !== ctx.organisationId) throw new NotFoundError(type, id);
    if (ctx.isSystem) return row;
    if (!ctx.ability?.can(action, asSubject(type, { ...row }))) throw new ForbiddenError();
    return row;
  }

  /**
   * Loads and row-locks (until the operation's transaction ends) a row of the caller's organisation,
   * then requires `action` on it: NOT_FOUND for a malformed or unknown id or another organisation's row,
   * FORBIDDEN when the caller may not. The one way services load a row they are about to change.
   *
   * @example const policy = await this.access.loadForUpdate(ctx, 'update', 'Policy', PolicyEntity, id);
   */
  async loadForUpdate<T extends { id: string; organisationId: string }>(
    ctx: RequestContext,
    action: Action,
    type: Exclude<SubjectType, 'all'>,
    entity: EntityTarget<T>,
    id: string,
  ): Promise<T> {
    return this.require(ctx, action, type, await loadForUpdate(ctx, entity, id, type), id);
  }
}

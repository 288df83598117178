import { Injectable } from '@nestjs/common';
import { subject as asSubject } from '@casl/ability';
import { ForbiddenError, NotFoundError, RequestContext } from '@app/core';
import { Action, SubjectType } from './permission';

/**
 * Row-level authorisation for rows a service has loaded. Rows of another organisation answer NOT_FOUND
 * (never FORBIDDEN), so an id reveals nothing about other tenants.
 */
@Injectable()
export class AccessService {
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
}

import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, RequestContext, UnauthenticatedError } from '@app/core';
import { ALLOW_KEY } from './allow.decorator';
import { Permission, permissionTarget } from './permission';
import { requestOf } from './request-of';

/**
 * Enforces `@Allow`: deny by default. Runs after authentication has put the RequestContext on the
 * request; Public needs nothing, everything else a signed-in user whose ability grants the permission.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  private readonly logger = new Logger(PermissionGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const permission = this.reflector.get<Permission | undefined>(ALLOW_KEY, context.getHandler());
    if (permission === undefined) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has no @Allow: refused`);
      throw new ForbiddenError();
    }
    if (permission === Permission.Public) return true;
    const ctx: RequestContext | undefined = requestOf(context)?.ctx;
    if (!ctx?.actor || !ctx.ability) throw new UnauthenticatedError();
    const target = permissionTarget(permission);
    if (target && !ctx.ability.can(target.action, target.subject)) throw new ForbiddenError();
    return true;
  }
}

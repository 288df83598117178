import { randomUUID } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AbilityFactory, ALLOW_KEY, Permission, requestOf } from '@app/authz';
import { UnauthenticatedError } from '@app/core';
import { Db } from '@app/persistence';
import { AuthService } from './auth.service';

/**
 * Builds the operation's RequestContext from the bearer token (or an anonymous one without it).
 * A bad, expired or forged token is refused, except on Public operations (login), where it is ignored.
 * Runs before the PermissionGuard, which decides whether the operation is allowed.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly abilities: AbilityFactory,
    private readonly db: Db,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = requestOf(context);
    if (!req) return false;
    const requestId = typeof req.id === 'string' ? req.id : randomUUID();
    const anonymous = this.db.context(requestId, null, null);
    req.ctx = anonymous;
    const header = req.headers.authorization;
    if (!header) return true;
    const isPublic = this.reflector.get(ALLOW_KEY, context.getHandler()) === Permission.Public;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    try {
      if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
      const actor = await this.auth.authenticate(anonymous, match[1]);
      req.ctx = this.db.context(requestId, actor, this.abilities.forActor(actor));
    } catch (error) {
      if (!isPublic) throw error;
    }
    return true;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  Actor,
  APP_CONFIG,
  BadUserInputError,
  Expertise,
  LOGGER,
  RateLimitedError,
  RequestContext,
  Role,
  UnauthenticatedError,
} from '@app/core';
import type { AppConfig } from '@app/core';
import { Db } from '@app/persistence';
import { LoginLimits } from './login-limits';
import { PasswordService } from './password.service';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';

const INVALID_CREDENTIALS = 'Invalid email or password';

/** The columns of app_user an Actor is made of. */
interface ActorRow {
  id: string;
  organisation_id: string;
  email: string;
  roles: Role[];
  expertise: Expertise[];
}

/**
 * Sign-in and token authentication. Unknown email, wrong password, an invitation not yet activated and a
 * deactivated account all give the same UNAUTHENTICATED answer; after LOGIN_MAX_FAILURES failures for one
 * email within LOGIN_LOCK_SECONDS, further attempts are refused until the lock expires (counted in the
 * database, so it holds across instances). Before any of that, the client address and the process's
 * argon2 capacity are limited (LoginLimits). Failures are logged, not audited: they change nothing.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly limits: LoginLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async login(ctx: RequestContext, email: string, password: string, address: string) {
    // Bounded before anything is counted or hashed: a megabyte-long "email" is a client mistake, not a login.
    if (email.length > 320) throw new BadUserInputError('email must be at most 320 characters', 'email');
    if (password.length > 1024) throw new BadUserInputError('password must be at most 1024 characters', 'password');
    await this.limits.admitAddress(ctx, address);
    const key = email.trim().toLowerCase();
    await this.refuseWhileLocked(ctx, key);
    const user = await this.db
      .repo(ctx, UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = :key', { key })
      .getOne();
    const ok = await this.limits.verify(() => this.passwords.verify(user?.passwordHash, password));
    if (!user || !ok || !user.active || !user.activatedAt) {
      await this.recordFailure(ctx, key);
      this.logger.warn(
        {
          requestId: ctx.requestId,
          email: key,
          reason: !user ? 'unknown email' : !ok ? 'wrong password' : !user.active ? 'inactive' : 'not activated',
        },
        'login failed',
      );
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    }
    await ctx.em.query(`DELETE FROM login_throttle WHERE email_key = $1`, [key]);
    this.logger.info({ requestId: ctx.requestId, userId: user.id }, 'login succeeded');
    return this.signIn(user);
  }

  /** An access token for a user who has just proven who they are (login, account activation). */
  async signIn(user: UserEntity) {
    return { ...(await this.tokens.issue(user.id, user.organisationId)), user };
  }

  /**
   * Resolves a bearer token to the active user it names, reading the user's row on every request (one
   * statement, only the columns an Actor holds): a deactivation or a change of roles applies to the very
   * next request, whatever the token says or TokenService remembers.
   */
  async authenticate(ctx: RequestContext, token: string): Promise<Actor> {
    const subject = await this.tokens.verify(token);
    const [user] = (await ctx.em.query(
      subject.kind === 'user'
        ? `SELECT id, organisation_id, email, roles, expertise FROM app_user WHERE id = $1 AND active`
        : `SELECT id, organisation_id, email, roles, expertise FROM app_user WHERE lower(email) = lower($1) AND active`,
      [subject.kind === 'user' ? subject.userId : subject.email],
    )) as ActorRow[];
    if (!user) throw new UnauthenticatedError('Invalid access token');
    return {
      userId: user.id,
      organisationId: user.organisation_id,
      email: user.email,
      roles: user.roles,
      expertise: user.expertise,
    };
  }

  private async refuseWhileLocked(ctx: RequestContext, key: string) {
    const [row] = (await ctx.em.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS wait FROM login_throttle
       WHERE email_key = $1 AND locked_until > now()`,
      [key],
    )) as Array<{ wait: number }>;
    if (row) {
      throw new RateLimitedError(`Too many failed sign-in attempts; try again in ${row.wait} seconds`, row.wait);
    }
  }

  /** Counts a failure in the current window (one atomic upsert) and locks the email at the limit. */
  private async recordFailure(ctx: RequestContext, key: string) {
    const lock = this.config.LOGIN_LOCK_SECONDS;
    await ctx.em.query(
      `INSERT INTO login_throttle AS t (email_key, failures, window_started_at, locked_until)
       VALUES ($1, 1, now(), CASE WHEN $2::int <= 1 THEN now() + make_interval(secs => $3) END)
       ON CONFLICT (email_key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN now() ELSE t.window_started_at END,
         locked_until = CASE
           WHEN t.window_started_at >= now() - make_interval(secs => $3) AND t.failures + 1 >= $2 THEN now() + make_interval(secs => $3)
           ELSE NULL END`,
      [key, this.config.LOGIN_MAX_FAILURES, lock],
    );
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Actor, APP_CONFIG, LOGGER, RequestContext, ValidationError } from '@app/core';
import type { AppConfig } from '@app/core';
import { AuditService } from '@app/audit';
import { Db } from '@app/persistence';
import { InvitationMailer } from './invitation-mailer';
import { OrganisationService } from './organisation.service';
import { PasswordService } from './password.service';
import { RoleGrantService } from './role-grant.service';
import { UserInvitationEntity } from './user-invitation.entity';
import { UserEntity } from './user.entity';

/** How an invitation reaches the invitee. */
export type InvitationDelivery = 'EMAIL' | 'OPERATOR';

/** A freshly issued invitation. The token exists only here and in the link: it is never stored or returned by the API. */
export interface IssuedInvitation {
  link: string;
  expiresAt: Date;
}

/** One answer for every unusable token (unknown, used, expired, deactivated user), so none can be told apart. */
const UNUSABLE_TOKEN = 'this activation link is invalid, already used or expired: ask your administrator for a new one';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Invitations instead of passwords chosen by an administrator: an invited user holds a one-time
 * token (256 random bits, only its SHA-256 stored, expiring after INVITATION_TTL_HOURS) that they exchange
 * once for a password of their own. The link goes by e-mail when SMTP is configured; otherwise the operator
 * issues one with the CLI. Invitation and activation are audited, without the token.
 */
@Injectable()
export class InvitationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
    private readonly mailer: InvitationMailer,
    private readonly organisations: OrganisationService,
    private readonly grants: RoleGrantService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Issues an invitation for a user who has not activated yet (replacing any earlier one) and sends it by
   * e-mail after commit when SMTP is configured, unless the operator asked for the link (`operator`).
   * `renewed` marks a fresh link for an existing invitation.
   */
  async invite(
    ctx: RequestContext,
    user: UserEntity,
    { renewed = false, operator = false } = {},
  ): Promise<IssuedInvitation & { delivery: InvitationDelivery }> {
    const issued = await this.issue(ctx, user);
    const delivery: InvitationDelivery = this.mailer.configured && !operator ? 'EMAIL' : 'OPERATOR';
    await this.audit.append(ctx, {
      action: renewed ? 'user.invitation_renewed' : 'user.invited',
      subjectType: 'User',
      subjectId: user.id,
      payload: {
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
        expertise: user.expertise,
        delivery,
        expiresAt: issued.expiresAt.toISOString(),
      },
    });
    if (delivery === 'EMAIL') {
      const organisation = (await this.organisations.ofUser(ctx, user)).name;
      // After commit: no mail for an invitation that rolled back. A failed delivery is logged; the
      // operator can then hand out a fresh link with the CLI.
      ctx.afterCommit(async () => {
        try {
          await this.mailer.send({ to: user.email, displayName: user.displayName, organisation, ...issued });
          this.logger.info({ requestId: ctx.requestId, userId: user.id }, 'invitation e-mail sent');
        } catch (error) {
          this.logger.error(
            { requestId: ctx.requestId, userId: user.id, err: error },
            'invitation e-mail not delivered; issue a link with `npm run cli -- invitation-link`',
          );
        }
      });
    }
    return { ...issued, delivery };
  }

  /**
   * Exchanges a valid token for the user's own password and activates the account: once (the invitation
   * row is locked and deleted), before it expires, for a user still active. Every unusable token gets the
   * same ValidationError; a weak password is refused without using up the token.
   */
  async activate(ctx: RequestContext, token: string, password: string): Promise<UserEntity | ValidationError> {
    const unusable = ValidationError.of([{ field: 'token', message: UNUSABLE_TOKEN }]);
    if (!TOKEN_SHAPE.test(token)) return unusable;
    const invitation = await this.db
      .repo(ctx, UserInvitationEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.token_hash = :hash AND i.expires_at > now()', { hash: hashToken(token) })
      .getOne();
    const user = invitation
      ? await this.db
          .repo(ctx, UserEntity)
          .findOne({ where: { id: invitation.userId, organisationId: invitation.organisationId } })
      : null;
    if (!invitation || !user || !user.active || user.activatedAt) return unusable;
    const weakness = this.passwords.weakness(password, user.email);
    if (weakness) return ValidationError.of([{ field: 'password', message: weakness }]);
    const activatedAt = new Date();
    await this.db
      .repo(ctx, UserEntity)
      .update(
        { id: user.id },
        { passwordHash: await this.passwords.hash(password), activatedAt, version: user.version + 1 },
      );
    await this.db.repo(ctx, UserInvitationEntity).delete({ userId: user.id });
    // The invitee acts for themselves: the audit event and the grant record name them.
    const actor: Actor = {
      userId: user.id,
      organisationId: user.organisationId,
      email: user.email,
      roles: user.roles,
      expertise: user.expertise,
    };
    const asUser = new RequestContext(ctx.requestId, actor, null, ctx.em, user.organisationId);
    await this.grants.record(asUser, user.id, 'ACTIVATED', user.roles);
    await this.audit.append(asUser, {
      action: 'user.activated',
      subjectType: 'User',
      subjectId: user.id,
      fromState: 'INVITED',
      toState: 'ACTIVE',
      payload: { email: user.email, roles: user.roles },
    });
    return { ...user, activatedAt, version: user.version + 1 };
  }

  private async issue(ctx: RequestContext, user: UserEntity): Promise<IssuedInvitation> {
    const token = randomBytes(32).toString('base64url');
    const [row] = (await ctx.em.query(
      `INSERT INTO user_invitation (user_id, organisation_id, token_hash, issued_at, expires_at)
       VALUES ($1, $2, $3, now(), now() + make_interval(hours => $4))
       ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, issued_at = excluded.issued_at,
         expires_at = excluded.expires_at
       RETURNING expires_at`,
      [user.id, user.organisationId, hashToken(token), this.config.INVITATION_TTL_HOURS],
    )) as Array<{ expires_at: Date }>;
    const base = (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/+$/, '');
    // In the fragment, so the token reaches neither the web server's access log nor a Referer header.
    return { link: `${base}/activate#token=${token}`, expiresAt: new Date(row.expires_at) };
  }
}

import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { AccessChangeKind, AccessChangeType } from './identity.types';
import { RoleGrantEntity } from './role-grant.entity';

/** At most this many access changes are listed (newest first), like any page of this service. */
const MAX_LISTED = 100;

/**
 * Role grants and activations, kept for oversight: who received which roles, from whom, when. Written in
 * the transaction of the change it records, by every path that grants roles.
 */
@Injectable()
export class RoleGrantService {
  constructor(private readonly db: Db) {}

  async record(ctx: RequestContext, userId: string, kind: RoleGrantEntity['kind'], roles: RoleGrantEntity['roles']) {
    if (kind === 'GRANTED' && roles.length === 0) return;
    await this.db.repo(ctx, RoleGrantEntity).insert({
      organisationId: ctx.orgId,
      userId,
      kind,
      roles,
      actorId: ctx.actor?.userId ?? null,
      actorLabel: ctx.actor?.email ?? 'system',
      occurredAt: new Date(),
    });
  }

  /** The caller's organisation's grants and activations of the last `days` days, newest first. */
  async recent(ctx: RequestContext, days: number): Promise<AccessChangeType[]> {
    const rows = (await ctx.em.query(
      `SELECT g.kind, g.roles, g.actor_label, g.occurred_at, u.id AS user_id, u.email, u.display_name
       FROM role_grant g JOIN app_user u ON u.id = g.user_id AND u.organisation_id = g.organisation_id
       WHERE g.organisation_id = $1 AND g.occurred_at > now() - make_interval(days => $2)
       ORDER BY g.occurred_at DESC, g.id LIMIT $3`,
      [ctx.orgId, days, MAX_LISTED],
    )) as Array<{
      kind: RoleGrantEntity['kind'];
      roles: RoleGrantEntity['roles'];
      actor_label: string;
      occurred_at: Date;
      user_id: string;
      email: string;
      display_name: string;
    }>;
    return rows.map((r) => ({
      kind: r.kind === 'GRANTED' ? AccessChangeKind.ROLES_GRANTED : AccessChangeKind.ACCOUNT_ACTIVATED,
      userId: r.user_id,
      userEmail: r.email,
      userDisplayName: r.display_name,
      roles: r.roles,
      by: r.actor_label,
      occurredAt: new Date(r.occurred_at),
    }));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { APP_CONFIG, RequestContext } from '@app/core';
import type { AppConfig } from '@app/core';
import { AccessChangeType, RoleGrantService } from '@app/identity';

/** The portfolio's window on access changes (role grants and activations). */
const ACCESS_CHANGE_DAYS = 30;

@ObjectType('CountByKey')
export class CountByKeyType {
  @Field() key: string;
  @Field(() => Int) count: number;
}

@ObjectType('DependencyShare')
export class DependencyShareType {
  @Field() key: string;
  @Field(() => Int) count: number;
  @Field(() => Float, { description: 'Share of approved uses, 0 to 1.' }) share: number;
  @Field({ description: 'Above the configured concentration threshold.' }) flagged: boolean;
}

@ObjectType('Portfolio', { description: 'The organisation’s adoption portfolio, for oversight.' })
export class PortfolioType {
  @Field(() => [CountByKeyType]) byStatus: CountByKeyType[];
  @Field(() => [CountByKeyType], { description: 'Requests by tier (decided or in review).' }) byTier: CountByKeyType[];
  @Field(() => [CountByKeyType]) approvedByWeightsAccess: CountByKeyType[];
  @Field(() => [CountByKeyType]) approvedByReleaseLevel: CountByKeyType[];
  @Field(() => [DependencyShareType], { description: 'Approved uses per model producer.' })
  dependencyByProducer: DependencyShareType[];
  @Field(() => [DependencyShareType], { description: 'Approved uses per deployment mode.' })
  dependencyByHosting: DependencyShareType[];
  @Field(() => Float) concentrationThreshold: number;
  @Field(() => Int) expiringIn30Days: number;
  @Field(() => Int) expiringIn60Days: number;
  @Field(() => Int) expiringIn90Days: number;
  @Field(() => Float, { nullable: true, description: 'Median hours from submission to the final decision.' })
  medianDecisionHours: number | null;
  @Field(() => Int) decisionsMeasured: number;
  @Field(() => [AccessChangeType], {
    description:
      'Roles granted and accounts activated in the last 30 days, newest first (at most 100): who, which roles, ' +
      'by whom, when. Lets oversight see an administrator building up votes.',
  })
  recentAccessChanges: AccessChangeType[];
}

/** Oversight figures computed in SQL over the caller's organisation. */
@Injectable()
export class AdoptionPortfolioService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly grants: RoleGrantService,
  ) {}

  async portfolio(ctx: RequestContext): Promise<PortfolioType> {
    const org = ctx.orgId;
    const q = async (sql: string) => (await ctx.em.query(sql, [org])) as Array<{ key: string; count: number }>;
    const approved = `FROM adoption_request r JOIN ai_model m ON m.id = r.model_id WHERE r.organisation_id = $1 AND r.status = 'APPROVED'`;
    const shares = (rows: Array<{ key: string; count: number }>) => {
      const total = rows.reduce((n, r) => n + r.count, 0);
      return rows.map((r) => ({
        ...r,
        share: total ? r.count / total : 0,
        flagged: total > 0 && r.count / total > this.config.CONCENTRATION_THRESHOLD,
      }));
    };
    const [expiry] = (await ctx.em.query(
      `SELECT count(*) FILTER (WHERE expires_at <= now() + interval '30 days')::int AS d30,
              count(*) FILTER (WHERE expires_at <= now() + interval '60 days')::int AS d60,
              count(*) FILTER (WHERE expires_at <= now() + interval '90 days')::int AS d90
       FROM adoption_request WHERE organisation_id = $1 AND status = 'APPROVED' AND expires_at > now()`,
      [org],
    )) as Array<{ d30: number; d60: number; d90: number }>;
    const [lead] = (await ctx.em.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 3600) AS median,
              count(*)::int AS n
       FROM adoption_request WHERE organisation_id = $1 AND decided_at IS NOT NULL AND submitted_at IS NOT NULL`,
      [org],
    )) as Array<{ median: number | null; n: number }>;
    return {
      byStatus: await q(
        `SELECT status AS key, count(*)::int AS count FROM adoption_request WHERE organisation_id = $1 GROUP BY 1 ORDER BY 1`,
      ),
      byTier: await q(
        `SELECT tier AS key, count(*)::int AS count FROM adoption_request WHERE organisation_id = $1 AND tier IS NOT NULL GROUP BY 1 ORDER BY 1`,
      ),
      approvedByWeightsAccess: await q(
        `SELECT m.weights_access AS key, count(*)::int AS count ${approved} GROUP BY 1 ORDER BY 1`,
      ),
      approvedByReleaseLevel: await q(
        `SELECT m.release_level AS key, count(*)::int AS count ${approved} GROUP BY 1 ORDER BY 1`,
      ),
      dependencyByProducer: shares(
        await q(`SELECT m.producer AS key, count(*)::int AS count ${approved} GROUP BY 1 ORDER BY 2 DESC, 1`),
      ),
      dependencyByHosting: shares(
        await q(
          `SELECT coalesce(r.deployment_mode, 'UNKNOWN') AS key, count(*)::int AS count ${approved} GROUP BY 1 ORDER BY 2 DESC, 1`,
        ),
      ),
      concentrationThreshold: this.config.CONCENTRATION_THRESHOLD,
      expiringIn30Days: expiry.d30,
      expiringIn60Days: expiry.d60,
      expiringIn90Days: expiry.d90,
      medianDecisionHours: lead.median === null ? null : Number(lead.median),
      decisionsMeasured: lead.n,
      recentAccessChanges: await this.grants.recent(ctx, ACCESS_CHANGE_DAYS),
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { APP_CONFIG, RequestContext } from '@app/core';
import type { AppConfig } from '@app/core';
import { AiModelEntity, AiModelQueryService } from '@app/catalog';
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

type Count = { key: string; count: number };

/** Counts per key, highest first when `byCount`, else by key. */
function countBy<T>(rows: T[], keyOf: (row: T) => string, weight: (row: T) => number, byCount: boolean): Count[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + weight(row));
  const byKey = (a: Count, b: Count) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort(byCount ? (a, b) => b.count - a.count || byKey(a, b) : byKey);
}

/**
 * Oversight figures over the caller's organisation: the requests' figures in SQL, the approved models' facts
 * from the catalog (one query for all of them).
 */
@Injectable()
export class AdoptionPortfolioService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly grants: RoleGrantService,
    private readonly models: AiModelQueryService,
  ) {}

  async portfolio(ctx: RequestContext): Promise<PortfolioType> {
    const org = ctx.orgId;
    const q = async (sql: string) => (await ctx.em.query(sql, [org])) as Count[];
    const uses = (await ctx.em.query(
      `SELECT model_id AS "modelId", coalesce(deployment_mode, 'UNKNOWN') AS hosting, count(*)::int AS count
       FROM adoption_request WHERE organisation_id = $1 AND status = 'APPROVED' GROUP BY 1, 2`,
      [org],
    )) as Array<{ modelId: string; hosting: string; count: number }>;
    const models = new Map(
      (await this.models.findMany(ctx, [...new Set(uses.map((u) => u.modelId))])).map((m) => [m.id, m]),
    );
    // Uses of models the catalog still holds (as the join on the catalog counted them).
    const approved = uses.flatMap((u) => {
      const model = models.get(u.modelId);
      return model ? [{ ...u, model }] : [];
    });
    const byModel = (field: (m: AiModelEntity) => string, byCount = false) =>
      countBy(
        approved,
        (u) => field(u.model),
        (u) => u.count,
        byCount,
      );
    const shares = (rows: Count[]) => {
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
      approvedByWeightsAccess: byModel((m) => m.weightsAccess),
      approvedByReleaseLevel: byModel((m) => m.releaseLevel),
      dependencyByProducer: shares(byModel((m) => m.producer, true)),
      dependencyByHosting: shares(
        countBy(
          approved,
          (u) => u.hosting,
          (u) => u.count,
          true,
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

import { Injectable } from '@nestjs/common';
import { byKeys, FieldError, RequestContext, ValidationError } from '@app/core';
import { Db } from '@app/persistence';
import { RiskCategory, RiskTier } from '../engine/risk-context';
import { nistCategoryOf } from '../engine/nist-mapping';
import { bandOf, riskScore, tierOf } from '../engine/scoring';
import { departureMessage, departuresFromAuto } from './assessment-departure';
import { AssessmentItem, RiskAssessmentEntity } from './risk-assessment.entity';
import { SaveRiskAssessmentInput } from './risk-assessment.input';

const CATEGORIES = Object.values(RiskCategory);

const revisionKey = (r: { requestId: string; revision: number }) => `${r.requestId}:${r.revision}`;

/**
 * The risk assessment of each revision of a request: it starts from the automatic pre-assessment, the
 * assessor may change any item (with a justification kept beside the automatic values), and the overall
 * scores and tier are recomputed on every save.
 */
@Injectable()
export class RiskAssessmentService {
  constructor(private readonly db: Db) {}

  forRevision(ctx: RequestContext, requestId: string, revision: number): Promise<RiskAssessmentEntity | null> {
    return this.db
      .repo(ctx, RiskAssessmentEntity)
      .findOne({ where: { organisationId: ctx.orgId, requestId, revision } });
  }

  /** Creates the revision's assessment from the automatic items (nothing happens if it exists). */
  async start(
    ctx: RequestContext,
    requestId: string,
    revision: number,
    autoItems: AssessmentItem[],
    euAiActClass: RiskAssessmentEntity['euAiActClass'] = null,
    euAiActScreen: RiskAssessmentEntity['euAiActScreen'] = null,
  ): Promise<RiskAssessmentEntity> {
    const existing = await this.forRevision(ctx, requestId, revision);
    if (existing) return existing;
    const repo = this.db.repo(ctx, RiskAssessmentEntity);
    const row = repo.create({
      organisationId: ctx.orgId,
      requestId,
      revision,
      assessorIds: [],
      items: autoItems,
      autoItems,
      euAiActClass,
      euAiActScreen,
      marginalRisk: null,
      version: 1,
      ...summarise(autoItems),
    });
    await repo.insert(row as never);
    return row;
  }

  /** Applies an assessor's changes; returns a ValidationError naming each item that needs a justification. */
  async save(
    ctx: RequestContext,
    assessment: RiskAssessmentEntity,
    assessorId: string,
    input: SaveRiskAssessmentInput,
  ): Promise<RiskAssessmentEntity | ValidationError> {
    const problems: FieldError[] = [];
    const byCategory = new Map(assessment.items.map((i) => [i.category, i]));
    const seen = new Set<RiskCategory>();
    input.items.forEach((item, index) => {
      if (seen.has(item.category)) {
        problems.push({ field: `input.items[${index}].category`, message: `${item.category} appears twice` });
        return;
      }
      seen.add(item.category);
      const auto = assessment.autoItems.find((a) => a.category === item.category);
      const departures = auto === undefined ? [] : departuresFromAuto(auto, item);
      const departs = departures.length > 0;
      if (departs && !item.justification?.trim()) {
        problems.push({
          field: `input.items[${index}].justification`,
          message: departureMessage(item.category, departures),
        });
      }
      if (item.residualLikelihood > item.likelihood || item.residualImpact > item.impact) {
        problems.push({
          field: `input.items[${index}].residualLikelihood`,
          message: `${item.category}: residual values cannot exceed the inherent ones`,
        });
      }
      byCategory.set(item.category, {
        category: item.category,
        likelihood: item.likelihood,
        impact: item.impact,
        rationale: item.rationale,
        mitigation:
          item.mitigation === undefined ? (byCategory.get(item.category)?.mitigation ?? '') : (item.mitigation ?? ''),
        residualLikelihood: item.residualLikelihood,
        residualImpact: item.residualImpact,
        source: departs || auto === undefined ? 'ASSESSOR' : 'AUTO',
        justification: item.justification?.trim() || null,
        reasons: auto?.reasons ?? [],
      });
    });
    if (problems.length) return ValidationError.of(problems);
    const items = CATEGORIES.map((c) => byCategory.get(c)).filter((i): i is AssessmentItem => i !== undefined);
    const values = {
      items,
      euAiActClass: input.euAiActClass === undefined ? assessment.euAiActClass : input.euAiActClass,
      marginalRisk: input.marginalRisk === undefined ? assessment.marginalRisk : (input.marginalRisk ?? null),
      assessorIds: [...new Set([...assessment.assessorIds, assessorId])],
      version: assessment.version + 1,
      ...summarise(items),
    };
    await this.db.repo(ctx, RiskAssessmentEntity).update({ id: assessment.id }, values as never);
    return { ...assessment, ...values, updatedAt: new Date() };
  }

  /** `forRevision` for field resolvers, through the request's loader (one query for a page of requests). */
  loadForRevision(ctx: RequestContext, requestId: string, revision: number): Promise<RiskAssessmentEntity | null> {
    return ctx
      .loader(
        'risk.assessmentByRevision',
        async (keys: ReadonlyArray<{ requestId: string; revision: number }>) =>
          byKeys(keys, await this.forRevisions(ctx, [...keys]), revisionKey, revisionKey),
        { cacheKey: revisionKey },
      )
      .load({ requestId, revision });
  }

  /**
   * The assessments of several request revisions in one query (e.g. a page of requests); missing ones are
   * simply absent from the result.
   */
  async forRevisions(
    ctx: RequestContext,
    revisions: Array<{ requestId: string; revision: number }>,
  ): Promise<RiskAssessmentEntity[]> {
    if (revisions.length === 0) return [];
    const rows = await this.db.select(
      ctx,
      RiskAssessmentEntity,
      'WHERE t.organisation_id = $1 AND t.request_id = ANY($2::uuid[]) AND t.revision = ANY($3::int[])',
      [ctx.orgId, [...new Set(revisions.map((r) => r.requestId))], [...new Set(revisions.map((r) => r.revision))]],
    );
    const wanted = new Set(revisions.map((r) => `${r.requestId}:${r.revision}`));
    return rows.filter((a) => wanted.has(`${a.requestId}:${a.revision}`));
  }

  /**
   * Records `userId` as an assessor of the assessment (whoever completes a review vouches for it), so that
   * they may not decide its revision. Idempotent: the user is listed once however often this runs.
   */
  async addAssessor(ctx: RequestContext, assessmentId: string, userId: string): Promise<void> {
    await this.db
      .repo(ctx, RiskAssessmentEntity)
      .createQueryBuilder()
      .update(RiskAssessmentEntity)
      .set({ assessorIds: () => 'array_append(assessor_ids, :user::uuid)' })
      .where('id = :id AND organisation_id = :org AND NOT (:user::uuid = ANY(assessor_ids))', {
        id: assessmentId,
        org: ctx.orgId,
        user: userId,
      })
      .execute();
  }

  /** Categories without an item; an assessment is complete when there are none. */
  missingCategories(assessment: RiskAssessmentEntity | null): RiskCategory[] {
    const present = new Set(assessment?.items.map((i) => i.category) ?? []);
    return CATEGORIES.filter((c) => !present.has(c));
  }
}

/** Highest inherent and residual scores, and the tier from the residual bands (before any policy floor). */
export function summarise(items: AssessmentItem[]): {
  inherentScore: number | null;
  residualScore: number | null;
  tier: RiskTier | null;
} {
  if (items.length === 0) return { inherentScore: null, residualScore: null, tier: null };
  return {
    inherentScore: Math.max(...items.map((i) => riskScore(i.likelihood, i.impact))),
    residualScore: Math.max(...items.map((i) => riskScore(i.residualLikelihood, i.residualImpact))),
    tier: tierOf(items.map((i) => ({ likelihood: i.residualLikelihood, impact: i.residualImpact }))),
  };
}

/** The GraphQL view of an item, with its scores. */
export function itemView(i: AssessmentItem) {
  const residualScore = riskScore(i.residualLikelihood, i.residualImpact);
  return {
    ...i,
    score: riskScore(i.likelihood, i.impact),
    residualScore,
    band: bandOf(residualScore),
    nistCategory: nistCategoryOf(i.category),
  };
}

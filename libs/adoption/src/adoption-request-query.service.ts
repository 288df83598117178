import { Injectable } from '@nestjs/common';
import { AccessService, AppAbility, Permission, permissionTarget } from '@app/authz';
import { AuditQueryService, auditEventView } from '@app/audit';
import { AiModelQueryService } from '@app/catalog';
import {
  decodeCursor,
  MAX_PAGE_SIZE,
  NotFoundError,
  pageSize,
  RequestContext,
  requireUuid,
  Role,
  toConnection,
} from '@app/core';
import { Db, ListCounter } from '@app/persistence';
import { RiskAssessmentEntity, RiskAssessmentService } from '@app/risk';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { AdoptionDecisionService } from './adoption-decision.service';
import { AdoptionRequestFilter } from './dto/adoption-request.input';
import { DecisionVoteEntity } from './decision.entity';
import { loadVotesOfRequest } from './decision-votes.loader';
import { AdoptionStatus, queueStatuses } from './workflow';
import { formatReference, parseReference } from './workflow/reference';

/**
 * The states in which the caller has work, per kind of work: the table says in which states each
 * permission has a queue operation, the ability says which permissions the caller holds.
 */
export function queueScope(ability: Pick<AppAbility, 'can'> | null | undefined) {
  const statusesFor = (permission: Permission) =>
    ability?.can(permissionTarget(permission)!.action, 'AdoptionRequest') ? queueStatuses(permission) : [];
  return {
    own: statusesFor(Permission.EditAdoptionRequest),
    review: statusesFor(Permission.ReviewAdoptionRequest),
    decide: statusesFor(Permission.DecideAdoptionRequest),
  };
}

/** Roles whose holders read every request of their organisation (the ability says the same; a test checks). */
export const ORGANISATION_WIDE_READERS = [Role.REVIEWER, Role.APPROVER, Role.AUDITOR];

/**
 * Reading requests. Requesters see their own; reviewers, approvers and auditors the organisation's.
 * The list applies in SQL the same rule the ability applies to single rows.
 */
@Injectable()
export class AdoptionRequestQueryService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly assessments: RiskAssessmentService,
    private readonly decisions: AdoptionDecisionService,
    private readonly models: AiModelQueryService,
    private readonly auditLog: AuditQueryService,
    private readonly counter: ListCounter,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<AdoptionRequestEntity> {
    requireUuid('AdoptionRequest', id);
    const [row] = await this.db.select(ctx, AdoptionRequestEntity, 'WHERE t.organisation_id = $1 AND t.id = $2', [
      ctx.orgId,
      id,
    ]);
    return this.access.require(ctx, 'read', 'AdoptionRequest', row ?? null, id);
  }

  /**
   * A request of the caller's organisation for a policy author to test a rule against (testPolicyRule).
   * Whoever may change the organisation's policies may do so for any of its requests: a rule's outcome says
   * something about the request's facts, as the published policies' findings do. Another organisation's
   * request answers NOT_FOUND.
   */
  async getForPolicyTest(ctx: RequestContext, id: string): Promise<AdoptionRequestEntity> {
    // By its reference (AR-2026-0001, what people pass on) or its id.
    const reference = parseReference(id);
    if (!reference) requireUuid('AdoptionRequest', id);
    this.access.requireNew(ctx, 'update', 'Policy', { organisationId: ctx.orgId });
    const [row] = await this.db.select(
      ctx,
      AdoptionRequestEntity,
      reference ? 'WHERE t.organisation_id = $1 AND t.reference = $2' : 'WHERE t.organisation_id = $1 AND t.id = $2',
      [ctx.orgId, reference ? formatReference(reference.year, reference.number) : id],
    );
    if (!row) throw new NotFoundError('AdoptionRequest', id);
    return row;
  }

  async list(ctx: RequestContext, filter: AdoptionRequestFilter = {}, first?: number | null, after?: string | null) {
    const size = pageSize(first);
    const base = this.visible(ctx);
    await this.applyFilter(ctx, base, filter);
    const totalCount = await this.counter.count(ctx, base);
    const page = base
      .clone()
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(size + 1);
    if (after) {
      const [createdAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      page.andWhere('(r.created_at, r.id) < (:cAt::timestamptz, :cId::uuid)', { cAt: createdAt, cId: id });
    }
    const rows = await page.getMany();
    return toConnection(rows, size, totalCount, (r) => [r.createdAt.toISOString(), r.id]);
  }

  /**
   * What waits for the caller: changes to make, requests to review, decisions to cast (at most MAX_PAGE_SIZE,
   * least recently updated first). An approver is not asked to decide a revision they assessed: the risk
   * library says who assessed, for each page of candidates.
   */
  async myQueue(ctx: RequestContext): Promise<AdoptionRequestEntity[]> {
    const me = ctx.actor!.userId;
    const { own, review, decide } = queueScope(ctx.ability);
    // Editing is the requester's on their own requests (the ability's condition); reviewing and deciding
    // never on one's own (separation of duties), nor twice on a revision.
    const conditions: Array<[AdoptionStatus[], string]> = [
      [own, 'a.requester_id = :me'],
      [review, 'a.requester_id <> :me'],
      [
        decide,
        `a.requester_id <> :me
        AND NOT EXISTS (SELECT 1 FROM decision_vote v WHERE v.request_id = a.id AND v.revision = a.revision AND v.approver_id = :me)`,
      ],
    ];
    const branches = conditions.flatMap(([statuses, condition]) => statuses.map((status) => ({ status, condition })));
    if (branches.length === 0) return [];
    const queue: AdoptionRequestEntity[] = [];
    let after: string | null = null;
    for (;;) {
      // Keyset on the row itself, so that the timestamp keeps its microseconds.
      const keyset: string = after
        ? ' AND (a.updated_at, a.id) > (SELECT k.updated_at, k.id FROM adoption_request k WHERE k.id = :after)'
        : '';
      // One ordered index range (organisation, status, updated_at, id) per state, merged: the page reads at
      // most a page per state, however many requests wait (an IN over the states would sort them all).
      const union: string = branches
        .map(
          (b, i) => `(SELECT a.id FROM adoption_request a
            WHERE a.organisation_id = :org AND a.status = :status${i} AND ${b.condition}${keyset}
            ORDER BY a.updated_at, a.id LIMIT ${MAX_PAGE_SIZE})`,
        )
        .join(' UNION ALL ');
      const statuses = Object.fromEntries(branches.map((b, i) => [`status${i}`, b.status]));
      const rows: AdoptionRequestEntity[] = await this.db
        .repo(ctx, AdoptionRequestEntity)
        .createQueryBuilder('r')
        .where('r.organisation_id = :org', { org: ctx.orgId })
        // The merged ids as an array: the rows are then fetched by primary key.
        .andWhere(`r.id = ANY(ARRAY(${union}))`, { me, ...statuses, ...(after ? { after } : {}) })
        .orderBy('r.updated_at', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .limit(MAX_PAGE_SIZE)
        .getMany();
      const assessed = await this.assessedBy(
        ctx,
        me,
        rows.filter((r) => r.status === AdoptionStatus.AWAITING_DECISION),
      );
      queue.push(...rows.filter((r) => !assessed.has(r.id)));
      if (queue.length >= MAX_PAGE_SIZE || rows.length < MAX_PAGE_SIZE) return queue.slice(0, MAX_PAGE_SIZE);
      after = rows[rows.length - 1].id;
    }
  }

  /** Ids of the requests whose current revision `userId` assessed, among `requests` (one query). */
  private async assessedBy(ctx: RequestContext, userId: string, requests: AdoptionRequestEntity[]) {
    const assessments = await this.assessments.forRevisions(
      ctx,
      requests.map((r) => ({ requestId: r.id, revision: r.revision })),
    );
    return new Set(assessments.filter((a) => a.assessorIds.includes(userId)).map((a) => a.requestId));
  }

  // The nested fields of a request, each through the request's loader: a page of requests costs one query
  // per field, whatever its size. Only field resolvers call these (a mutation's pipeline reads directly).

  /** The assessment of the request's current revision, or null. */
  assessment(ctx: RequestContext, request: AdoptionRequestEntity): Promise<RiskAssessmentEntity | null> {
    return this.assessments.loadForRevision(ctx, request.id, request.revision);
  }

  /** The votes of every revision, oldest first. */
  votes(ctx: RequestContext, request: AdoptionRequestEntity): Promise<DecisionVoteEntity[]> {
    return loadVotesOfRequest(this.db, ctx, request.id);
  }

  async progress(ctx: RequestContext, request: AdoptionRequestEntity) {
    const evaluation = this.decisions.progressOf(request, await this.votes(ctx, request));
    return {
      approvals: evaluation.approvals,
      quorum: evaluation.quorum,
      missingApprovals: request.status === AdoptionStatus.APPROVED ? 0 : evaluation.missingApprovals,
      requiredExpertise: request.requiredExpertise,
      missingExpertise: evaluation.missingExpertise,
      requiredConditions: request.requiredConditions,
    };
  }

  /** The request's recorded history, in order. */
  async history(ctx: RequestContext, request: AdoptionRequestEntity) {
    return (await this.auditLog.loadRequestEvents(ctx, request.id, 1000)).map(auditEventView);
  }

  private visible(ctx: RequestContext): SelectQueryBuilder<AdoptionRequestEntity> {
    const q = this.db
      .repo(ctx, AdoptionRequestEntity)
      .createQueryBuilder('r')
      .where('r.organisation_id = :org', { org: ctx.orgId });
    // The ability's rule in SQL: organisation-wide readers, or the requester's own requests.
    if (!ORGANISATION_WIDE_READERS.some((r) => ctx.hasRole(r)))
      q.andWhere('r.requester_id = :me', { me: ctx.actor!.userId });
    return q;
  }

  private async applyFilter(
    ctx: RequestContext,
    q: SelectQueryBuilder<AdoptionRequestEntity>,
    f: AdoptionRequestFilter,
  ) {
    if (f.status?.length) q.andWhere('r.status IN (:...statuses)', { statuses: f.status });
    if (f.requesterId) q.andWhere('r.requester_id = :requesterId', { requesterId: f.requesterId });
    if (f.modelId) q.andWhere('r.model_id = :modelId', { modelId: f.modelId });
    if (f.sector) q.andWhere('r.sector = :sector', { sector: f.sector });
    if (f.tier) q.andWhere('r.tier = :tier', { tier: f.tier });
    if (f.weightsAccess) {
      // The catalog says which models have this access; one query, whatever the page.
      const modelIds = await this.models.idsWithWeightsAccess(ctx, f.weightsAccess);
      q.andWhere('r.model_id = ANY(:modelIds::uuid[])', { modelIds });
    }
    if (f.search) {
      const p = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q.andWhere(
        new Brackets((w) =>
          w
            .where('r.title ILIKE :p', { p })
            .orWhere('r.reference ILIKE :p')
            // Each condition on its own column, as the trigram indexes serve them (a null use case matches nothing).
            .orWhere('r.use_case ILIKE :p'),
        ),
      );
    }
  }
}

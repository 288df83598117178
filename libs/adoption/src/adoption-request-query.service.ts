import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AuditEventEntity, auditEventView } from '@app/audit';
import { decodeCursor, MAX_PAGE_SIZE, pageSize, RequestContext, requireUuid, Role, toConnection } from '@app/core';
import { Db } from '@app/persistence';
import { RiskAssessmentEntity, RiskAssessmentService } from '@app/risk';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { AdoptionDecisionService } from './adoption-decision.service';
import { AdoptionRequestFilter } from './dto/adoption-request.input';
import { DecisionVoteEntity } from './decision.entity';
import { AdoptionStatus } from './workflow';

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
  ) {}

  async get(ctx: RequestContext, id: string): Promise<AdoptionRequestEntity> {
    requireUuid('AdoptionRequest', id);
    const row = await this.db.repo(ctx, AdoptionRequestEntity).findOne({ where: { id, organisationId: ctx.orgId } });
    return this.access.require(ctx, 'read', 'AdoptionRequest', row, id);
  }

  async list(ctx: RequestContext, filter: AdoptionRequestFilter = {}, first?: number | null, after?: string | null) {
    const size = pageSize(first);
    const base = this.visible(ctx);
    this.applyFilter(base, filter);
    const totalCount = await base.clone().getCount();
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

  /** What waits for the caller: changes to make, requests to review, decisions to cast. */
  async myQueue(ctx: RequestContext): Promise<AdoptionRequestEntity[]> {
    const me = ctx.actor!.userId;
    const q = this.db
      .repo(ctx, AdoptionRequestEntity)
      .createQueryBuilder('r')
      .where('r.organisation_id = :org', { org: ctx.orgId });
    const clauses: string[] = [];
    if (ctx.hasRole(Role.REQUESTER))
      clauses.push(`(r.requester_id = :me AND r.status IN ('DRAFT', 'CHANGES_REQUESTED'))`);
    if (ctx.hasRole(Role.REVIEWER)) clauses.push(`(r.requester_id <> :me AND r.status IN ('SUBMITTED', 'IN_REVIEW'))`);
    if (ctx.hasRole(Role.APPROVER)) {
      clauses.push(`(r.requester_id <> :me AND r.status = 'AWAITING_DECISION'
        AND NOT EXISTS (SELECT 1 FROM decision_vote v WHERE v.request_id = r.id AND v.revision = r.revision AND v.approver_id = :me)
        AND NOT EXISTS (SELECT 1 FROM risk_assessment a WHERE a.request_id = r.id AND a.revision = r.revision AND :me = ANY(a.assessor_ids)))`);
    }
    if (clauses.length === 0) return [];
    return q
      .andWhere(`(${clauses.join(' OR ')})`, { me })
      .orderBy('r.updated_at', 'ASC')
      .limit(MAX_PAGE_SIZE)
      .getMany();
  }

  assessment(ctx: RequestContext, request: AdoptionRequestEntity): Promise<RiskAssessmentEntity | null> {
    return this.assessments.forRevision(ctx, request.id, request.revision);
  }

  votes(ctx: RequestContext, request: AdoptionRequestEntity): Promise<DecisionVoteEntity[]> {
    return this.db
      .repo(ctx, DecisionVoteEntity)
      .find({ where: { organisationId: ctx.orgId, requestId: request.id }, order: { createdAt: 'ASC' } });
  }

  async progress(ctx: RequestContext, request: AdoptionRequestEntity) {
    const evaluation = this.decisions.evaluate(request, await this.decisions.votesOf(ctx, request));
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
    const events = await this.db
      .repo(ctx, AuditEventEntity)
      .find({ where: { organisationId: ctx.orgId, requestId: request.id }, order: { seq: 'ASC' }, take: 1000 });
    return events.map(auditEventView);
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

  private applyFilter(q: SelectQueryBuilder<AdoptionRequestEntity>, f: AdoptionRequestFilter) {
    if (f.status?.length) q.andWhere('r.status IN (:...statuses)', { statuses: f.status });
    if (f.requesterId) q.andWhere('r.requester_id = :requesterId', { requesterId: f.requesterId });
    if (f.modelId) q.andWhere('r.model_id = :modelId', { modelId: f.modelId });
    if (f.sector) q.andWhere('r.sector = :sector', { sector: f.sector });
    if (f.tier) q.andWhere('r.tier = :tier', { tier: f.tier });
    if (f.weightsAccess) {
      q.andWhere('EXISTS (SELECT 1 FROM ai_model m WHERE m.id = r.model_id AND m.weights_access = :wa)', {
        wa: f.weightsAccess,
      });
    }
    if (f.search) {
      const p = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q.andWhere(
        new Brackets((w) =>
          w
            .where('r.title ILIKE :p', { p })
            .orWhere('r.reference ILIKE :p')
            .orWhere(`coalesce(r.use_case, '') ILIKE :p`),
        ),
      );
    }
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, canonicalHash } from '@app/audit';
import { AccessService } from '@app/authz';
import type { AiModelEntity } from '@app/catalog';
import { byKeys, NotFoundError, RequestContext, requireUuid } from '@app/core';
import { Db } from '@app/persistence';
import { RiskAssessmentService } from '@app/risk';
import type { PolicyEvaluation } from './adoption-hooks';
import { AdoptionRequestEntity } from './adoption-request.entity';
import type { Applied } from './adoption-pipeline.service';
import { DECISION_RECORD_FROZEN, DECISION_RECORD_SUBJECT } from './decision-record-snapshot.check';
import { DecisionRecordEntity, DecisionVoteEntity } from './decision.entity';

/**
 * Freezes the evidence of a final outcome (APPROVED, REJECTED, REVOKED): the request, the model's openness
 * profile, the assessment, the policy findings with the policy versions in force, the votes and the
 * conditions, linked to the audit event of the decision. The row never changes afterwards (a trigger
 * refuses UPDATE and DELETE), whatever later happens to the model or the policies.
 *
 * The snapshot is bound into the audit chain: its hash (SHA-256 of its RFC 8785 canonical JSON) goes into a
 * `decision_record.frozen` event appended in the same transaction, right after the decision's event, so a
 * snapshot rewritten behind the trigger no longer matches the chain (DecisionRecordSnapshotCheck reports
 * it). A separate event because the decision's event is hashed before the snapshot exists: the snapshot
 * records that event's time and sequence number.
 */
@Injectable()
export class DecisionRecordService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly assessments: RiskAssessmentService,
    private readonly audit: AuditService,
  ) {}

  /**
   * @param evidence what the decision was taken on, as the workflow gathered it at that moment: the model
   *   and the published policies' verdict with the versions in force.
   */
  async freeze(
    ctx: RequestContext,
    applied: Applied,
    evidence: { model: AiModelEntity; policy: PolicyEvaluation },
  ): Promise<DecisionRecordEntity> {
    const request = applied.request;
    const { motRecord: _record, ...profile } = evidence.model;
    const assessment = await this.assessments.forRevision(ctx, request.id, request.revision);
    const votes = await this.db
      .repo(ctx, DecisionVoteEntity)
      .find({ where: { requestId: request.id, revision: request.revision }, order: { createdAt: 'ASC' } });
    const policy = evidence.policy;
    const snapshot = JSON.parse(
      JSON.stringify({
        outcome: request.status,
        decidedAt: applied.event.occurredAt,
        request,
        model: profile,
        assessment,
        policy,
        votes,
        conditions: request.conditions,
      }),
    ) as Record<string, unknown>;
    const repo = this.db.repo(ctx, DecisionRecordEntity);
    const row = repo.create({
      id: randomUUID(),
      organisationId: ctx.orgId,
      requestId: request.id,
      revision: request.revision,
      outcome: request.status,
      snapshot,
      auditEventId: applied.event.id,
      auditSeq: applied.event.seq,
    });
    await repo.insert(row as never);
    await this.audit.append(ctx, {
      action: DECISION_RECORD_FROZEN,
      subjectType: DECISION_RECORD_SUBJECT,
      subjectId: row.id,
      requestId: request.id,
      payload: {
        reference: request.reference,
        revision: request.revision,
        outcome: request.status,
        decisionSeq: Number(applied.event.seq),
        snapshotHash: canonicalHash(snapshot),
      },
    });
    return row;
  }

  /**
   * The latest decision record of a request already read (the caller's access to it was checked when it was
   * loaded), through the request's loader: a page of requests gets its records in one query. Null: none yet.
   */
  loadLatest(ctx: RequestContext, requestId: string): Promise<DecisionRecordEntity | null> {
    return ctx
      .loader('adoption.latestDecisionRecord', async (ids: readonly string[]) => {
        const rows = await this.db.select(
          ctx,
          DecisionRecordEntity,
          `WHERE t.id IN (SELECT DISTINCT ON (d.request_id) d.id FROM decision_record d
             WHERE d.organisation_id = $1 AND d.request_id = ANY($2::uuid[])
             ORDER BY d.request_id, d.created_at DESC, d.audit_seq DESC)`,
          [ctx.orgId, [...ids]],
        );
        return byKeys(ids, rows, (d) => d.requestId);
      })
      .load(requestId);
  }

  /** The latest decision record of a request the caller may read. */
  async latest(ctx: RequestContext, requestId: string): Promise<DecisionRecordEntity> {
    requireUuid('AdoptionRequest', requestId);
    const request = await this.db
      .repo(ctx, AdoptionRequestEntity)
      .findOne({ where: { id: requestId, organisationId: ctx.orgId } });
    this.access.require(ctx, 'read', 'AdoptionRequest', request, requestId);
    const record = await this.db
      .repo(ctx, DecisionRecordEntity)
      .findOne({ where: { organisationId: ctx.orgId, requestId }, order: { createdAt: 'DESC', auditSeq: 'DESC' } });
    if (!record) throw new NotFoundError('DecisionRecord for request', requestId);
    return record;
  }
}

/** A decision record as GraphQL shows it: the snapshot as JSON text, the sequence number as a number. */
export function decisionRecordView(r: DecisionRecordEntity) {
  return { ...r, snapshot: JSON.stringify(r.snapshot), auditSeq: Number(r.auditSeq) };
}

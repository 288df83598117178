import { Injectable } from '@nestjs/common';
import { AuditQueryService, eventLine, toChainedEvent } from '@app/audit';
import { NotFoundError, RequestContext, requireUuid } from '@app/core';
import { Db } from '@app/persistence';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { DecisionRecordEntity } from './decision.entity';

/**
 * One request's record for auditors: its decision records and every event of its history (each event as a
 * line of the audit export, with its hashes), as one JSON document. The events come from the audit library.
 */
@Injectable()
export class AdoptionRecordService {
  constructor(
    private readonly db: Db,
    private readonly auditLog: AuditQueryService,
  ) {}

  async exportOf(ctx: RequestContext, id: string) {
    requireUuid('AdoptionRequest', id);
    const request = await this.db
      .repo(ctx, AdoptionRequestEntity)
      .findOne({ select: { id: true, reference: true }, where: { id, organisationId: ctx.orgId } });
    if (!request) throw new NotFoundError('AdoptionRequest', id);
    const records = await this.db
      .repo(ctx, DecisionRecordEntity)
      .find({ where: { requestId: id, organisationId: ctx.orgId }, order: { createdAt: 'ASC' } });
    const events = await this.auditLog.requestEvents(ctx, id);
    return {
      request: { id: request.id, reference: request.reference },
      decisionRecords: records.map((r) => ({
        id: r.id,
        revision: r.revision,
        outcome: r.outcome,
        snapshot: r.snapshot,
        auditEventId: r.auditEventId,
        auditSeq: Number(r.auditSeq),
        createdAt: r.createdAt,
      })),
      events: events.map((e) => JSON.parse(eventLine(toChainedEvent(e))) as Record<string, unknown>),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { decodeCursor, groupByKeys, pageSize, RequestContext, toConnection } from '@app/core';
import { Db, ListCounter } from '@app/persistence';
import { Between, In } from 'typeorm';
import { AuditDirectory } from './audit-directory';
import { AuditEventEntity } from './audit-event.entity';
import { auditEventView } from './audit-event.view';
import { AuditEventFilter } from './audit.types';

/** Events of one action on one kind of subject, optionally of some subjects or within a range of sequence numbers. */
export interface AuditEventSelection {
  action: string;
  subjectType: string;
  subjectIds?: string[];
  seq?: { from: number; to: number };
}

/**
 * Reading the audit log: for auditors, filtered, oldest first, keyset-paginated by sequence number; for the
 * features above audit, the events of one of their requests.
 */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly db: Db,
    private readonly directory: AuditDirectory,
    private readonly counter: ListCounter,
  ) {}

  async list(ctx: RequestContext, f: AuditEventFilter = {}, first?: number | null, after?: string | null) {
    const size = pageSize(first);
    // Plain SQL (Db.select): one statement text per combination of filters, built without the query builder.
    const where = ['t.organisation_id = $1'];
    const params: unknown[] = [ctx.orgId];
    const and = (condition: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (f.from) and((p) => `t.occurred_at >= ${p}`, new Date(f.from));
    if (f.to) and((p) => `t.occurred_at < ${p}`, new Date(f.to));
    if (f.actorId) and((p) => `t.actor_id = ${p}`, f.actorId);
    if (f.action) and((p) => `t.action = ${p}`, f.action);
    if (f.subjectType) and((p) => `t.subject_type = ${p}`, f.subjectType);
    if (f.subjectId) and((p) => `t.subject_id = ${p}`, f.subjectId);
    if (f.reference) {
      // The library that owns requests resolves the reference; an unknown one matches no event.
      const requestId = await this.directory.requestIdOf(ctx, f.reference);
      if (requestId === null) where.push('FALSE');
      else and((p) => `t.request_id = ${p}`, requestId);
    }
    const totalCount = await this.counter.count(ctx, {
      from: `FROM audit_event t WHERE ${where.join(' AND ')}`,
      params: [...params],
    });
    if (after) and((p) => `t.seq > ${p}`, String(decodeCursor(after, ['seq'])[0]));
    params.push(size + 1);
    const rows = await this.db.select(
      ctx,
      AuditEventEntity,
      `WHERE ${where.join(' AND ')} ORDER BY t.seq LIMIT $${params.length}`,
      params,
    );
    return toConnection(rows.map(auditEventView), size, totalCount, (e) => [e.seq]);
  }

  /**
   * The events of one request of the context's organisation, oldest first (at most `limit`): its history and
   * its record export read them here, not in the audit tables.
   */
  requestEvents(ctx: RequestContext, requestId: string, limit?: number): Promise<AuditEventEntity[]> {
    return this.db
      .repo(ctx, AuditEventEntity)
      .find({ where: { organisationId: ctx.orgId, requestId }, order: { seq: 'ASC' }, take: limit });
  }

  /**
   * `requestEvents` of many requests in one query (at most `limit` each, oldest first), in the order of
   * `requestIds`: a page of requests shows its histories at the cost of one statement.
   */
  async requestEventsOfMany(
    ctx: RequestContext,
    requestIds: readonly string[],
    limit: number,
  ): Promise<AuditEventEntity[][]> {
    if (requestIds.length === 0) return [];
    const rows = await this.db.select(
      ctx,
      AuditEventEntity,
      `WHERE t.organisation_id = $1
         AND t.id IN (SELECT ranked.id FROM (SELECT a.id, row_number() OVER (PARTITION BY a.request_id ORDER BY a.seq) AS n
           FROM audit_event a WHERE a.organisation_id = $1 AND a.request_id = ANY($2::uuid[])) ranked
           WHERE ranked.n <= $3)
       ORDER BY t.seq`,
      [ctx.orgId, [...new Set(requestIds)], limit],
    );
    return groupByKeys(requestIds, rows, (e) => e.requestId!);
  }

  /** `requestEvents` for field resolvers, through the request's loader (one query for a page of requests). */
  loadRequestEvents(ctx: RequestContext, requestId: string, limit: number): Promise<AuditEventEntity[]> {
    return ctx
      .loader(`audit.requestEvents:${limit}`, (ids: readonly string[]) => this.requestEventsOfMany(ctx, ids, limit))
      .load(requestId);
  }

  /**
   * The events a feature bound into the chain (e.g. its `decision_record.frozen` events), oldest first, at
   * most `limit`: features verify their bindings through this, not in the audit tables.
   */
  selectEvents(ctx: RequestContext, s: AuditEventSelection, limit?: number): Promise<AuditEventEntity[]> {
    return this.db.repo(ctx, AuditEventEntity).find({
      where: {
        organisationId: ctx.orgId,
        action: s.action,
        subjectType: s.subjectType,
        ...(s.subjectIds ? { subjectId: In(s.subjectIds) } : {}),
        ...(s.seq ? { seq: Between(String(s.seq.from), String(s.seq.to)) } : {}),
      },
      order: { seq: 'ASC' },
      take: limit,
    });
  }
}

import { Injectable } from '@nestjs/common';
import { decodeCursor, pageSize, RequestContext, toConnection } from '@app/core';
import { Db } from '@app/persistence';
import { AuditEventEntity } from './audit-event.entity';
import { auditEventView } from './audit-event.view';
import { AuditEventFilter } from './audit.types';

/** The audit log for auditors: filtered, oldest first, keyset-paginated by sequence number. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly db: Db) {}

  async list(ctx: RequestContext, f: AuditEventFilter = {}, first?: number | null, after?: string | null) {
    const size = pageSize(first);
    const q = this.db
      .repo(ctx, AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.organisation_id = :org', { org: ctx.orgId });
    if (f.from) q.andWhere('e.occurred_at >= :from', { from: new Date(f.from) });
    if (f.to) q.andWhere('e.occurred_at < :to', { to: new Date(f.to) });
    if (f.actorId) q.andWhere('e.actor_id = :actorId', { actorId: f.actorId });
    if (f.action) q.andWhere('e.action = :action', { action: f.action });
    if (f.subjectType) q.andWhere('e.subject_type = :subjectType', { subjectType: f.subjectType });
    if (f.subjectId) q.andWhere('e.subject_id = :subjectId', { subjectId: f.subjectId });
    if (f.reference) {
      q.andWhere(
        'e.request_id = (SELECT r.id FROM adoption_request r WHERE r.organisation_id = :org AND upper(r.reference) = upper(:reference))',
        { reference: f.reference },
      );
    }
    const totalCount = await q.clone().getCount();
    if (after) q.andWhere('e.seq > :after', { after: String(decodeCursor(after, ['seq'])[0]) });
    const rows = await q
      .orderBy('e.seq', 'ASC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows.map(auditEventView), size, totalCount, (e) => [e.seq]);
  }
}

import { AuditEventEntity } from './audit-event.entity';
import { AuditEventType } from './audit.types';

/**
 * The one projection of a stored audit event for clients: the audit log (`auditEvents`) and a request's
 * history both answer with it (the history's GraphQL type shows a subset of its fields). The payload is
 * sent as JSON text, exactly as it was hashed into the chain.
 */
export function auditEventView(e: AuditEventEntity): AuditEventType {
  return {
    seq: Number(e.seq),
    occurredAt: e.occurredAt,
    actorId: e.actorId,
    actor: e.actorLabel,
    actorRoles: e.actorRoles,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    fromState: e.fromState,
    toState: e.toState,
    payload: JSON.stringify(e.payload),
    requestId: e.requestId,
    correlationId: e.correlationId,
    previousHash: e.previousHash,
    hash: e.hash,
  };
}

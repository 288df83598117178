import { AuditEventEntity } from './audit-event.entity';
import { ChainedEvent } from './audit-chain';

/** Turns a stored row back into the fields its hash covers. */
export function toChainedEvent(row: AuditEventEntity): ChainedEvent & { hash: string } {
  return {
    organisationId: row.organisationId,
    seq: Number(row.seq),
    occurredAt: new Date(row.occurredAt),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    actorRoles: row.actorRoles,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    fromState: row.fromState,
    toState: row.toState,
    payload: row.payload,
    requestId: row.requestId,
    correlationId: row.correlationId,
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

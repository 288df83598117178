export * from './audit-chain';
export * from './audit-chain.reader';
export * from './audit-event.entity';
export * from './audit.module';
export * from './audit.service';
import { AuditChainHeadEntity, AuditEventEntity } from './audit-event.entity';
export const AUDIT_ENTITIES = [AuditEventEntity, AuditChainHeadEntity];
export * from './audit-verification.service';

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One recorded change. Rows are only ever inserted (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  /** bigint arrives from pg as a string; kept as a string so no precision is lost. */
  @Column('bigint') seq: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('varchar', { name: 'actor_label' }) actorLabel: string;
  @Column('text', { name: 'actor_roles', array: true }) actorRoles: string[];
  @Column('varchar') action: string;
  @Column('varchar', { name: 'subject_type' }) subjectType: string;
  @Column('varchar', { name: 'subject_id' }) subjectId: string;
  @Column('varchar', { name: 'from_state', nullable: true }) fromState: string | null;
  @Column('varchar', { name: 'to_state', nullable: true }) toState: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('uuid', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('varchar', { name: 'correlation_id', nullable: true }) correlationId: string | null;
  @Column('char', { name: 'previous_hash', length: 64 }) previousHash: string;
  @Column('char', { length: 64 }) hash: string;
}

/** The head of an organisation's chain, row-locked by every append. */
@Entity('audit_chain_head')
export class AuditChainHeadEntity {
  @PrimaryColumn('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('bigint') seq: string;
  @Column('char', { length: 64 }) hash: string;
}

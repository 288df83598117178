import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Vote } from './workflow';

/** One approver's vote on one revision (unique per approver and revision). */
@Entity('decision_vote')
export class DecisionVoteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('uuid', { name: 'request_id' }) requestId: string;
  @Column('integer') revision: number;
  @Column('uuid', { name: 'approver_id' }) approverId: string;
  /** The approver's expertise when they voted. */
  @Column('text', { array: true }) expertise: string[];
  @Column('varchar') vote: Vote;
  @Column('text') rationale: string;
  @Column('text', { array: true }) conditions: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** The frozen evidence of a final outcome; the database refuses to change it. */
@Entity('decision_record')
export class DecisionRecordEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('uuid', { name: 'request_id' }) requestId: string;
  @Column('integer') revision: number;
  @Column('varchar') outcome: string;
  @Column('jsonb') snapshot: Record<string, unknown>;
  @Column('uuid', { name: 'audit_event_id' }) auditEventId: string;
  @Column('bigint', { name: 'audit_seq' }) auditSeq: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

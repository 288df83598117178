import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '@app/core';

export type RoleGrantKind = 'GRANTED' | 'ACTIVATED';

/**
 * Who received which roles from whom, and when accounts were activated: the oversight view of access
 * changes (the audit log holds the same facts in its chain; this table answers "the last 30 days" cheaply).
 */
@Entity('role_grant')
export class RoleGrantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('varchar') kind: RoleGrantKind;
  @Column('text', { array: true }) roles: Role[];
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('varchar', { name: 'actor_label' }) actorLabel: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Expertise, Role } from '@app/core';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('varchar') email: string;
  @Column('varchar', { name: 'display_name' }) displayName: string;
  /** argon2id hash; null for users who only sign in through OIDC. */
  @Column('text', { name: 'password_hash', nullable: true, select: false }) passwordHash: string | null;
  @Column('text', { array: true }) roles: Role[];
  @Column('text', { array: true }) expertise: Expertise[];
  /** False once deactivated. */
  @Column('boolean') active: boolean;
  /** When the user chose their password through their invitation; null while the invitation is pending. */
  @Column('timestamptz', { name: 'activated_at', nullable: true }) activatedAt: Date | null;
  @Column('integer') version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

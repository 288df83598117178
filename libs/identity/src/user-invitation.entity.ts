import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The pending invitation of a user (at most one: issuing a new one replaces it). Only the SHA-256 of the
 * one-time token is kept, so the table alone cannot activate anyone; the row is deleted when used.
 */
@Entity('user_invitation')
export class UserInvitationEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('char', { name: 'token_hash', length: 64 }) tokenHash: string;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A tenant. Nothing of one organisation is visible to another. */
@Entity('organisation')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') slug: string;
  @Column('varchar') name: string;
  /**
   * Monthly active users across all the organisation's products and services, as its administrators record
   * it; null until recorded. Licence user thresholds (e.g. Llama's 700M) count this, not one request's users.
   */
  @Column('bigint', { name: 'monthly_active_users', nullable: true, transformer: bigintAsNumber })
  monthlyActiveUsers: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

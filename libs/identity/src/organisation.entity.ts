import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A tenant. Nothing of one organisation is visible to another. */
@Entity('organisation')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') slug: string;
  @Column('varchar') name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { HostingOption } from '@app/catalog';
import type { Connectivity, DataSensitivity, HardwareProfile, IntendedAdaptation, RiskTier, Sector } from '@app/risk';
import type { AdoptionStatus } from './workflow';

const bigintAsNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** An alternative the requester considered, and why it was not chosen. */
export interface AlternativeConsidered {
  modelId: string | null;
  name: string;
  reason: string;
}

/** A request to adopt a model for a use case. Status changes only through the workflow's conditional updates. */
@Entity('adoption_request')
export class AdoptionRequestEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('varchar') reference: string;
  @Column('varchar') title: string;
  @Column('uuid', { name: 'requester_id' }) requesterId: string;
  @Column('uuid', { name: 'model_id' }) modelId: string;
  @Column('text', { name: 'use_case', nullable: true }) useCase: string | null;
  @Column('varchar', { nullable: true }) sector: Sector | null;
  @Column('varchar', { name: 'deployment_mode', nullable: true }) deploymentMode: HostingOption | null;
  @Column('varchar', { name: 'data_sensitivity', nullable: true }) dataSensitivity: DataSensitivity | null;
  @Column('varchar', { name: 'intended_adaptation', nullable: true }) intendedAdaptation: IntendedAdaptation | null;
  @Column('text', { array: true }) languages: string[];
  @Column('text', { name: 'affected_population', nullable: true }) affectedPopulation: string | null;
  @Column('bigint', { name: 'expected_users', nullable: true, transformer: bigintAsNumber }) expectedUsers:
    number | null;
  @Column('text', { nullable: true }) justification: string | null;
  /** Hard constraints (checked for feasibility before any risk is scored); empty while drafting. */
  @Column('varchar', { nullable: true }) connectivity: Connectivity | null;
  /** Jurisdictions where the data may be processed: ISO 3166-1 alpha-2 codes, EU, EEA, or ANY. */
  @Column('text', { name: 'data_residency', array: true }) dataResidency: string[];
  @Column('varchar', { nullable: true }) hardware: HardwareProfile | null;
  /** Open to the public, not only the organisation's staff: stated by the requester, never guessed. */
  @Column('boolean', { name: 'public_facing', nullable: true }) publicFacing: boolean | null;
  @Column('jsonb') alternatives: AlternativeConsidered[];
  @Column('varchar') status: AdoptionStatus;
  /** Raised on each resubmission (and recertification): assessments and votes belong to one revision. */
  @Column('integer') revision: number;
  /** Raised on every change; transitions are conditional on it. */
  @Column('integer') version: number;
  @Column('varchar', { nullable: true }) tier: RiskTier | null;
  @Column('text', { name: 'required_expertise', array: true }) requiredExpertise: string[];
  @Column('text', { name: 'required_conditions', array: true }) requiredConditions: string[];
  /** Conditions attached to the approval (policy conditions and those of every vote). */
  @Column('text', { array: true }) conditions: string[];
  /** Why the request is in its state (withdrawal reason, requested changes, revocation, recertification). */
  @Column('text', { name: 'status_reason', nullable: true }) statusReason: string | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ComponentView } from './model-profile';
import type {
  DataQualityIssue,
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  LicenseObligation,
  MofClass,
  MofProgress,
  MotRecord,
  ReleaseLevel,
  SourceLink,
  TrainingDataOpenness,
  WeightsAccess,
} from './openness';

/** bigint comes back from pg as a string; parameter counts fit a JS number. */
const bigintAsNumber = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity('ai_model')
export class AiModelEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  /** Stable identity within the organisation: the curated key, `mot:<record name>`, or `custom:<uuid>`. */
  @Column('varchar') key: string;
  @Column('varchar') name: string;
  @Column('varchar') producer: string;
  @Column('varchar', { nullable: true }) family: string | null;
  @Column('varchar', { name: 'release_version', nullable: true }) releaseVersion: string | null;
  @Column('varchar', { name: 'model_type', nullable: true }) modelType: string | null;
  @Column('text', { array: true }) modalities: string[];
  @Column('bigint', { name: 'parameter_count', nullable: true, transformer: bigintAsNumber })
  parameterCount: number | null;
  @Column('varchar', { name: 'release_date', nullable: true }) releaseDate: string | null;
  @Column('varchar', { name: 'release_level' }) releaseLevel: ReleaseLevel;
  @Column('boolean') gated: boolean;
  @Column('varchar', { name: 'weights_access' }) weightsAccess: WeightsAccess;
  @Column('varchar', { name: 'license_name', nullable: true }) licenseName: string | null;
  @Column('varchar', { name: 'license_url', nullable: true }) licenseUrl: string | null;
  @Column('varchar', { name: 'license_kind' }) licenseKind: LicenseKind;
  @Column('jsonb') obligations: LicenseObligation[];
  @Column('jsonb') components: ComponentView[];
  @Column('varchar', { name: 'mof_class' }) mofClass: MofClass;
  @Column('jsonb', { name: 'mof_progress' }) mofProgress: MofProgress;
  @Column('jsonb') osaid: { conformant: boolean; missing: string[] };
  @Column('varchar', { name: 'training_data_openness' }) trainingDataOpenness: TrainingDataOpenness;
  @Column('text', { name: 'hosting_options', array: true }) hostingOptions: HostingOption[];
  @Column('text', { array: true }) languages: string[];
  @Column('text', { name: 'fine_tuning', array: true }) fineTuning: FineTuningAvailability[];
  @Column('jsonb') sources: SourceLink[];
  @Column('jsonb', { name: 'mot_record', nullable: true }) motRecord: MotRecord | null;
  /** Known weaknesses of the facts above (see DataQualityCode). */
  @Column('jsonb', { name: 'data_quality' }) dataQuality: DataQualityIssue[];
  @Column('boolean') retired: boolean;
  /** Raised on every change; updates name the version they expect (optimistic concurrency). */
  @Column('integer') version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EuAiActScreen } from '../engine/eu-ai-act';
import type { EuAiActClass, RiskCategory, RiskTier } from '../engine/risk-context';

/** One category's assessment: inherent and residual likelihood and impact (1-5), and why. */
export interface AssessmentItem {
  category: RiskCategory;
  likelihood: number;
  impact: number;
  rationale: string;
  mitigation: string;
  residualLikelihood: number;
  residualImpact: number;
  /** AUTO: the engine's values unchanged; ASSESSOR: set or changed by the assessor. */
  source: 'AUTO' | 'ASSESSOR';
  /** Why the assessor departed from the automatic values (required when they did). */
  justification: string | null;
  /** The engine's reasons, kept beside whatever the assessor decided. */
  reasons: Array<{ code: string; text: string }>;
}

/** The six steps of a marginal-risk analysis (Kapoor et al. 2024) for open or gated weights with high misuse risk. */
export interface MarginalRiskAnalysis {
  threat: string;
  existingRisk: string;
  existingDefences: string;
  marginalRiskEvidence: string;
  easeOfDefence: string;
  uncertainty: string;
}

/** The risk assessment of one revision of an adoption request. */
@Entity('risk_assessment')
export class RiskAssessmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('uuid', { name: 'request_id' }) requestId: string;
  @Column('integer') revision: number;
  /** Everyone who saved this assessment: none of them may decide the revision. */
  @Column('uuid', { name: 'assessor_ids', array: true }) assessorIds: string[];
  @Column('jsonb') items: AssessmentItem[];
  /** The automatic pre-assessment it started from. */
  @Column('jsonb', { name: 'auto_items' }) autoItems: AssessmentItem[];
  @Column('varchar', { name: 'eu_ai_act_class', nullable: true }) euAiActClass: EuAiActClass | null;
  /**
   * The EU AI Act pre-screen as it stood when the review started (provisions and the words that matched them,
   * GPAI status, the organisation's role), kept so the record shows what was matched; null for older rows.
   */
  @Column('jsonb', { name: 'eu_ai_act_screen', nullable: true }) euAiActScreen: EuAiActScreen | null;
  @Column('jsonb', { name: 'marginal_risk', nullable: true }) marginalRisk: MarginalRiskAnalysis | null;
  @Column('integer', { name: 'inherent_score', nullable: true }) inherentScore: number | null;
  @Column('integer', { name: 'residual_score', nullable: true }) residualScore: number | null;
  @Column('varchar', { nullable: true }) tier: RiskTier | null;
  @Column('integer') version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

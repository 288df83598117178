import { RiskAssessmentEntity } from './assessment/risk-assessment.entity';

export * from './engine';
export * from './assessment/risk-assessment.entity';
export * from './assessment/risk-assessment.input';
export * from './assessment/risk-assessment.service';
export * from './assessment/risk-assessment.types';
export * from './assessment/eu-ai-act.types';
export * from './risk.module';

export const RISK_ENTITIES = [RiskAssessmentEntity];

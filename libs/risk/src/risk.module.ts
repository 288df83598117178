import { Module } from '@nestjs/common';
import { RiskAssessmentService } from './assessment/risk-assessment.service';

/**
 * Risk assessments and the pure risk engine. The only module that reads or writes `risk_assessment`:
 * other features go through RiskAssessmentService. The database (Db) comes from the global persistence module.
 */
@Module({
  providers: [RiskAssessmentService],
  exports: [RiskAssessmentService],
})
export class RiskModule {}

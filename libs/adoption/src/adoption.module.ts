import { Module, OnModuleInit } from '@nestjs/common';
import { CatalogModule } from '@app/catalog';
import { IdentityModule } from '@app/identity';
import { PolicyModule } from '@app/policy';
import { RiskModule } from '@app/risk';
import { PolicyHook, PreAssessmentHook } from './adoption-hooks';
import { EnginePreAssessment, OrganisationPolicies } from './adoption-hooks.impl';
import { AdoptionDecisionService } from './adoption-decision.service';
import { AdoptionJobsService } from './adoption-jobs.service';
import { AdoptionOptionsResolver } from './adoption-options.resolver';
import { AdoptionOptionsService } from './adoption-options.service';
import { AdoptionPipeline } from './adoption-pipeline.service';
import { AdoptionPortfolioService } from './adoption-portfolio.service';
import { AdoptionRecordExportController } from './adoption-record-export.controller';
import { AdoptionRecordService } from './adoption-record.service';
import { AdoptionRequestFieldsResolver } from './adoption-request-fields.resolver';
import { AdoptionRequestQueryService } from './adoption-request-query.service';
import { AdoptionRequestReferences } from './adoption-request-references';
import { AdoptionRequestResolver } from './adoption-request.resolver';
import { AdoptionRequestService } from './adoption-request.service';
import { AdoptionWorkflowService } from './adoption-workflow.service';
import { DecisionRecordService } from './decision-record.service';
import { DecisionRecordSnapshotCheck } from './decision-record-snapshot.check';
import { DemoRequestsSeeder } from './demo-requests.seeder';
import { ADOPTION_WORKFLOW, validateWorkflow } from './workflow';

/** Adoption requests and their approval workflow. */
@Module({
  imports: [IdentityModule, CatalogModule, PolicyModule, RiskModule],
  controllers: [AdoptionRecordExportController],
  providers: [
    AdoptionDecisionService,
    AdoptionOptionsResolver,
    AdoptionOptionsService,
    AdoptionPipeline,
    AdoptionPortfolioService,
    AdoptionRecordService,
    AdoptionJobsService,
    AdoptionRequestFieldsResolver,
    AdoptionRequestQueryService,
    AdoptionRequestReferences,
    AdoptionRequestResolver,
    AdoptionRequestService,
    AdoptionWorkflowService,
    DecisionRecordService,
    DecisionRecordSnapshotCheck,
    DemoRequestsSeeder,
    OrganisationPolicies,
    { provide: PolicyHook, useExisting: OrganisationPolicies },
    { provide: PreAssessmentHook, useClass: EnginePreAssessment },
  ],
  exports: [AdoptionRequestQueryService, AdoptionJobsService, DemoRequestsSeeder],
})
export class AdoptionModule implements OnModuleInit {
  /** The transition table is checked when the service starts: a broken workflow never serves. */
  onModuleInit() {
    validateWorkflow(ADOPTION_WORKFLOW);
  }
}

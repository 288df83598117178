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
import { AdoptionPortfolioService } from './adoption-portfolio.service';
import { AdoptionRequestFieldsResolver } from './adoption-request-fields.resolver';
import { AdoptionRequestQueryService } from './adoption-request-query.service';
import { AdoptionRequestResolver } from './adoption-request.resolver';
import { AdoptionRequestService } from './adoption-request.service';
import { AdoptionTransitionService } from './adoption-transition.service';
import { AdoptionWorkflowService } from './adoption-workflow.service';
import { DecisionRecordService } from './decision-record.service';
import { DecisionRecordSnapshotCheck } from './decision-record-snapshot.check';
import { DemoRequestsSeeder } from './demo-requests.seeder';
import { ADOPTION_WORKFLOW, validateWorkflow } from './workflow';

/** Adoption requests and their approval workflow. */
@Module({
  imports: [IdentityModule, CatalogModule, PolicyModule, RiskModule],
  providers: [
    AdoptionDecisionService,
    AdoptionOptionsResolver,
    AdoptionOptionsService,
    AdoptionPortfolioService,
    AdoptionJobsService,
    AdoptionRequestFieldsResolver,
    AdoptionRequestQueryService,
    AdoptionRequestResolver,
    AdoptionRequestService,
    AdoptionTransitionService,
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

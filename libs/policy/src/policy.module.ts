import { Module, OnModuleInit } from '@nestjs/common';
import { IdentityModule, OrganisationService } from '@app/identity';
import { PolicyEvaluationService } from './policy-evaluation.service';
import { PolicyResolver } from './policy.resolver';
import { PolicyService } from './policy.service';

/** Policies with CEL rules; every new organisation starts with the published baseline policy. */
@Module({
  imports: [IdentityModule],
  providers: [PolicyService, PolicyEvaluationService, PolicyResolver],
  exports: [PolicyService, PolicyEvaluationService],
})
export class PolicyModule implements OnModuleInit {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly policies: PolicyService,
  ) {}

  onModuleInit() {
    this.organisations.onCreated((ctx) => this.policies.seedBaseline(ctx));
  }
}

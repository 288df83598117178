import { Module, OnModuleInit } from '@nestjs/common';
import { IdentityModule, OrganisationService } from '@app/identity';
import { AiModelQueryService } from './ai-model-query.service';
import { AiModelResolver } from './ai-model.resolver';
import { AiModelService } from './ai-model.service';
import { CatalogSourceService } from './catalog-source.service';
import { AiModelHostingResolver } from './hosting';

/** The model catalog. Every new organisation starts with the reference catalog. */
@Module({
  imports: [IdentityModule],
  providers: [AiModelService, AiModelQueryService, AiModelResolver, AiModelHostingResolver, CatalogSourceService],
  exports: [AiModelService, AiModelQueryService, CatalogSourceService],
})
export class CatalogModule implements OnModuleInit {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly models: AiModelService,
  ) {}

  onModuleInit() {
    this.organisations.onCreated(async (ctx) => {
      await this.models.seedOrganisation(ctx);
    });
  }
}

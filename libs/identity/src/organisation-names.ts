import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditDirectory, OrganisationNames } from '@app/audit';
import { RequestContext } from '@app/core';
import { OrganisationService } from './organisation.service';

/** Tells the audit library (which reads no identity table) the slug its signed checkpoints carry. */
@Injectable()
export class OrganisationNamesForAudit extends OrganisationNames implements OnModuleInit {
  constructor(
    private readonly directory: AuditDirectory,
    private readonly organisations: OrganisationService,
  ) {
    super();
  }

  onModuleInit() {
    this.directory.provide(OrganisationNames, this);
  }

  async slugOf(ctx: RequestContext): Promise<string> {
    return (await this.organisations.get(ctx, ctx.orgId)).slug;
  }
}

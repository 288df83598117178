import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditDirectory, RequestReferences } from '@app/audit';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { AdoptionRequestEntity } from './adoption-request.entity';

/** Resolves a request's reference for the audit log's reference filter (audit reads no adoption table). */
@Injectable()
export class AdoptionRequestReferences extends RequestReferences implements OnModuleInit {
  constructor(
    private readonly directory: AuditDirectory,
    private readonly db: Db,
  ) {
    super();
  }

  onModuleInit() {
    this.directory.provide(RequestReferences, this);
  }

  async requestIdOf(ctx: RequestContext, reference: string): Promise<string | null> {
    const row = await this.db
      .repo(ctx, AdoptionRequestEntity)
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where('r.organisation_id = :org AND upper(r.reference) = upper(:reference)', { org: ctx.orgId, reference })
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }
}

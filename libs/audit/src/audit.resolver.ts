import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, Permission } from '@app/authz';
import { AfterArg, InputListArg, MAX_PAGE_SIZE, pageComplexity, RequestContext, WholeNumberArg } from '@app/core';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditQueryService } from './audit-query.service';
import { AuditVerificationService } from './audit-verification.service';
import {
  AuditChainVerificationType,
  AuditCheckpointInput,
  AuditCheckpointType,
  AuditEventConnection,
  AuditEventFilter,
} from './audit.types';

/** The auditor's side of the audit log (AUDITOR and ORG_ADMIN). */
@Resolver()
export class AuditResolver {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly verification: AuditVerificationService,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  @Query(() => AuditEventConnection, {
    description: 'The organisation’s audit events, oldest first.',
    complexity: pageComplexity,
  })
  @Allow(Permission.ReadAuditLog)
  auditEvents(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter?: AuditEventFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @AfterArg() after?: string,
  ) {
    return this.queries.list(ctx, filter, first, after);
  }

  @Query(() => AuditChainVerificationType, {
    description: 'Recomputes the hash chain (optionally a range) and compares the checkpoints you kept.',
  })
  @Allow(Permission.ReadAuditLog)
  verifyAuditChain(
    @Ctx() ctx: RequestContext,
    @WholeNumberArg('fromSeq', { min: 1, nullable: true, description: 'First event to verify.' }) fromSeq?: number,
    @WholeNumberArg('toSeq', { min: 1, nullable: true, description: 'Last event to verify.' }) toSeq?: number,
    @InputListArg('checkpoints', AuditCheckpointInput, { maxItems: MAX_PAGE_SIZE, nullable: true })
    checkpoints?: AuditCheckpointInput[],
  ) {
    return this.verification.verify(ctx, { fromSeq, toSeq }, checkpoints ?? []);
  }

  @Query(() => [AuditCheckpointType], {
    description: 'Checkpoints signed by the service, newest first.',
    complexity: pageComplexity,
  })
  @Allow(Permission.ReadAuditLog)
  auditCheckpoints(
    @Ctx() ctx: RequestContext,
    @WholeNumberArg('first', { min: 1, max: MAX_PAGE_SIZE, nullable: true, description: 'Default 20.' }) first?: number,
  ) {
    return this.checkpoints.list(ctx, first ?? 20);
  }

  @Mutation(() => AuditCheckpointType, { description: 'Signs the current chain head. Keep the result.' })
  @Allow(Permission.ReadAuditLog)
  createAuditCheckpoint(@Ctx() ctx: RequestContext) {
    return this.checkpoints.create(ctx);
  }
}

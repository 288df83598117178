import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AuditEventEntity, AuditService } from '@app/audit';
import { ConcurrentModificationError, ForbiddenError, RequestContext, requireUuid } from '@app/core';
import { Db } from '@app/persistence';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { InvalidTransitionError, SeparationOfDutiesError } from './adoption-request.errors';
import { planTransition, TransitionFacts, WorkflowAction, WorkflowActor, WorkflowTransition } from './workflow';

export type TransitionRefused = InvalidTransitionError | SeparationOfDutiesError | ConcurrentModificationError;

export interface TransitionOptions {
  facts?: Partial<TransitionFacts>;
  /** Further columns the transition sets (besides status and version). */
  set?: Partial<AdoptionRequestEntity>;
  payload?: Record<string, unknown>;
}

export interface Applied {
  request: AdoptionRequestEntity;
  transition: WorkflowTransition;
  event: AuditEventEntity;
}

/**
 * Runs one workflow transition: plans it against the transition table (role, separation of duties,
 * guard), then applies it as a conditional UPDATE on (id, status, version) and appends its audit event
 * in the same transaction. The loser of a race gets ConcurrentModificationError, never a second transition.
 */
@Injectable()
export class AdoptionTransitionService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Loads and row-locks a request of the caller's organisation that the caller may read. */
  async load(ctx: RequestContext, id: string): Promise<AdoptionRequestEntity> {
    requireUuid('AdoptionRequest', id);
    const row = await this.db
      .repo(ctx, AdoptionRequestEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id AND r.organisation_id = :org', { id, org: ctx.orgId })
      .getOne();
    return this.access.require(ctx, 'read', 'AdoptionRequest', row, id);
  }

  actorsOf(ctx: RequestContext): WorkflowActor[] {
    return ctx.isSystem ? ['SYSTEM'] : (ctx.actor!.roles as WorkflowActor[]);
  }

  /** Plans `action` on `request`; a refusal comes back as the matching error result (or a thrown FORBIDDEN). */
  plan(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    action: WorkflowAction,
    facts: Partial<TransitionFacts> = {},
  ): WorkflowTransition | TransitionRefused {
    const plan = planTransition(request.status, action, this.actorsOf(ctx), {
      actorUserId: ctx.actor?.userId ?? 'system',
      requesterId: request.requesterId,
      ...facts,
    });
    if (plan.ok) return plan.transition;
    const r = plan.refusal;
    switch (r.kind) {
      case 'FORBIDDEN':
        throw new ForbiddenError(r.message);
      case 'SEPARATION_OF_DUTIES':
        return SeparationOfDutiesError.of(r.message);
      default:
        return InvalidTransitionError.of(r.message, r.fromState, r.toState);
    }
  }

  /** Applies a planned transition: conditional update, then its audit event. */
  async apply(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    transition: WorkflowTransition,
    options: TransitionOptions = {},
  ): Promise<Applied | ConcurrentModificationError> {
    const repo = this.db.repo(ctx, AdoptionRequestEntity);
    const result = await repo
      .createQueryBuilder()
      .update(AdoptionRequestEntity)
      .set({ ...(options.set ?? {}), status: transition.to, version: request.version + 1 } as never)
      .where('id = :id AND status = :status AND version = :version', {
        id: request.id,
        status: request.status,
        version: request.version,
      })
      .execute();
    if (result.affected !== 1) {
      const now = await repo.findOneOrFail({ where: { id: request.id } });
      return ConcurrentModificationError.of(`AdoptionRequest ${request.reference}`, request.version, now.version);
    }
    const updated = await repo.findOneOrFail({ where: { id: request.id } });
    const event = await this.audit.append(ctx, {
      action: transition.auditAction,
      subjectType: 'AdoptionRequest',
      subjectId: request.id,
      requestId: request.id,
      fromState: request.status,
      toState: transition.to,
      payload: { reference: request.reference, revision: updated.revision, ...(options.payload ?? {}) },
    });
    return { request: updated, transition, event };
  }

  /** Plan and apply in one step. */
  async run(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    action: WorkflowAction,
    options: TransitionOptions = {},
  ): Promise<Applied | TransitionRefused> {
    const planned = this.plan(ctx, request, action, options.facts);
    if (!('action' in planned && 'to' in planned)) return planned;
    return this.apply(ctx, request, planned, options);
  }
}

export function isApplied(value: unknown): value is Applied {
  return typeof value === 'object' && value !== null && 'transition' in value && 'event' in value;
}

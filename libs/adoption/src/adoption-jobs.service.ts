import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Logger } from 'pino';
import { MODEL_MATERIALLY_CHANGED } from '@app/catalog';
import type { ModelMateriallyChangedEvent } from '@app/catalog';
import { APP_CONFIG, LOGGER, RequestContext } from '@app/core';
import type { AppConfig } from '@app/core';
import { Db, LockedJob, LockedJobs } from '@app/persistence';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { AdoptionPipeline } from './adoption-pipeline.service';
import { AdoptionStatus, Operation } from './workflow';

/** One instance at a time runs the expiry job (advisory lock "adop"). */
const EXPIRY_JOB: LockedJob = { name: 'expiry', lockKey: 0x61646f70 };

/**
 * Work the service does on its own, as the system actor: approvals past their expiry date become
 * EXPIRED (every EXPIRY_INTERVAL_SECONDS), and approvals of a model that changed materially go back to
 * IN_REVIEW with the reason.
 */
@Injectable()
export class AdoptionJobsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly jobs: LockedJobs,
    private readonly pipeline: AdoptionPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    this.jobs.every(EXPIRY_JOB, this.config.EXPIRY_INTERVAL_SECONDS * 1000, (ctx) => this.expire(ctx, new Date()));
  }

  /**
   * Expires every approval whose expiresAt has passed, on one instance at a time: when another instance
   * is running the job, this run does nothing and returns null.
   */
  expireDue(now = new Date()): Promise<number | null> {
    return this.jobs.runOnce(EXPIRY_JOB, (ctx) => this.expire(ctx, now));
  }

  private async expire(tx: RequestContext, now: Date): Promise<number> {
    const due = await tx.em
      .getRepository(AdoptionRequestEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where(`r.status = 'APPROVED' AND r.expires_at <= :now`, { now })
      .orderBy('r.expires_at', 'ASC')
      .limit(500)
      .getMany();
    let expired = 0;
    for (const request of due) {
      const ctx = RequestContext.system(tx.requestId, tx.em, request.organisationId);
      const outcome = await this.pipeline.runOn(ctx, request, Operation.EXPIRE, { now }, async () => ({
        set: { statusReason: `approval expired on ${request.expiresAt!.toISOString()}` },
        payload: { expiresAt: request.expiresAt!.toISOString() },
      }));
      if (outcome instanceof AdoptionRequestEntity) expired++;
    }
    if (expired) this.logger.info({ expired }, 'approvals expired');
    return expired;
  }

  /** A material change of a model sends its approved requests back to review, as a new revision. */
  @OnEvent(MODEL_MATERIALLY_CHANGED, { async: true, promisify: true })
  async onModelChanged(event: ModelMateriallyChangedEvent): Promise<number> {
    const base = this.db.context(event.correlationId, null, null, event.organisationId);
    const fields = Object.keys(event.changes).join(', ');
    const reason = `${event.modelName} changed materially (${fields}): the approval must be reviewed again`;
    return this.db.transaction(base, async (ctx) => {
      const approved = await ctx.em
        .getRepository(AdoptionRequestEntity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.organisation_id = :org AND r.model_id = :model AND r.status = :status', {
          org: event.organisationId,
          model: event.modelId,
          status: AdoptionStatus.APPROVED,
        })
        .getMany();
      let sent = 0;
      for (const request of approved) {
        const outcome = await this.pipeline.runOn(
          ctx,
          request,
          Operation.RECERTIFY,
          { rationale: reason },
          async () => ({
            set: { statusReason: reason, expiresAt: null, decidedAt: null, conditions: [] },
            payload: { reason, modelId: event.modelId, changes: event.changes },
          }),
        );
        if (outcome instanceof AdoptionRequestEntity) sent++;
      }
      return sent;
    });
  }
}

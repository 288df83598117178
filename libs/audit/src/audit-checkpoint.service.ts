import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, BadUserInputError, RequestContext } from '@app/core';
import type { AppConfig } from '@app/core';
import { LockedJob, LockedJobs } from '@app/persistence';
import { AuditDirectory } from './audit-directory';
import { AuditSignerService } from './audit-signer.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditCheckpoint } from './checkpoint/audit-checkpoint';

/** One instance at a time signs the scheduled checkpoints (advisory lock "chkp"). */
const CHECKPOINT_JOB: LockedJob = { name: 'checkpoint', lockKey: 0x63686b70 };

/**
 * Signed checkpoints of the chain head: on request, and on a schedule (CHECKPOINT_INTERVAL_HOURS, daily
 * by default; one instance at a time through an advisory lock). Each is stored and returned; auditors
 * should keep copies outside the service, where whoever controls the database cannot rewrite them.
 */
@Injectable()
export class AuditCheckpointService implements OnModuleInit {
  constructor(
    private readonly jobs: LockedJobs,
    private readonly signer: AuditSignerService,
    private readonly verification: AuditVerificationService,
    private readonly directory: AuditDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.jobs.every(CHECKPOINT_JOB, this.config.CHECKPOINT_INTERVAL_HOURS * 3_600_000, (ctx) => this.signAll(ctx));
  }

  async create(ctx: RequestContext): Promise<AuditCheckpoint> {
    const head = await this.verification.head(ctx);
    if (!head) throw new BadUserInputError('the audit log is empty: nothing to checkpoint');
    const slug = await this.directory.organisationSlug(ctx);
    const checkpoint = this.signer.sign({
      organisation: slug,
      organisationId: ctx.orgId,
      seq: head.seq,
      hash: head.hash,
    });
    await ctx.em.query(
      `INSERT INTO audit_checkpoint (organisation_id, seq, hash, signed_at, signature, public_key, key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        ctx.orgId,
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.signedAt,
        checkpoint.signature,
        checkpoint.publicKey,
        checkpoint.keyId,
      ],
    );
    return checkpoint;
  }

  /** The scheduled run: a checkpoint for every organisation with events; null when another instance runs it. */
  checkpointAll(): Promise<number | null> {
    return this.jobs.runOnce(CHECKPOINT_JOB, (ctx) => this.signAll(ctx));
  }

  private async signAll(tx: RequestContext): Promise<number> {
    const orgs = (await tx.em.query(
      `SELECT DISTINCT organisation_id AS id FROM audit_chain_head WHERE seq > 0`,
    )) as Array<{ id: string }>;
    for (const { id } of orgs) await this.create(RequestContext.system(tx.requestId, tx.em, id));
    return orgs.length;
  }

  async list(ctx: RequestContext, first = 20): Promise<AuditCheckpoint[]> {
    const rows = (await ctx.em.query(
      `SELECT seq, hash, signed_at, signature, public_key, key_id
       FROM audit_checkpoint WHERE organisation_id = $1 ORDER BY signed_at DESC LIMIT $2`,
      [ctx.orgId, Math.min(Math.max(first, 1), 100)],
    )) as Array<Record<string, string>>;
    if (rows.length === 0) return [];
    const slug = await this.directory.organisationSlug(ctx);
    return rows.map((r) => ({
      organisation: slug,
      organisationId: ctx.orgId,
      seq: Number(r.seq),
      hash: r.hash,
      signedAt: new Date(r.signed_at).toISOString(),
      signature: r.signature,
      publicKey: r.public_key,
      keyId: r.key_id,
    }));
  }
}

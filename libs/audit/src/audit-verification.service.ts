import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { Between, MoreThan } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { ChainVerification, ChainVerifier } from './audit-chain';
import { toChainedEvent } from './audit-chain.reader';
import { AuditCheckpoint, CheckpointMismatch, compareWithChain } from './checkpoint/audit-checkpoint';

const BATCH = 1000;

export interface AuditChainReport extends ChainVerification {
  checkpointMismatches: CheckpointMismatch[];
}

/**
 * Recomputes an organisation's chain, reading it in keyset batches so memory stays bounded whatever its
 * length, and compares checkpoints an auditor kept with the current chain: a history rewritten with
 * recomputed hashes, or truncated, no longer matches them.
 */
@Injectable()
export class AuditVerificationService {
  constructor(private readonly db: Db) {}

  async verify(
    ctx: RequestContext,
    range: { fromSeq?: number | null; toSeq?: number | null } = {},
    checkpoints: AuditCheckpoint[] = [],
    trustedPublicKey?: string,
  ): Promise<AuditChainReport> {
    const repo = this.db.repo(ctx, AuditEventEntity);
    const from = Math.max(1, range.fromSeq ?? 1);
    let start: { seq: number; hash: string } | null = null;
    if (from > 1) {
      const previous = await repo.findOne({ where: { organisationId: ctx.orgId, seq: String(from - 1) } });
      start = previous ? { seq: from - 1, hash: previous.hash } : { seq: from - 1, hash: '(missing)' };
    }
    const verifier = new ChainVerifier(start);
    let after = String(from - 1);
    const last = range.toSeq ?? Number.MAX_SAFE_INTEGER;
    for (;;) {
      const rows = await repo.find({
        where: {
          organisationId: ctx.orgId,
          seq: range.toSeq ? Between(String(Number(after) + 1), String(last)) : MoreThan(after),
        },
        order: { seq: 'ASC' },
        take: BATCH,
      });
      let broken = false;
      for (const row of rows) {
        if (!verifier.push(toChainedEvent(row))) {
          broken = true;
          break;
        }
      }
      if (broken || rows.length < BATCH) break;
      after = rows[rows.length - 1].seq;
    }
    const result = verifier.result();
    const checkpointMismatches = await this.compare(ctx, checkpoints, trustedPublicKey);
    return { ...result, valid: result.valid && checkpointMismatches.length === 0, checkpointMismatches };
  }

  /** The head of the chain as stored (last event), or null for an empty chain. */
  async head(ctx: RequestContext): Promise<{ seq: number; hash: string } | null> {
    const row = await this.db
      .repo(ctx, AuditEventEntity)
      .findOne({ where: { organisationId: ctx.orgId }, order: { seq: 'DESC' } });
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  private async compare(ctx: RequestContext, checkpoints: AuditCheckpoint[], trustedPublicKey?: string) {
    if (checkpoints.length === 0) return [];
    const seqs = checkpoints.map((c) => c.seq).filter((s) => Number.isSafeInteger(s) && s > 0);
    const rows: Array<{ seq: string; hash: string }> = seqs.length
      ? await ctx.em.query(`SELECT seq, hash FROM audit_event WHERE organisation_id = $1 AND seq = ANY($2::bigint[])`, [
          ctx.orgId,
          seqs,
        ])
      : [];
    const hashes = new Map(rows.map((r) => [Number(r.seq), r.hash]));
    const head = await this.head(ctx);
    return compareWithChain(checkpoints, (seq) => hashes.get(seq) ?? null, head?.seq ?? 0, {
      organisationId: ctx.orgId,
      trustedPublicKey,
    });
  }
}

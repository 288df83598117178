import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { MoreThan } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { ChainVerification, ChainVerifier } from './audit-chain';
import { toChainedEvent } from './audit-chain.reader';

const BATCH = 1000;

/** Recomputes an organisation's chain, reading it in keyset batches so memory stays bounded. */
@Injectable()
export class AuditVerificationService {
  constructor(private readonly db: Db) {}

  async verify(ctx: RequestContext): Promise<ChainVerification> {
    const repo = this.db.repo(ctx, AuditEventEntity);
    const verifier = new ChainVerifier();
    let after = '0';
    for (;;) {
      const rows = await repo.find({
        where: { organisationId: ctx.orgId, seq: MoreThan(after) },
        order: { seq: 'ASC' },
        take: BATCH,
      });
      for (const row of rows) if (!verifier.push(toChainedEvent(row))) return verifier.result();
      if (rows.length < BATCH) return verifier.result();
      after = rows[rows.length - 1].seq;
    }
  }
}

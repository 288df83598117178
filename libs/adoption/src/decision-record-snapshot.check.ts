import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AuditCheckResult,
  AuditEventEntity,
  AuditEventSelection,
  AuditIntegrityProblem,
  AuditQueryService,
  AuditVerificationCheck,
  AuditVerificationExtensions,
  AuditVerificationRange,
  canonicalHash,
} from '@app/audit';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { In } from 'typeorm';
import { DecisionRecordEntity } from './decision.entity';

/** The audit action that binds a decision record's snapshot into the chain. */
export const DECISION_RECORD_FROZEN = 'decision_record.frozen';
export const DECISION_RECORD_SUBJECT = 'DecisionRecord';

const BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks, wherever auditors verify the chain, that every decision record still matches the snapshot hash
 * bound into its `decision_record.frozen` event, and that every bound record still exists. Records frozen
 * before snapshots were bound have no such event: they are counted as `unbound`, not reported as tampering,
 * because nothing recorded what they held (their protection is the table's trigger alone).
 *
 * The range is the chain range being verified: records whose decision event lies in it, binding events that
 * lie in it. Both are read in keyset batches, so memory stays bounded.
 */
@Injectable()
export class DecisionRecordSnapshotCheck implements AuditVerificationCheck, OnModuleInit {
  readonly name = 'decision-record-snapshots';

  constructor(
    private readonly db: Db,
    private readonly extensions: AuditVerificationExtensions,
    private readonly auditLog: AuditQueryService,
  ) {}

  onModuleInit() {
    this.extensions.register(this);
  }

  async verify(ctx: RequestContext, range: AuditVerificationRange): Promise<AuditCheckResult> {
    const result: AuditCheckResult = { checked: 0, unbound: 0, problems: [] };
    if (range.toSeq < range.fromSeq) return result;
    await this.compareRecords(ctx, range, result);
    await this.findMissingRecords(ctx, range, result);
    return result;
  }

  /** Each record decided in the range against the hash its binding event recorded. */
  private async compareRecords(ctx: RequestContext, range: AuditVerificationRange, result: AuditCheckResult) {
    const records = this.db.repo(ctx, DecisionRecordEntity);
    let after: { seq: string; id: string } | null = null;
    for (;;) {
      const q = records
        .createQueryBuilder('r')
        .where('r.organisation_id = :org AND r.audit_seq BETWEEN :from AND :to', {
          org: ctx.orgId,
          from: range.fromSeq,
          to: range.toSeq,
        });
      if (after) q.andWhere('(r.audit_seq, r.id) > (:seq, :id)', after);
      const batch = await q.orderBy('r.audit_seq', 'ASC').addOrderBy('r.id', 'ASC').take(BATCH).getMany();
      if (batch.length === 0) break;
      const bindings = await this.bindings(ctx, { subjectIds: batch.map((r) => r.id) });
      const bound = new Map(bindings.map((e) => [e.subjectId, e]));
      for (const record of batch) {
        const binding = bound.get(record.id);
        if (!binding) {
          result.unbound++;
          continue;
        }
        result.checked++;
        const expected = typeof binding.payload.snapshotHash === 'string' ? binding.payload.snapshotHash : null;
        const actual = canonicalHash(record.snapshot);
        if (actual !== expected) {
          result.problems.push(
            this.problem('SNAPSHOT_MISMATCH', binding, record.id, expected, actual, 'no longer matches its bound hash'),
          );
        }
      }
      if (batch.length < BATCH) break;
      const last = batch[batch.length - 1];
      after = { seq: last.auditSeq, id: last.id };
    }
  }

  /** Each binding event in the range must still have its record. */
  private async findMissingRecords(ctx: RequestContext, range: AuditVerificationRange, result: AuditCheckResult) {
    for (let after = range.fromSeq - 1; ;) {
      const batch = await this.bindings(ctx, { seq: { from: after + 1, to: range.toSeq } }, BATCH);
      if (batch.length === 0) break;
      const ids = batch.map((e) => e.subjectId).filter((id) => UUID.test(id));
      const present = ids.length
        ? await this.db
            .repo(ctx, DecisionRecordEntity)
            .find({ select: { id: true }, where: { organisationId: ctx.orgId, id: In(ids) } })
        : [];
      const found = new Set(present.map((r) => r.id.toLowerCase()));
      for (const event of batch) {
        if (!found.has(event.subjectId.toLowerCase())) {
          const expected = typeof event.payload.snapshotHash === 'string' ? event.payload.snapshotHash : null;
          result.problems.push(this.problem('RECORD_MISSING', event, event.subjectId, expected, null, 'is gone'));
        }
      }
      if (batch.length < BATCH) break;
      after = Number(batch[batch.length - 1].seq);
    }
  }

  /** The binding events, read through the audit library. */
  private bindings(ctx: RequestContext, where: Pick<AuditEventSelection, 'subjectIds' | 'seq'>, take?: number) {
    return this.auditLog.selectEvents(
      ctx,
      { action: DECISION_RECORD_FROZEN, subjectType: DECISION_RECORD_SUBJECT, ...where },
      take,
    );
  }

  private problem(
    code: string,
    binding: AuditEventEntity,
    recordId: string,
    expected: string | null,
    actual: string | null,
    what: string,
  ): AuditIntegrityProblem {
    return {
      check: this.name,
      code,
      message: `decision record ${recordId} (bound at seq ${binding.seq}) ${what}`,
      seq: Number(binding.seq),
      subjectType: DECISION_RECORD_SUBJECT,
      subjectId: recordId,
      expected,
      actual,
    };
  }
}

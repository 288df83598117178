import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Ctx, Permission } from '@app/authz';
import { BadUserInputError, RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { MoreThan } from 'typeorm';
import { AuditDirectory } from './audit-directory';
import { AuditEventEntity } from './audit-event.entity';
import { toChainedEvent } from './audit-chain.reader';
import { AuditSignerService } from './audit-signer.service';
import { AuditVerificationService } from './audit-verification.service';
import {
  checkpointCsvRow,
  checkpointLine,
  CSV_CONTENT_TYPE,
  CSV_LINE_END,
  csvHeader,
  eventCsvRow,
  eventLine,
  headCsvRow,
  headLine,
  NDJSON_CONTENT_TYPE,
  NDJSON_LINE_END,
} from './checkpoint/audit-export-format';

const BATCH = 1000;

/**
 * Streams the audit log for offline verification (AUDITOR, ORG_ADMIN): one line per event with its hashes,
 * then the head and a checkpoint signed over it. Memory stays constant: events are read in keyset batches
 * and written as they come. Verify with `node scripts/verify-audit-export.mjs <file>`.
 *
 * An export that reaches the end of the chain ends with the head every append recorded (audit_chain_head),
 * not with whatever event happens to be last: events removed from the end behind the triggers then make the
 * export fail offline verification (TRUNCATED) instead of yielding a shorter history that verifies.
 */
@Controller('audit')
export class AuditExportController {
  constructor(
    private readonly db: Db,
    private readonly signer: AuditSignerService,
    private readonly verification: AuditVerificationService,
    private readonly directory: AuditDirectory,
  ) {}

  @Get('export')
  @Allow(Permission.ReadAuditLog)
  async export(
    @Ctx() ctx: RequestContext,
    @Res() res: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('format') format = 'ndjson',
  ) {
    if (format !== 'ndjson' && format !== 'csv') throw new BadUserInputError('format must be ndjson or csv', 'format');
    const fromSeq = parseSeq(from, 'from') ?? 1;
    // Read before streaming, and stream no further: events appended meanwhile belong to the next export.
    const storedHead = await this.verification.head(ctx);
    const requestedTo = parseSeq(to, 'to') ?? Number.MAX_SAFE_INTEGER;
    const reachesHead = storedHead !== null && requestedTo >= storedHead.seq;
    const toSeq = Math.min(requestedTo, storedHead?.seq ?? 0);
    const csv = format === 'csv';
    const end = csv ? CSV_LINE_END : NDJSON_LINE_END;
    res.setHeader('Content-Type', csv ? CSV_CONTENT_TYPE : NDJSON_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="audit-${fromSeq}.${csv ? 'csv' : 'ndjson'}"`);
    if (csv) res.write(csvHeader() + end);
    const repo = this.db.repo(ctx, AuditEventEntity);
    let after = String(fromSeq - 1);
    let last: { seq: number; hash: string } | null = null;
    for (;;) {
      const rows = await repo.find({
        where: { organisationId: ctx.orgId, seq: MoreThan(after) },
        order: { seq: 'ASC' },
        take: BATCH,
      });
      const page = rows.filter((r) => Number(r.seq) <= toSeq);
      for (const row of page) {
        const event = toChainedEvent(row);
        if (!res.write((csv ? eventCsvRow(event) : eventLine(event)) + end))
          await new Promise((r) => res.once('drain', r));
        last = { seq: event.seq, hash: event.hash };
      }
      if (rows.length < BATCH || page.length < rows.length) break;
      after = rows[rows.length - 1].seq;
    }
    if (last) {
      const slug = await this.directory.organisationSlug(ctx);
      const head = reachesHead ? storedHead : last;
      const checkpoint = this.signer.sign({ organisation: slug, organisationId: ctx.orgId, ...head });
      res.write((csv ? headCsvRow(head) : headLine(head)) + end);
      res.write((csv ? checkpointCsvRow(checkpoint) : checkpointLine(checkpoint)) + end);
    }
    res.end();
  }
}

function parseSeq(value: string | undefined, name: string): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new BadUserInputError(`${name} must be a sequence number (1 or more)`, name);
  return n;
}

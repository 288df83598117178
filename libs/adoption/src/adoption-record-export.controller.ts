import { Controller, Get, Param } from '@nestjs/common';
import { Allow, Ctx, Permission } from '@app/authz';
import { RequestContext } from '@app/core';
import { AdoptionRecordService } from './adoption-record.service';

/**
 * `GET /audit/requests/:id` (AUDITOR, ORG_ADMIN): one request's decision records and every event of its
 * history, as one JSON document. Served by adoption, which owns requests and their decision records; the
 * audit library below it only supplies the events.
 */
@Controller('audit')
export class AdoptionRecordExportController {
  constructor(private readonly records: AdoptionRecordService) {}

  @Get('requests/:id')
  @Allow(Permission.ReadAuditLog)
  requestRecord(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.records.exportOf(ctx, id);
  }
}

import { Global, Module } from '@nestjs/common';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditDirectory } from './audit-directory';
import { AuditExportController } from './audit-export.controller';
import { AuditHashWorkers } from './audit-hash-workers';
import { AuditQueryService } from './audit-query.service';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { AuditSignerService } from './audit-signer.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditVerificationExtensions } from './audit-verification.extensions';

@Global()
@Module({
  controllers: [AuditExportController],
  providers: [
    AuditService,
    AuditDirectory,
    AuditVerificationService,
    AuditHashWorkers,
    AuditVerificationExtensions,
    AuditQueryService,
    AuditSignerService,
    AuditCheckpointService,
    AuditResolver,
  ],
  exports: [
    AuditService,
    AuditDirectory,
    AuditVerificationService,
    AuditVerificationExtensions,
    AuditQueryService,
    AuditCheckpointService,
    AuditSignerService,
  ],
})
export class AuditModule {}

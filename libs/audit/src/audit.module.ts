import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuditVerificationService } from './audit-verification.service';

@Global()
@Module({ providers: [AuditService, AuditVerificationService], exports: [AuditService, AuditVerificationService] })
export class AuditModule {}

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, LOGGER } from '@app/core';
import type { AppConfig } from '@app/core';
import { AuditCheckpoint, AuditSigningKey, loadSigningKey, signCheckpoint } from './checkpoint/audit-checkpoint';

/**
 * Holds the Ed25519 key that signs audit checkpoints (AUDIT_SIGNING_KEY). Outside production a key is
 * generated at start-up when none is configured: its checkpoints cannot be verified after a restart.
 */
@Injectable()
export class AuditSignerService {
  private readonly key: AuditSigningKey;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(LOGGER) logger: Logger) {
    this.key = loadSigningKey(config.AUDIT_SIGNING_KEY, config.NODE_ENV);
    if (this.key.generated) {
      logger.warn(
        { keyId: this.key.keyId },
        'AUDIT_SIGNING_KEY is not set: audit checkpoints are signed with a key generated for this process only',
      );
    }
  }

  get publicKey(): string {
    return this.key.publicKey;
  }

  sign(fields: { organisation: string; organisationId: string; seq: number; hash: string }): AuditCheckpoint {
    return signCheckpoint(this.key, { ...fields, signedAt: new Date() });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, LOGGER } from '@app/core';
import type { AppConfig } from '@app/core';
import { AuditCheckpoint, AuditSigningKey, loadSigningKey, signCheckpoint } from './checkpoint/audit-checkpoint';

/**
 * Holds the Ed25519 key that signs audit checkpoints (AUDIT_SIGNING_KEY), loaded when a checkpoint is first
 * signed. Outside production a key is generated then when none is configured (its checkpoints cannot be
 * verified after a restart) and a warning says so: a process that signs nothing (an operator command such
 * as `migrate`) neither generates a key nor warns.
 */
@Injectable()
export class AuditSignerService {
  private key: AuditSigningKey | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get publicKey(): string {
    return this.signingKey().publicKey;
  }

  sign(fields: { organisation: string; organisationId: string; seq: number; hash: string }): AuditCheckpoint {
    return signCheckpoint(this.signingKey(), { ...fields, signedAt: new Date() });
  }

  private signingKey(): AuditSigningKey {
    if (this.key) return this.key;
    this.key = loadSigningKey(this.config.AUDIT_SIGNING_KEY, this.config.NODE_ENV);
    if (this.key.generated) {
      this.logger.warn(
        { keyId: this.key.keyId },
        'AUDIT_SIGNING_KEY is not set: audit checkpoints are signed with a key generated for this process only',
      );
    }
    return this.key;
  }
}

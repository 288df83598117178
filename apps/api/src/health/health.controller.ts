import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { Allow, Permission } from '@app/authz';
import { APP_CONFIG, ServiceUnavailableError } from '@app/core';
import type { AppConfig } from '@app/core';
import { DATA_SOURCE } from '@app/persistence';
import { DataSource } from 'typeorm';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../graphql/error-handling';

/** Liveness and readiness probes for load balancers and orchestrators. */
@Controller()
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The process is up. Touches nothing else, so it answers at once even while the database does not. */
  @Get('health')
  @Allow(Permission.Public)
  health() {
    return { status: 'ok' };
  }

  /**
   * The process can serve: the database answers `SELECT 1` within READY_TIMEOUT_MS. Otherwise 503
   * SERVICE_UNAVAILABLE with Retry-After, promptly: a probe must not wait out the pool's own timeouts.
   */
  @Get('ready')
  @HttpCode(200)
  @Allow(Permission.Public)
  async ready() {
    const ms = this.config.READY_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    // The probe's own query may outlive the answer; it ends at the database's timeouts and its failure is expected.
    const probe = this.dataSource.query('SELECT 1').then(
      () => 'ready' as const,
      () => 'unreachable' as const,
    );
    const outcome = await Promise.race([probe, timedOut]).finally(() => clearTimeout(timer));
    if (outcome === 'ready') return { status: 'ready' };
    throw new ServiceUnavailableError(
      outcome === 'timeout' ? `database did not answer within ${ms} ms` : 'database unreachable',
      OUTAGE_RETRY_AFTER_SECONDS,
    );
  }
}

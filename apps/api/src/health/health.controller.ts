import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Allow, Permission } from '@app/authz';
import { DATA_SOURCE } from '@app/persistence';
import { DataSource } from 'typeorm';

/** Liveness and readiness probes for load balancers and orchestrators. */
@Controller()
export class HealthController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The process is up. */
  @Get('health')
  @Allow(Permission.Public)
  health() {
    return { status: 'ok' };
  }

  /** The process can serve: the database answers. */
  @Get('ready')
  @HttpCode(200)
  @Allow(Permission.Public)
  async ready() {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      throw new ServiceUnavailableException({ status: 'unavailable', message: 'database unreachable' });
    }
  }
}

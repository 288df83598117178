import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createLogger, PinoLoggerService } from '@app/core';
import { DomainModule } from '../../api/src/domain.module';

/**
 * Opens the service's modules without HTTP, for one operator command. The scheduled jobs (approval expiry,
 * signed checkpoints) are the running service's: a command does not start them.
 */
export async function openCli(config: AppConfig): Promise<INestApplicationContext> {
  const logger = createLogger(config.LOG_LEVEL, 'stderr');
  return NestFactory.createApplicationContext(DomainModule.forRoot(withoutScheduledJobs(config)), {
    logger: new PinoLoggerService(logger),
    abortOnError: false,
  });
}

/** The configuration with every scheduled job's interval at 0 (not scheduled). */
export function withoutScheduledJobs(config: AppConfig): AppConfig {
  return { ...config, EXPIRY_INTERVAL_SECONDS: 0, CHECKPOINT_INTERVAL_HOURS: 0 };
}

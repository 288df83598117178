import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createLogger, PinoLoggerService } from '@app/core';
import { DomainModule } from '../../api/src/domain.module';

/** Opens the service's modules without HTTP, for one operator command. */
export async function openCli(config: AppConfig): Promise<INestApplicationContext> {
  const logger = createLogger(config.LOG_LEVEL, 'stderr');
  return NestFactory.createApplicationContext(DomainModule.forRoot(config), {
    logger: new PinoLoggerService(logger),
    abortOnError: false,
  });
}

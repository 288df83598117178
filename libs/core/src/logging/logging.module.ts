import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { createLogger } from './logger';

export const LOGGER = Symbol('LOGGER');

/** Provides the pino logger (JSON lines) to services. */
@Global()
@Module({
  providers: [{ provide: LOGGER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createLogger(c.LOG_LEVEL) }],
  exports: [LOGGER],
})
export class LoggingModule {}

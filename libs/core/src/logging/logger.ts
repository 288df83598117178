import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { ConfigError } from '../config/config.schema';

/** Creates the process's structured JSON logger (on stdout, or on stderr for the CLI, whose stdout is its answer). */
export function createLogger(level: string, stream: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    {
      level,
      base: { service: 'model-adoption-governance' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    // The service's lines are written asynchronously (lines logged while a write is under way go out together
    // in the next one, instead of one blocking write per line); pino flushes what is left, synchronously, when
    // the process exits, so a fatal error's last line is not lost. The CLI's stderr stays synchronous.
    stream === 'stdout' ? pino.destination({ dest: 1, sync: false, minLength: 0 }) : pino.destination(2),
  );
}

/**
 * Nest's start-up narration (each module initialised, each route mapped: some twenty lines a start): at debug,
 * so that info shows what the service did (database opened, migrations applied, where it listens).
 */
const NEST_START_UP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'GraphQLModule',
  'NestApplication',
]);

/** Adapts pino to Nest's LoggerService, so framework messages are JSON lines too. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    if (context !== undefined && NEST_START_UP_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    // Nest hands over what stopped its start-up as the error itself. A configuration error is the entry
    // point's to print, as its one line with exit code 78: here it would be a second copy.
    if (message instanceof ConfigError) this.logger.debug({ context }, message.message);
    else if (message instanceof Error) this.logger.error({ context, err: message }, message.message);
    else this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

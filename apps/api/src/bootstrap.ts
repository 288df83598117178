import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, createLogger, PinoLoggerService } from '@app/core';
import { DemoRequestsSeeder } from '@app/adoption';
import { DemoSeedService } from '@app/identity';
import helmet from 'helmet';
import pinoHttp from 'pino-http';
import { AppModule } from './app.module';
import { requestTimeout } from './http/request-timeout.middleware';
import { serveExplorer } from './http/explorer';
import { serveConsole } from './http/console';
import { bodyParserErrors } from './body-errors';

/** For main.ts, which requires this file and nothing else of the service's. */
export { LOGGER } from '@app/core';

/** Liveness and readiness probes (health.controller.ts), whose request lines are logged at debug while they pass. */
const PROBES = new Set(['/health', '/ready']);

/** For responses that are data, never documents: nothing may be loaded, run, framed or submitted. */
export const API_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * Builds the application exactly as production runs it: JSON logs with a request id per request
 * (taken from X-Request-Id when the caller sends a sane one), shutdown hooks, and the demo seed when
 * configured. Used by main.ts and by the end-to-end test environment.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const logger = createLogger(config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new PinoLoggerService(logger),
    bufferLogs: false,
    abortOnError: false,
    bodyParser: false,
  });
  // req.ip is the TCP peer unless TRUST_PROXY names the proxies whose X-Forwarded-For may be believed
  // (the per-address sign-in limit counts by it; a header anyone can send must not choose the count).
  app.set('trust proxy', config.TRUST_PROXY);
  // First, so that every answer carries them, refusals included. The API serves JSON, CSV and NDJSON, never
  // a page: its Content-Security-Policy allows nothing to load, run or frame it (the console's files and the
  // explorer set their own).
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: API_CONTENT_SECURITY_POLICY },
      xFrameOptions: { action: 'deny' },
    }),
  );
  // Outside production, a browser opening /graphql gets the explorer (a page with a policy of its own).
  if (config.NODE_ENV !== 'production') serveExplorer(app, '/graphql', logger);
  // The web console at / (its pages have a policy of their own; see http/console.ts).
  serveConsole(app, logger, config.CONSOLE_DIR ? resolve(config.CONSOLE_DIR) : undefined);
  // Large enough for a Model Openness Tool record (256 KiB) inside a GraphQL request, and no larger.
  app.useBodyParser('json', { limit: '1mb' });
  app.use(bodyParserErrors);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Probes come every few seconds from a load balancer or orchestrator: at debug while they pass, so
      // that info shows the traffic (a failing probe is logged like any request).
      customLogLevel: (req, res) => (PROBES.has(req.url ?? '') && res.statusCode < 400 ? 'debug' : 'info'),
      // Who asked for what, and the answer's status: no headers (the client's, or the policy headers of every answer).
      serializers: {
        req: (req: {
          id: unknown;
          method: string;
          url: string;
          remoteAddress?: string;
          headers: Record<string, unknown>;
        }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
          userAgent: req.headers['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // A 503 is an outage answer, logged once at warn where it is recognised: no error object (and stack) here.
      customErrorObject: (_req, res, _error, value) => (res.statusCode === 503 ? { ...value, err: undefined } : value),
    }),
  );
  app.use(requestTimeout(config.REQUEST_TIMEOUT_MS, logger));
  app.enableShutdownHooks();
  await app.init();
  if (config.seedDemo) await seedDemoData(app);
  return app;
}

/** Seeds the demo organisations, users and requests (idempotent). Never called in production by the service. */
export async function seedDemoData(app: INestApplication): Promise<void> {
  await app.get(DemoSeedService).seed();
  await app.get(DemoRequestsSeeder).seed();
}

import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '@app/core';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../graphql/error-handling';

const MESSAGE = 'The request took too long; retry later';

/**
 * Answers 503 SERVICE_UNAVAILABLE with Retry-After when a request has not been answered within `ms`,
 * whatever it waits for: the last bound behind the database's own timeouts, so no client waits forever.
 * A response already under way (a streamed export) is left to finish. The handler still running is not
 * interrupted (its statements end at the database's timeouts), but what it writes later is dropped.
 */
export function requestTimeout(ms: number, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent || res.writableEnded) return;
      logger.warn({ method: req.method, url: req.originalUrl, timeoutMs: ms }, 'request timed out');
      const details = { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS };
      res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      res
        .status(503)
        .json(
          isGraphql(req) ? { errors: [{ message: MESSAGE, extensions: details }] } : { ...details, message: MESSAGE },
        );
      dropLateWrites(res);
    }, ms);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

/** By the URL as the client sent it: routers mounted on a path rewrite `req.path`. */
function isGraphql(req: Request): boolean {
  return (req.originalUrl ?? req.url).split('?')[0] === '/graphql';
}

/** The late handler's writes become no-ops instead of throwing "headers already sent". */
function dropLateWrites(res: Response) {
  const ignore = function (this: Response) {
    return this;
  };
  Object.assign(res, { setHeader: ignore, writeHead: ignore, status: ignore, end: ignore, write: () => true });
}

import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '@app/core';

/** The error body-parser raises (http-errors): a status, a type such as `entity.too.large`, and the limit. */
interface BodyParserError {
  status?: number;
  type?: string;
  limit?: number;
}

const CODES: Record<number, string> = { 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

/**
 * Express error handler placed right after the body parser: a body that is too large, not JSON, or in an
 * unknown charset or encoding is the client's mistake, answered with its 4xx status (413 for a body over
 * the limit) and a JSON error, never a 500. Any other error goes on to the application's handlers.
 */
export function bodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const { status, type, limit } = (error ?? {}) as BodyParserError;
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) {
    next(error);
    return;
  }
  const message =
    status === 413 && limit
      ? `The request body exceeds the limit of ${limit} bytes`
      : error instanceof Error
        ? error.message
        : 'The request body cannot be read';
  res.status(status).json({ code: CODES[status] ?? ErrorCode.BAD_USER_INPUT, message });
}

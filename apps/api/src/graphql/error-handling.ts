import { ArgumentsHost, BadRequestException, Catch, HttpException, Logger } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '@app/core';
import { LimitCode } from './limit-errors';
import { describeUnavailability, isDatabaseUnavailable } from '@app/persistence';

/** What an outage answer tells clients to wait before retrying (seconds; the Retry-After header). */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;
const OUTAGE_MESSAGE = 'The service cannot reach its database right now; retry later';

const HTTP_STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** Codes whose messages are written for clients; any other error is masked. */
export const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // Limit refusals (apps/api/src/graphql/limit-errors.ts), each answered with HTTP 400.
  ...Object.values(LimitCode),
]);

/** Turns anything thrown into a typed error with a client-safe message (internal ones are logged). */
export function toPublicError(exception: unknown, logger: Logger): { code: string; message: string; details: object } {
  if (exception instanceof AppError)
    return { code: exception.code, message: exception.message, details: exception.details };
  if (exception instanceof BadRequestException) {
    const body = exception.getResponse() as { message?: string | string[] };
    const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? exception.message);
    return { code: ErrorCode.BAD_USER_INPUT, message, details: {} };
  }
  if (exception instanceof HttpException && exception.getStatus() === 404) {
    return { code: ErrorCode.NOT_FOUND, message: 'Not found', details: {} };
  }
  if (isGraphqlError(exception) && PUBLIC_CODES.has(String(exception.extensions?.code))) {
    return { code: String(exception.extensions.code), message: exception.message, details: {} };
  }
  if (isDatabaseUnavailable(exception)) return outage(exception, logger);
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error', details: {} };
}

/**
 * A database outage, stall or refusal: an operating condition the client should retry, not a bug, so it
 * is logged once at warn with its reason and no stack.
 */
function outage(exception: unknown, logger: Logger) {
  logger.warn(`database unavailable: ${describeUnavailability(exception)}`);
  return {
    code: ErrorCode.SERVICE_UNAVAILABLE,
    message: OUTAGE_MESSAGE,
    details: { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS },
  };
}

/**
 * The one exception filter: typed errors keep their code (`extensions.code` in GraphQL, the HTTP status
 * for REST); everything else becomes INTERNAL_SERVER_ERROR with no internal text or stack.
 */
@Catch()
export class AppExceptionFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    const { code, message, details } = toPublicError(exception, this.logger);
    if (host.getType<string>() === 'graphql') {
      return new GraphQLError(message, { extensions: { ...details, code } });
    }
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const retryAfter = (details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    res.status(HTTP_STATUS[code] ?? 500).json({ code, message });
  }
}

const formatLogger = new Logger('Errors');

/**
 * By shape, not instanceof: Apollo's own request errors (BadRequestError, ValidationError) are
 * subclasses from its ES module build, which this CommonJS code cannot name.
 */
function isGraphqlError(error: unknown): error is GraphQLError {
  return error instanceof Error && typeof (error as { extensions?: unknown }).extensions === 'object';
}

/**
 * Apollo's last word on every error (including those of field resolvers, which no exception filter
 * sees): typed errors keep their code and message, GraphQL's own request errors keep theirs, anything
 * else is logged and masked. No stack traces ever.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  let code = String(formatted.extensions?.code ?? '');
  const fromGraphql = isGraphqlError(original) || !(original instanceof Error);
  // A GraphQL error without a path arose before execution (variable coercion): the client's input.
  if (fromGraphql && code === ErrorCode.INTERNAL_SERVER_ERROR && !formatted.path) code = ErrorCode.BAD_USER_INPUT;
  if (fromGraphql && PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return { ...formatted, extensions: { ...extensions, code } };
  }
  if (isDatabaseUnavailable(original)) {
    const { code: outageCode, message, details } = outage(original, formatLogger);
    return { message, path: formatted.path, extensions: { ...details, code: outageCode } };
  }
  if (!(
    isGraphqlError(original) &&
    code === ErrorCode.INTERNAL_SERVER_ERROR &&
    original.message === 'Internal server error'
  )) {
    formatLogger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

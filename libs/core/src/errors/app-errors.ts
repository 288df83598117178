/**
 * Failures that are thrown (not returned): authentication, permission, missing rows and bad input.
 * The API's exception filter maps each to `extensions.code`; their messages are written for clients.
 * Anything else that escapes a resolver is reported as INTERNAL_SERVER_ERROR without its text.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  RATE_LIMITED = 'RATE_LIMITED',
  /**
   * The database is down, stalled or refusing: retry after `retryAfterSeconds`. A write is not acknowledged;
   * if the connection was lost at commit it may still have happened, so retry writes with the same Idempotency-Key.
   */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/** Also the answer for rows of other organisations, so ids never reveal another tenant's data. */
export class NotFoundError extends AppError {
  constructor(entity: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${entity} ${id} not found`, { entity, id });
  }
}

/**
 * Input refused before anything ran. `field` names the argument; `fieldErrors` (extensions.fieldErrors) lists
 * each refused input by its path from the operation's arguments (`input.title`, `rules[0].condition`) with its
 * message, as a ValidationError result would, so that a client shows each message beside its input.
 */
export class BadUserInputError extends AppError {
  constructor(
    message: string,
    field?: string,
    readonly fieldErrors?: ReadonlyArray<{ field: string; message: string }>,
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, {
      ...(field ? { field } : {}),
      ...(fieldErrors?.length ? { fieldErrors } : {}),
    });
  }
}

export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
  }
}

/** A dependency (the database) does not answer in time; the client should retry after the given delay. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.SERVICE_UNAVAILABLE, message, { retryAfterSeconds });
  }
}

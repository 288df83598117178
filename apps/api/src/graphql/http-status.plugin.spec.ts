import { ErrorCode } from '@app/core';
import { httpAnswerFor } from './http-status.plugin';

const error = (code: string, extra: Record<string, unknown> = {}, path?: string[]) => ({
  message: code,
  extensions: { code, ...extra },
  ...(path ? { path } : {}),
});

describe(httpAnswerFor.name, () => {
  it('answers 503 with Retry-After when an outage left the operation without data', () => {
    const sut = httpAnswerFor({
      data: null,
      errors: [error(ErrorCode.SERVICE_UNAVAILABLE, { retryAfterSeconds: 5 }, ['createAdoptionRequest'])],
    });
    expect(sut).toEqual({ status: 503, retryAfterSeconds: 5 });
  });

  it('treats a result whose every top-level field is null as no data', () => {
    const sut = httpAnswerFor({
      data: { a: null, b: null },
      errors: [error(ErrorCode.SERVICE_UNAVAILABLE, {}, ['a'])],
    });
    expect(sut).toEqual({ status: 503, retryAfterSeconds: 5 });
  });

  it('leaves partial data at 200: part of the operation did run', () => {
    const sut = httpAnswerFor({
      data: { a: { id: '1' }, b: null },
      errors: [error(ErrorCode.SERVICE_UNAVAILABLE, {}, ['b'])],
    });
    expect(sut).toBeNull();
  });

  it('answers 429 with the Retry-After of the rate limit', () => {
    const sut = httpAnswerFor({
      data: null,
      errors: [error(ErrorCode.RATE_LIMITED, { retryAfterSeconds: 12.2 }, ['login'])],
    });
    expect(sut).toEqual({ status: 429, retryAfterSeconds: 13 });
  });

  it.each([ErrorCode.BAD_USER_INPUT, 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'])(
    'answers 400 to %s raised before execution',
    (code) => {
      expect(httpAnswerFor({ errors: [error(code)] })).toEqual({ status: 400 });
    },
  );

  it('leaves BAD_USER_INPUT raised during execution at 200 (GraphQL reports field errors in the body)', () => {
    expect(httpAnswerFor({ data: null, errors: [error(ErrorCode.BAD_USER_INPUT, {}, ['x'])] })).toBeNull();
  });

  it('leaves internal errors and persisted-query protocol answers alone', () => {
    expect(httpAnswerFor({ errors: [error(ErrorCode.INTERNAL_SERVER_ERROR)] })).toBeNull();
    expect(httpAnswerFor({ errors: [error('PERSISTED_QUERY_NOT_FOUND')] })).toBeNull();
  });

  it('leaves a success alone', () => {
    expect(httpAnswerFor({ data: { health: 'ok' } })).toBeNull();
  });
});

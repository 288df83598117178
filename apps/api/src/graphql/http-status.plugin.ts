import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@app/core';
import { OUTAGE_RETRY_AFTER_SECONDS, PUBLIC_CODES } from './error-handling';

export interface HttpAnswer {
  status: number;
  retryAfterSeconds?: number;
}

/** Codes Apollo answers with its own protocol status (automatic persisted queries), left as they are. */
const PROTOCOL_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

const codeOf = (error: GraphQLFormattedError) => String(error.extensions?.code ?? '');

function retryAfter(errors: readonly GraphQLFormattedError[], fallback?: number): number | undefined {
  const given = errors
    .map((e) => e.extensions?.retryAfterSeconds)
    .filter((s): s is number => typeof s === 'number' && Number.isFinite(s) && s >= 0);
  return given.length ? Math.ceil(Math.max(...given)) : fallback;
}

/**
 * The HTTP status a GraphQL answer should carry, so that clients and proxies can tell "retry later"
 * and "your request is wrong" from success without reading the body (GraphQL over HTTP otherwise
 * answers 200 for every executed operation):
 * - SERVICE_UNAVAILABLE (the database is down, stalled or refusing) with no data → 503 + Retry-After;
 * - RATE_LIMITED with no data → 429 + Retry-After from the error's `retryAfterSeconds`;
 * - refused before execution (parse, validation, variables, limits: any client-facing code) → 400.
 * Otherwise (success, or partial data with errors) the status is left alone. Returns null for "leave".
 */
export function httpAnswerFor(body: {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}): HttpAnswer | null {
  const errors = body.errors ?? [];
  if (errors.length === 0) return null;
  const executed = body.data !== undefined;
  const producedNoData = !body.data || Object.values(body.data).every((value) => value === null);
  if (!producedNoData) return null;
  const outage = errors.filter((e) => codeOf(e) === ErrorCode.SERVICE_UNAVAILABLE);
  if (outage.length) return { status: 503, retryAfterSeconds: retryAfter(outage, OUTAGE_RETRY_AFTER_SECONDS) };
  const limited = errors.filter((e) => codeOf(e) === ErrorCode.RATE_LIMITED);
  if (limited.length) return { status: 429, retryAfterSeconds: retryAfter(limited) };
  const refusedBeforeExecution =
    !executed &&
    errors.every(
      (e) =>
        PUBLIC_CODES.has(codeOf(e)) && codeOf(e) !== ErrorCode.INTERNAL_SERVER_ERROR && !PROTOCOL_CODES.has(codeOf(e)),
    );
  return refusedBeforeExecution ? { status: 400 } : null;
}

/** Sets the status and Retry-After of every single-result GraphQL response by `httpAnswerFor`. */
export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const answer = httpAnswerFor(response.body.singleResult as Parameters<typeof httpAnswerFor>[0]);
          if (!answer) return;
          response.http.status = answer.status;
          if (answer.retryAfterSeconds !== undefined) {
            response.http.headers.set('retry-after', String(answer.retryAfterSeconds));
          }
        },
      };
    },
  };
}

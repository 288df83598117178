import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { BadUserInputError, RequestContext } from '@app/core';
import { parseTyped, stringifyTyped } from './typed-json';

/** The stored form: the first call's result, with dates and big integers typed (see typed-json). */
interface KeptResult {
  typedResult: unknown;
}

/**
 * Idempotency keys for mutations (header `Idempotency-Key`). The first request with a key claims it in
 * its own transaction and stores its result there; a repeat with the same operation and arguments gets
 * that result back without acting again; a repeat with different ones is refused. A concurrent repeat
 * waits on the key's row until the first commits. A mutation that changed nothing (a refused one)
 * rolls the claim back, so it may be retried with the same key.
 *
 * The result is kept as typed JSON, not plain JSON: dates and big integers revive as the resolver
 * returned them, so a replay renders every field (a `DateTime`, an enum, a list, a nested object, a
 * union member found by its `__typename`) exactly as the first call did. Fields loaded by their own
 * resolvers (a request's votes or history) are read when the replay is answered.
 */
@Injectable()
export class IdempotencyService {
  hash(operation: string, args: unknown): string {
    return createHash('sha256')
      .update(canonicalize({ operation, args: JSON.parse(JSON.stringify(args ?? {})) }) ?? '')
      .digest('hex');
  }

  /** Claims the key for this request, or returns the stored response of the request that did. */
  async claim(ctx: RequestContext, key: string, requestHash: string): Promise<{ replay: unknown } | null> {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new BadUserInputError('Idempotency-Key must be 1 to 200 visible ASCII characters', 'Idempotency-Key');
    }
    const inserted = (await ctx.em.query(
      `INSERT INTO idempotency_key (organisation_id, user_id, key, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING key`,
      [ctx.orgId, ctx.actor!.userId, key, requestHash],
    )) as unknown[];
    if (inserted.length === 1) return null;
    const [row] = (await ctx.em.query(
      `SELECT request_hash, response::text AS response FROM idempotency_key
       WHERE organisation_id = $1 AND user_id = $2 AND key = $3`,
      [ctx.orgId, ctx.actor!.userId, key],
    )) as Array<{ request_hash: string; response: string | null }>;
    if (row.request_hash !== requestHash) {
      throw new BadUserInputError(
        'This Idempotency-Key was already used for a different request; use a new key',
        'Idempotency-Key',
      );
    }
    const kept = row.response === null ? null : parseTyped(row.response);
    if (!isKeptResult(kept)) {
      // Kept by a version that stored plain JSON (dates as strings): refused, as running again could act twice.
      throw new BadUserInputError(
        'The result of the request with this Idempotency-Key was not kept; check its outcome and use a new key',
        'Idempotency-Key',
      );
    }
    return { replay: kept.typedResult };
  }

  async complete(ctx: RequestContext, key: string, result: unknown): Promise<void> {
    await ctx.em.query(
      `UPDATE idempotency_key SET response = $4 WHERE organisation_id = $1 AND user_id = $2 AND key = $3`,
      [ctx.orgId, ctx.actor!.userId, key, stringifyTyped({ typedResult: result ?? null } satisfies KeptResult)],
    );
  }
}

function isKeptResult(value: unknown): value is KeptResult {
  return typeof value === 'object' && value !== null && 'typedResult' in value;
}

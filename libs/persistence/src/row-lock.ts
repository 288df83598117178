import { ConcurrentModificationError, NotFoundError, RequestContext, requireUuid } from '@app/core';
import { EntityTarget, ObjectLiteral } from 'typeorm';

/** A row with optimistic concurrency: every change sets `version` to one more than the version read. */
export interface VersionedRow {
  id: string;
  version: number;
}

/** A further condition of a conditional update, e.g. `{ sql: 'status = :status', params: { status } }`. */
export interface ExtraWhere {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Loads one row of the caller's organisation and locks it (`SELECT ... FOR UPDATE`) until the context's
 * transaction ends, or returns null when there is no such row in that organisation. An id that is not a
 * UUID answers NOT_FOUND (`label` names the entity in that error). Always on the context's entity manager:
 * the lock then belongs to the operation's transaction, and no second connection is taken (the embedded
 * database has one).
 *
 * @example const policy = await loadForUpdate(ctx, PolicyEntity, id, 'Policy');
 */
export async function loadForUpdate<T extends ObjectLiteral>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  id: string,
  label: string,
): Promise<T | null> {
  requireUuid(label, id);
  return ctx.em
    .getRepository(entity)
    .createQueryBuilder('row')
    .setLock('pessimistic_write')
    .where('row.id = :id AND row.organisation_id = :org', { id, org: ctx.orgId })
    .getOne();
}

/**
 * Writes `set` to the row only if it is still at `row.version` (and in the caller's organisation, and
 * matches `extraWhere` when given), raising its version by one, and returns the row as now stored. When
 * another transaction changed it first, nothing is written and the result is a ConcurrentModificationError
 * carrying the version the row really has now (read after the failed update, so a client can reload it).
 * `label` names the row in that error's message, e.g. `AiModel 5f0c…` or `AdoptionRequest AR-2026-0001`.
 * A row that no longer exists in the organisation throws NOT_FOUND.
 *
 * Parameter names starting with `uiv_` are reserved for the helper's own conditions.
 */
export async function updateIfVersion<T extends ObjectLiteral>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  row: VersionedRow,
  set: Partial<T>,
  label: string,
  extraWhere?: ExtraWhere,
): Promise<T | ConcurrentModificationError> {
  const repo = ctx.em.getRepository(entity);
  const condition = 'id = :uiv_id AND organisation_id = :uiv_org AND version = :uiv_version';
  const result = await repo
    .createQueryBuilder()
    .update(entity)
    .set({ ...set, version: row.version + 1 } as never)
    .where(extraWhere ? `${condition} AND (${extraWhere.sql})` : condition, {
      ...(extraWhere?.params ?? {}),
      uiv_id: row.id,
      uiv_org: ctx.orgId,
      uiv_version: row.version,
    })
    .execute();
  const now = await repo
    .createQueryBuilder('row')
    .where('row.id = :id AND row.organisation_id = :org', { id: row.id, org: ctx.orgId })
    .getOne();
  if (!now) throw new NotFoundError(label, row.id);
  if (result.affected !== 1) return ConcurrentModificationError.of(label, row.version, now.version as number);
  return now;
}

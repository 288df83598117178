import { groupByKeys, RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { DecisionVoteEntity } from './decision.entity';

/**
 * The votes of every revision of a request, oldest first, through the request's loader: a page of requests
 * costs one statement, whatever its size. Shared by the `votes` field and the viewer's offers (`viewerCan`),
 * which then read the same batch.
 */
export function loadVotesOfRequest(db: Db, ctx: RequestContext, requestId: string): Promise<DecisionVoteEntity[]> {
  return ctx
    .loader('adoption.votesByRequest', async (ids: readonly string[]) => {
      const rows = await db.select(
        ctx,
        DecisionVoteEntity,
        'WHERE t.organisation_id = $1 AND t.request_id = ANY($2::uuid[]) ORDER BY t.created_at',
        [ctx.orgId, [...ids]],
      );
      return groupByKeys(ids, rows, (v) => v.requestId);
    })
    .load(requestId);
}

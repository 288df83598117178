import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, ListCount, RequestContext } from '@app/core';
import type { AppConfig } from '@app/core';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A list's filtered rows in plain SQL: `FROM <table> <alias> WHERE …` and its positional parameters. */
export interface FilteredRows {
  from: string;
  params: unknown[];
}

/**
 * How many rows a list's filter matches, at a cost that does not grow with the table: the rows are counted
 * exactly up to `limit` (a count over the filtered query cut at limit + 1, which reads at most that many
 * index entries), and above it the PostgreSQL planner's estimate of the filtered query's rows is returned,
 * flagged as not exact (never below limit + 1, which is known to be true).
 *
 * `query` is the list's filtered query without order or limit, on the context's entity manager.
 */
export async function countWithin<T extends ObjectLiteral>(
  ctx: RequestContext,
  query: SelectQueryBuilder<T> | FilteredRows,
  limit: number,
): Promise<ListCount> {
  const [sql, params] = isFilteredRows(query)
    ? [`SELECT 1 AS one ${query.from}`, query.params]
    : query.clone().select('1', 'one').getQueryAndParameters();
  const [{ n }] = (await ctx.em.query(
    `SELECT count(*)::int AS n FROM (${sql} LIMIT ${limit + 1}) AS matching`,
    params,
  )) as Array<{
    n: number;
  }>;
  if (n <= limit) return { totalCount: n, exact: true };
  const [row] = (await ctx.em.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as Array<{ 'QUERY PLAN': unknown }>;
  const plan = (typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN']) as Array<{
    Plan: { 'Plan Rows': number };
  }>;
  return { totalCount: Math.max(limit + 1, Math.round(plan[0].Plan['Plan Rows'])), exact: false };
}

function isFilteredRows(query: unknown): query is FilteredRows {
  return typeof (query as FilteredRows).from === 'string' && Array.isArray((query as FilteredRows).params);
}

/** countWithin with the configured LIST_EXACT_COUNT_LIMIT, for the list services. */
@Injectable()
export class ListCounter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  count<T extends ObjectLiteral>(ctx: RequestContext, query: SelectQueryBuilder<T> | FilteredRows): Promise<ListCount> {
    return countWithin(ctx, query, this.config.LIST_EXACT_COUNT_LIMIT);
  }
}

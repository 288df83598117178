import { ComplexityEstimator } from '@nestjs/graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection';

/*
 * The cost of an operation (checked before execution, GRAPHQL_MAX_COMPLEXITY) counts 1 per field, and a
 * list field costs 1 plus its item's selection times the most items it can return, so nested lists
 * multiply. Every list field declares its bound with one of these estimators; a list field that declares
 * none is costed with the server's default list estimate (apps/api/src/graphql/complexity.plugin.ts).
 */

/** A list of at most `bound` items (a hard bound its resolver enforces, e.g. the siblings of a family). */
export function listComplexity(bound: number): ComplexityEstimator {
  return ({ childComplexity }) => 1 + childComplexity * bound;
}

/**
 * A paginated list or connection: `first` items, the default page size when omitted. Values outside
 * 1..MAX_PAGE_SIZE are refused when the resolver runs, so they cost what the largest page costs.
 */
export const pageComplexity: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + childComplexity * Math.min(Math.max(first, 1), MAX_PAGE_SIZE);
};

/**
 * A list of as many items as the list arguments `names` hold together (at most `bound`, and `bound` when none
 * is given), e.g. `compareOptions(modelIds, options)`.
 */
export function argumentListComplexity(names: readonly string[], bound: number): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const lists = names.map((name) => args[name] as unknown).filter(Array.isArray);
    const given = lists.reduce((sum, list) => sum + list.length, 0);
    return 1 + childComplexity * (lists.length ? Math.min(given, bound) : bound);
  };
}

import { ApolloServerPlugin } from '@apollo/server';
import { getNullableType, GraphQLSchema, isListType } from 'graphql';
import {
  ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
} from 'graphql-query-complexity';
import { LimitCode, limitError } from './limit-errors';

/**
 * What a list field that declares no bound of its own is taken to hold. Such lists are the small ones
 * read with their parent (a request's votes and history, a model's components and sources, an
 * assessment's items): their size depends on the data, not on the caller. The lists a caller can make
 * long declare their bound on the field (`pageComplexity`, `listComplexity(MAX_FAMILY_SIBLINGS)` from
 * @app/core).
 */
export const ESTIMATED_LIST_SIZE = 10;

/** Any list without a declared bound: 1 plus ESTIMATED_LIST_SIZE times its item's selection. */
const undeclaredListEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  isListType(getNullableType(field.type)) ? 1 + childComplexity * ESTIMATED_LIST_SIZE : undefined;

/** The estimators, in order: the field's declared complexity, then lists, then 1 per field. */
export const COMPLEXITY_ESTIMATORS: ComplexityEstimator[] = [
  fieldExtensionsEstimator(),
  undeclaredListEstimator,
  simpleEstimator({ defaultComplexity: 1 }),
];

/** The estimated cost of one operation of a document (see COMPLEXITY_ESTIMATORS). */
export function operationCost(
  schema: GraphQLSchema,
  document: Parameters<typeof getComplexity>[0]['query'],
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  maxSelections: number,
): number {
  return getComplexity({
    schema,
    query: document,
    operationName: operationName ?? undefined,
    variables,
    estimators: COMPLEXITY_ESTIMATORS,
    // Documents that expand to more selections were refused during validation (QUERY_TOO_LARGE).
    maxQueryNodes: maxSelections + 1,
  });
}

/**
 * Refuses an operation whose estimated cost exceeds `max` with QUERY_TOO_COMPLEX (HTTP 400) before any
 * resolver runs: each field costs 1, and a list field costs 1 plus its page size (`first`, the default
 * page size, or a declared bound) times its item's selection, so nested lists multiply.
 */
export function complexityPlugin(schema: () => GraphQLSchema, max: number, maxSelections: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = operationCost(schema(), document, request.operationName, request.variables, maxSelections);
          } catch {
            // Variables that do not fit the operation: execution refuses them (BAD_USER_INPUT, HTTP 400)
            // before any resolver runs, so there is no cost to guard.
            return;
          }
          if (cost > max) {
            throw limitError(LimitCode.QUERY_TOO_COMPLEX, `Query cost ${cost} exceeds the limit of ${max}`);
          }
        },
      };
    },
  };
}

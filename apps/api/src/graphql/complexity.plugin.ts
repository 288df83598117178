import { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  getNullableType,
  GraphQLSchema,
  isListType,
  TypeInfo,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
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
 * The variables an operation's cost can depend on: those in the arguments of fields whose complexity is a
 * function of their arguments (`pageComplexity`, `argumentListComplexity` ...) and those of directives
 * (`@include(if: $x)` removes a selection). Every other estimator ignores arguments.
 */
export function costVariables(schema: GraphQLSchema, document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (args: readonly { value: ValueNode }[] | undefined) =>
    args?.forEach(({ value }) => visit(value, { Variable: (node) => void names.add(node.name.value) }));
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (typeof typeInfo.getFieldDef()?.extensions?.complexity === 'function') collect(node.arguments);
      },
      Directive(node) {
        collect(node.arguments);
      },
    }),
  );
  return [...names];
}

/** Costs kept per document; a document's costs are dropped past this many sets of variables. */
const COSTS_PER_DOCUMENT = 100;

/**
 * Remembers costs per document (Apollo hands every request with the same text the same parsed document)
 * and per values of the variables the cost can depend on (costVariables), so the estimate runs once per
 * document and page size, not once per request.
 */
export class OperationCosts {
  private readonly byDocument = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();

  constructor(
    private readonly schema: () => GraphQLSchema,
    private readonly maxSelections: number,
  ) {}

  /**
   * The cost of the operation, computed or remembered; throws as operationCost does when the variables do
   * not fit the operation (then nothing is remembered). A remembered cost is used even when another
   * variable, one the cost does not depend on, does not fit: a refusal either way.
   */
  of(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> = {}) {
    let entry = this.byDocument.get(document);
    if (!entry) {
      entry = { variables: costVariables(this.schema(), document), costs: new Map() };
      this.byDocument.set(document, entry);
    }
    // An absent variable (its default applies) is told apart from one given as null.
    const values = entry.variables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : []));
    const key = `${operationName ?? ''}\u0000${JSON.stringify(values)}`;
    let cost = entry.costs.get(key);
    if (cost === undefined) {
      cost = operationCost(this.schema(), document, operationName, variables, this.maxSelections);
      if (entry.costs.size >= COSTS_PER_DOCUMENT) entry.costs.clear();
      entry.costs.set(key, cost);
    }
    return cost;
  }
}

/**
 * Refuses an operation whose estimated cost exceeds `max` with QUERY_TOO_COMPLEX (HTTP 400) before any
 * resolver runs: each field costs 1, and a list field costs 1 plus its page size (`first`, the default
 * page size, or a declared bound) times its item's selection, so nested lists multiply.
 */
export function complexityPlugin(schema: () => GraphQLSchema, max: number, maxSelections: number): ApolloServerPlugin {
  const costs = new OperationCosts(schema, maxSelections);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = costs.of(document, request.operationName, request.variables);
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

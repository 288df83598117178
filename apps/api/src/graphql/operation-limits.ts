import { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { AppConfig } from '@app/core';
import { GraphQLError, GraphQLSchema, ValidationContext, ValidationRule } from 'graphql';
import { complexityPlugin } from './complexity.plugin';
import { introspectionDepthRule } from './introspection-depth.rule';
import { LimitCode, limitError } from './limit-errors';
import { responseSizePlugin } from './response-size-limit.plugin';

export interface OperationLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxComplexity: number;
  maxResponseBytes: number;
}

export function operationLimitsOf(config: AppConfig): OperationLimits {
  return {
    maxTokens: config.GRAPHQL_MAX_TOKENS,
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
    maxComplexity: config.GRAPHQL_MAX_COMPLEXITY,
    maxResponseBytes: config.GRAPHQL_MAX_RESPONSE_BYTES,
  };
}

/**
 * A document may not expand (every fragment spread replaced by its fragment) to more selections than it
 * could hold written out plainly: one token at least per selection. This is what makes a fragment
 * fan-out (`fragment F0 { ...F1 ...F1 }` ...) harmless, and it bounds the work of the cost estimate.
 */
export const maxExpandedSelections = (limits: OperationLimits) => limits.maxTokens;

/** Armor reports a refusal through this: our code instead of its "Syntax Error: ..." message. */
const refuseWith =
  (code: LimitCode) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(limitError(code, error.message.replace(/^Syntax Error: /, '')));
  };

/**
 * Depth, aliases and directives by graphql-armor's validation rules. Each follows a fragment once per
 * rule and keeps its result (tested: test/graphql-limits.e2e-spec.ts counts the look-ups), so their work
 * is linear in the document.
 */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  const reject = (code: LimitCode) => ({ propagateOnRejection: false, onReject: [refuseWith(code)] });
  return new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      // Fragments are how a depth is written, not a level of it. `__schema` is measured by
      // introspectionDepthRule, which does not count the `ofType` chains of type references.
      flattenFragments: true,
      ignoreIntrospection: true,
      ...reject(LimitCode.QUERY_TOO_DEEP),
    },
    // Every alias counts, `__typename` ones too (armor lets those through by default).
    maxAliases: { n: limits.maxAliases, allowList: [], ...reject(LimitCode.TOO_MANY_ALIASES) },
    maxDirectives: { n: limits.maxDirectives, ...reject(LimitCode.TOO_MANY_DIRECTIVES) },
    // Tokens: graphql-js's own parser limit (parseOptions below); armor's Apollo hook for it throws
    // outside the request pipeline, which Apollo answers with HTTP 500.
    maxTokens: { enabled: false },
    // Cost: graphql-query-complexity (complexity.plugin.ts); armor's cost does not multiply by page size.
    costLimit: { enabled: false },
    // Suggestions: removed by limitRefusalsPlugin, which also catches the forms armor's pattern misses
    // ("Did you mean the enum value ...").
    blockFieldSuggestion: { enabled: false },
  })
    .protect()
    .validationRules.concat(
      introspectionDepthRule(limits.maxDepth, (message) => limitError(LimitCode.QUERY_TOO_DEEP, message)),
    );
}

/** The parser's refusal of a long document (graphql-js wording, "more that" in 16.x). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;
/** graphql-js's suggestion clauses: `Did you mean "x"?`, `Did you mean the enum value "X"?`, ... */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;
/** How Apollo tags its own recursive-selections refusal (maxRecursiveSelections). */
const APOLLO_RECURSIVE_SELECTIONS = 'MAX_RECURSIVE_SELECTIONS_EXCEEDED';

/** The limit a refusal raised during parsing or validation belongs to, if any. */
function limitCodeOf(error: GraphQLError): LimitCode | undefined {
  const original = error.originalError as GraphQLError | undefined;
  const code = original?.extensions?.code;
  if (Object.values(LimitCode).includes(code as LimitCode)) return code as LimitCode;
  if (error.extensions?.validationErrorCode === APOLLO_RECURSIVE_SELECTIONS) return LimitCode.QUERY_TOO_LARGE;
  if (error.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOO_MANY_TOKENS.test(error.message)) {
    return LimitCode.TOO_MANY_TOKENS;
  }
  return undefined;
}

/**
 * Gives each limit refusal its own code (Apollo files every validation failure under
 * GRAPHQL_VALIDATION_FAILED and every parse failure under GRAPHQL_PARSE_FAILED, both HTTP 400), and takes
 * field, argument, type and enum suggestions out of every error message, signed in or not: with
 * introspection off, "Did you mean castDecision?" would reveal the schema piece by piece.
 */
export function limitRefusalsPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = limitCodeOf(error);
            if (code === LimitCode.TOO_MANY_TOKENS) {
              error.message = `The document has more than ${limits.maxTokens} tokens`;
            } else if (code === LimitCode.QUERY_TOO_LARGE) {
              error.message = `The operation expands to more than ${maxExpandedSelections(limits)} selections (fragments counted each time they are spread)`;
            }
            if (code) error.extensions.code = code;
            error.message = error.message.replace(SUGGESTION, '');
          }
        },
      };
    },
  };
}

/**
 * Everything the GraphQL server needs to refuse oversized operations, in the order they apply:
 * tokens while parsing; expanded selections (Apollo's own linear count, run before the other rules),
 * then depth, aliases and directives while validating; cost before execution; size of the result after.
 */
export function operationLimits(limits: OperationLimits, schema: () => GraphQLSchema) {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    maxRecursiveSelections: maxExpandedSelections(limits),
    validationRules: operationLimitRules(limits),
    plugins: [
      limitRefusalsPlugin(limits),
      complexityPlugin(schema, limits.maxComplexity, maxExpandedSelections(limits)),
      responseSizePlugin(limits.maxResponseBytes),
    ],
  };
}

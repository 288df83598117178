import { GraphQLError } from 'graphql';

/**
 * The `extensions.code` of each limit refusal. Every one is answered with HTTP 400 before anything runs
 * (RESPONSE_TOO_LARGE: after, instead of the result), is written for the client and never logged with
 * a stack.
 */
export enum LimitCode {
  /** More tokens than GRAPHQL_MAX_TOKENS: refused while parsing. */
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  /** More nested fields than GRAPHQL_MAX_DEPTH (fragments followed, introspection included). */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  /** More aliases than GRAPHQL_MAX_ALIASES. */
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  /** More directives than GRAPHQL_MAX_DIRECTIVES. */
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  /** More selections than GRAPHQL_MAX_TOKENS once every fragment spread is expanded (fragment fan-out). */
  QUERY_TOO_LARGE = 'QUERY_TOO_LARGE',
  /** An estimated cost above GRAPHQL_MAX_COMPLEXITY (lists count their page size, nested lists multiply). */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** A result larger than GRAPHQL_MAX_RESPONSE_BYTES: not sent. */
  RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE',
}

/** A limit refusal as the client sees it: the limit's code, HTTP 400, a message naming the limit. */
export function limitError(code: LimitCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Refuses an operation whose estimated cost exceeds `max`: each field costs 1, and list fields with a
 * `first` argument cost that many times their children (declared with `complexity` on the field).
 */
export function complexityPlugin(schemaHost: GraphQLSchemaHost, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema: schemaHost.schema,
            operationName: request.operationName,
            query: document,
            variables: request.variables,
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > max) {
            throw new GraphQLError(`Query cost ${complexity} exceeds the limit of ${max}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            });
          }
        },
      };
    },
  };
}

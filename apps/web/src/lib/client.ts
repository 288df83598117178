import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';

/**
 * The GraphQL client of one session. The token lives in this object only (memory): never in
 * localStorage, sessionStorage or a cookie, so another page cannot read it and no request carries it
 * unless the console sends it. Signing out or reloading the page drops it; the API's answers are cached
 * per session and dropped with it. An UNAUTHENTICATED answer (token expired or user deactivated) calls
 * `onSignedOut`.
 */
export function createSessionClient(token: string | null, onSignedOut: (reason: string) => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({
      headers: token ? { authorization: `Bearer ${token}` } : ({} as Record<string, string>),
    }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'))
            onSignedOut('Your session has ended. Sign in again.');
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}

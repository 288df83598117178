/** One GraphQL response as a client sees it. */
export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors:
    Array<{ message: string; extensions?: { code?: string; [k: string]: unknown }; path?: unknown[] }> | undefined;
  headers: Headers;
}

/** Talks to the running service over HTTP exactly as a client would. */
export class GraphqlClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
  ) {}

  withToken(token: string | null): GraphqlClient {
    return new GraphqlClient(this.baseUrl, token);
  }

  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GqlResponse<T>> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
    return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
  }

  /** Runs an operation that must succeed and returns its data. */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.request<T>(query, variables);
    if (res.errors?.length || !res.data) {
      throw new Error(`GraphQL operation failed: ${JSON.stringify(res.errors ?? res)}`);
    }
    return res.data;
  }

  /** The `extensions.code` of the first error (undefined when the operation succeeded). */
  async errorCode(query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    const res = await this.request(query, variables);
    return res.errors?.[0]?.extensions?.code;
  }
}

import type { DataSource } from 'typeorm';
import type { GraphqlClient } from './graphql-client';

type Query = (...args: unknown[]) => unknown;
interface PgClientClass {
  prototype: { query: Query };
}

/** What one operation sent to the database. */
export interface CountedOperation<T> {
  data: T;
  /** Every statement sent while the operation ran (its SQL text), in order. */
  statements: string[];
}

/**
 * Counts the SQL statements the service sends to the database, by wrapping `query` of the pg client class the
 * data source's pool uses (the same for the embedded database, reached through its socket, and for
 * PostgreSQL). The service runs in the test's process, so every statement passes through it: authentication,
 * the operation, the nested fields. Only one operation at a time should run while counting (statements are
 * attributed by time, not by request), which is how the statement-count tests use it.
 *
 * @example
 * const counter = StatementCounter.install(env.dataSource);
 * const { statements } = await counter.run(client, `{ myQueue { id requester { email } } }`);
 * expect(statements).toHaveLength(4);
 * counter.uninstall();
 */
export class StatementCounter {
  private recording: string[] | null = null;

  private constructor(
    private readonly clientClass: PgClientClass,
    private readonly original: Query,
  ) {}

  static install(dataSource: DataSource): StatementCounter {
    // The pool's own client class: the service may give the pool a subclass with its own `query` (e.g. one
    // that ends a stalled connection), which would not see a change to pg's Client.
    const driver = dataSource.driver as unknown as {
      master?: { Client?: PgClientClass };
      postgres?: { Client?: PgClientClass };
    };
    const clientClass = driver.master?.Client ?? driver.postgres?.Client;
    if (!clientClass) throw new Error('StatementCounter needs a data source on the postgres driver');
    const original = clientClass.prototype.query;
    const counter = new StatementCounter(clientClass, original);
    clientClass.prototype.query = function (this: unknown, ...args: unknown[]) {
      counter.recording?.push(statementText(args[0]));
      return original.apply(this, args);
    };
    return counter;
  }

  /** Runs `fn` and returns what it returned with the statements sent meanwhile. */
  async during<T>(fn: () => Promise<T>): Promise<CountedOperation<T>> {
    if (this.recording) throw new Error('StatementCounter is already recording: count one operation at a time');
    const statements: string[] = [];
    this.recording = statements;
    try {
      return { data: await fn(), statements };
    } finally {
      this.recording = null;
    }
  }

  /** Runs a GraphQL operation that must succeed and returns its data with the statements it cost. */
  run<T = Record<string, any>>(client: GraphqlClient, query: string, variables: Record<string, unknown> = {}) {
    return this.during(() => client.ok<T>(query, variables));
  }

  uninstall(): void {
    this.clientClass.prototype.query = this.original;
  }
}

function statementText(config: unknown): string {
  if (typeof config === 'string') return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : String(config);
}

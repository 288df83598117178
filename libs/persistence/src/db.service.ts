import { Inject, Injectable } from '@nestjs/common';
import { AnyAbility } from '@casl/ability';
import { Actor, RequestContext } from '@app/core';
import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

export const DATA_SOURCE = Symbol('DATA_SOURCE');

/** A prepared whole-entity read: its statement text and how a row becomes an entity. */
interface ReadPlan {
  sql: string;
  hydrate: (row: Record<string, unknown>) => unknown;
}

/**
 * Access to the database for services. Repositories always come from the context's entity manager,
 * so whatever a mutation writes joins that mutation's transaction.
 */
@Injectable()
export class Db {
  constructor(@Inject(DATA_SOURCE) readonly dataSource: DataSource) {}

  private readonly plans = new Map<EntityTarget<unknown>, Map<string, ReadPlan>>();

  repo<T extends ObjectLiteral>(ctx: RequestContext, entity: EntityTarget<T>): Repository<T> {
    return ctx.em.getRepository(entity);
  }

  /** A context on the plain (non-transactional) entity manager. */
  context(requestId: string, actor: Actor | null, ability: AnyAbility | null, organisationId?: string | null) {
    return new RequestContext(
      requestId,
      actor,
      ability,
      this.dataSource.manager,
      organisationId ?? actor?.organisationId ?? null,
    );
  }

  /**
   * Runs `fn` in a transaction on `ctx` (joining the current one if there is one), then, when this call
   * opened it, commits and runs the context's after-commit hooks. Used by jobs and the CLI; GraphQL
   * mutations get theirs from the TransactionInterceptor.
   */
  async transaction<T>(ctx: RequestContext, fn: (ctx: RequestContext) => Promise<T>): Promise<T> {
    if (ctx.em.queryRunner?.isTransactionActive) return fn(ctx);
    const outer = ctx.em;
    try {
      const result = await this.dataSource.transaction(async (em) => {
        ctx.em = em;
        return fn(ctx);
      });
      ctx.em = outer;
      await ctx.runAfterCommit();
      return result;
    } catch (error) {
      ctx.em = outer;
      ctx.discardAfterCommit();
      throw error;
    }
  }

  /**
   * Whole entities by plain SQL, for the read paths that run on every request (field loaders, lookups by
   * id): `SELECT <the entity's columns> FROM <its table> t <clause>`, the clause in SQL with positional
   * parameters ($1, …) and `t` as the table's alias. The statement text is built once per (entity, clause,
   * omitted columns) and rows are hydrated from the entity's metadata the way TypeORM's own finds do it
   * (the driver's conversion and the column's transformer, the entity's prototype), without the query
   * builder's work on each call. Columns with `select: false` and those in `omit` (property names) are not
   * read and stay undefined. Runs on the context's entity manager, so inside its transaction.
   */
  async select<T extends ObjectLiteral>(
    ctx: RequestContext,
    entity: EntityTarget<T>,
    clause: string,
    params: unknown[],
    omit: readonly string[] = [],
  ): Promise<T[]> {
    const key = omit.length ? `${clause}\u0000${omit.join(',')}` : clause;
    let byClause = this.plans.get(entity);
    if (!byClause) this.plans.set(entity, (byClause = new Map()));
    let plan = byClause.get(key);
    if (!plan) byClause.set(key, (plan = this.readPlan(this.dataSource.getMetadata(entity), clause, omit)));
    const rows = (await ctx.em.query(plan.sql, params)) as Array<Record<string, unknown>>;
    return rows.map(plan.hydrate) as T[];
  }

  private readPlan(metadata: EntityMetadata, clause: string, omit: readonly string[]): ReadPlan {
    if (metadata.embeddeds.length || metadata.childEntityMetadatas.length || metadata.lazyRelations.length) {
      throw new Error(`Db.select does not read ${metadata.name}: embedded, inherited or lazy members`);
    }
    const columns: ColumnMetadata[] = metadata.columns.filter(
      (c) => c.isSelect && !c.isVirtual && !omit.includes(c.propertyName),
    );
    const unknown = omit.filter((name) => !metadata.columns.some((c) => c.propertyName === name));
    if (unknown.length) throw new Error(`Db.select: ${metadata.name} has no column ${unknown.join(', ')}`);
    const driver = this.dataSource.driver;
    const quote = (name: string) => driver.escape(name);
    const sql =
      `SELECT ${columns.map((c, i) => `t.${quote(c.databaseName)} AS c${i}`).join(', ')} ` +
      `FROM ${metadata.tablePath.split('.').map(quote).join('.')} t ${clause}`;
    const names = columns.map((_, i) => `c${i}`);
    return {
      sql,
      hydrate: (row) => {
        const entity = metadata.create(undefined, { fromDeserializer: true });
        for (let i = 0; i < columns.length; i++) {
          const value = row[names[i]];
          if (value !== undefined) columns[i].setEntityValue(entity, driver.prepareHydratedValue(value, columns[i]));
        }
        return entity;
      },
    };
  }

  /** True when the context is inside a transaction (audit appends require one). */
  inTransaction(ctx: RequestContext): boolean {
    return ctx.em.queryRunner?.isTransactionActive === true;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AnyAbility } from '@casl/ability';
import { Actor, RequestContext } from '@app/core';
import { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

export const DATA_SOURCE = Symbol('DATA_SOURCE');

/**
 * Access to the database for services. Repositories always come from the context's entity manager,
 * so whatever a mutation writes joins that mutation's transaction.
 */
@Injectable()
export class Db {
  constructor(@Inject(DATA_SOURCE) readonly dataSource: DataSource) {}

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

  /** True when the context is inside a transaction (audit appends require one). */
  inTransaction(ctx: RequestContext): boolean {
    return ctx.em.queryRunner?.isTransactionActive === true;
  }
}

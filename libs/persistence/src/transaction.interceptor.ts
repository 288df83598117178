import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { isErrorResult, RequestContext } from '@app/core';
import { from, Observable, lastValueFrom } from 'rxjs';
import { Db } from './db.service';
import { IdempotencyService } from './idempotency.service';
import { NO_TRANSACTION_KEY } from './no-transaction.decorator';

/**
 * One transaction per GraphQL mutation. The resolver's service calls write through `ctx.em`; a thrown
 * error or a returned ErrorResult rolls everything back, so a refused operation leaves no partial write.
 * After commit, the context's after-commit hooks (events to other features) run, and `ctx.em` goes
 * back to the plain manager for the field resolvers that render the result.
 */
@Injectable()
export class TransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Db,
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    // Queries (most calls) leave here, reading the operation from the resolver's info argument directly.
    if ((context.getArgByIndex(3) as GraphQLResolveInfo).operation.operation !== 'mutation') return next.handle();
    const gql = GqlExecutionContext.create(context);
    if (this.reflector.get<boolean>(NO_TRANSACTION_KEY, context.getHandler())) return next.handle();
    const req = gql.getContext().req;
    const ctx: RequestContext | undefined = req?.ctx;
    if (!ctx) return next.handle();
    const header = req.headers?.['idempotency-key'];
    const idempotency =
      typeof header === 'string' && ctx.actor
        ? { key: header, hash: this.idempotency.hash(gql.getInfo().fieldName, gql.getArgs()) }
        : null;
    return from(this.run(ctx, next, idempotency));
  }

  private async run(
    ctx: RequestContext,
    next: CallHandler,
    idempotency: { key: string; hash: string } | null,
  ): Promise<unknown> {
    const outer = ctx.em;
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    ctx.em = runner.manager;
    let committed = false;
    try {
      if (idempotency) {
        const claimed = await this.idempotency.claim(ctx, idempotency.key, idempotency.hash);
        if (claimed) {
          await runner.rollbackTransaction();
          return claimed.replay;
        }
      }
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      if (idempotency && !isErrorResult(result)) await this.idempotency.complete(ctx, idempotency.key, result);
      if (isErrorResult(result)) {
        await runner.rollbackTransaction();
      } else {
        await runner.commitTransaction();
        committed = true;
      }
      return result;
    } catch (error) {
      // On a lost connection the ROLLBACK fails as well (the server rolls back by itself); the error to
      // report is the first one, which says why (an outage answers SERVICE_UNAVAILABLE), not the rollback's.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      ctx.em = outer;
      await runner.release();
      if (committed) await ctx.runAfterCommit();
      else ctx.discardAfterCommit();
    }
  }
}

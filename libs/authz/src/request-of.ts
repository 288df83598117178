import { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequestContext } from '@app/core';

export type ContextualRequest = Request & { ctx?: RequestContext; id?: string };

/** The HTTP request behind a GraphQL operation or a REST call. */
export function requestOf(context: ExecutionContext): ContextualRequest | undefined {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: ContextualRequest }>().req;
  }
  return context.switchToHttp().getRequest<ContextualRequest>();
}

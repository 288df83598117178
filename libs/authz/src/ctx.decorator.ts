import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RequestContext } from '@app/core';
import { requestOf } from './request-of';

/** Injects the operation's RequestContext into a resolver or controller method. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const ctx = requestOf(context)?.ctx;
  if (!ctx) throw new Error('RequestContext missing: is the authentication guard installed?');
  return ctx;
});

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { requestOf } from '@app/authz';

/**
 * The caller's address as Express sees it (`req.ip`): the TCP peer, or, only when TRUST_PROXY is
 * configured, the address the trusted proxies forwarded. A raw X-Forwarded-For is never believed by default.
 */
export const ClientAddress = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const req = requestOf(context);
  return req?.ip ?? req?.socket?.remoteAddress ?? 'unknown';
});

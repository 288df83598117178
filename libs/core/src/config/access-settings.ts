import { isIP } from 'node:net';
import { z } from 'zod';
import { Role } from '../context/role-values';

/**
 * INCOMPATIBLE_ROLES: comma-separated `ROLE:ROLE` pairs no user may hold together (separation of duties),
 * or `none`. Parsed to pairs of Role at start-up, so a misspelt role stops the process naming the variable.
 */
export const incompatibleRolesSetting = z
  .string()
  .default('ORG_ADMIN:APPROVER,ORG_ADMIN:REVIEWER')
  .transform((value, ctx): Array<[Role, Role]> => {
    if (value.trim().toLowerCase() === 'none') return [];
    const roles = new Set<string>(Object.values(Role));
    const pairs: Array<[Role, Role]> = [];
    for (const item of value.split(',')) {
      const [a, b, ...rest] = item.split(':').map((s) => s.trim());
      if (!a || !b || rest.length || !roles.has(a) || !roles.has(b) || a === b) {
        ctx.addIssue({
          code: 'custom',
          message: `"${item.trim()}" is not a pair of two different roles ROLE:ROLE (roles: ${[...roles].join(', ')}), nor "none"`,
        });
        return z.NEVER;
      }
      pairs.push([a as Role, b as Role]);
    }
    return pairs;
  });

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY, passed to Express's `trust proxy`: unset or `false` (the client is the peer of the TCP
 * connection; X-Forwarded-For is ignored), `true` (trust every hop: only behind a proxy that overwrites the
 * header), a number of hops, or addresses/subnets/`loopback` of the proxies, comma-separated.
 */
export const trustProxySetting = z
  .string()
  .default('false')
  .transform((value, ctx): boolean | number | string => {
    if (value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const bad = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => !PROXY_NAMES.has(s) && !isIP(s.split('/')[0]));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `must be true, false, a number of hops, or proxy addresses/subnets (bad: ${bad.join(', ')})`,
      });
      return z.NEVER;
    }
    return value;
  });

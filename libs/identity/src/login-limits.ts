import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, RateLimitedError, RequestContext } from '@app/core';
import type { AppConfig } from '@app/core';

/** How many verifications may wait for a slot, per slot, before further sign-ins are refused at once. */
const QUEUE_PER_SLOT = 4;

/** Stale per-address rows are swept every this many sign-ins, so the table stays small under a spray. */
const SWEEP_EVERY = 200;

/**
 * The key one client is counted under: the IPv4 address (also when written IPv4-mapped), or the /64 of an
 * IPv6 address, since one subscriber commonly holds a whole /64 and could otherwise rotate addresses freely.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address.slice(0, 64);
  const [head, tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const full =
    tail === undefined
      ? groups(head)
      : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Limits on sign-in beyond the per-email lockout (one client could try many emails, and 40
 * concurrent argon2 verifications were accepted):
 * - per client address, at most LOGIN_IP_MAX_PER_MINUTE attempts per minute, counted in the database so the
 *   limit holds across instances (the address is Express's `req.ip`: the TCP peer unless TRUST_PROXY names
 *   the proxies);
 * - per process, at most LOGIN_MAX_CONCURRENT argon2 verifications at once (each takes 64 MiB and a core's
 *   worth of time), with up to 4 waiting per slot; beyond that a sign-in is refused at once rather than
 *   queued without bound.
 * Both refusals are RATE_LIMITED with `retryAfterSeconds`.
 */
@Injectable()
export class LoginLimits {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private attemptsSinceSweep = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Counts one attempt from `address` in the current one-minute window; refuses over the limit. */
  async admitAddress(ctx: RequestContext, address: string): Promise<void> {
    if (++this.attemptsSinceSweep >= SWEEP_EVERY) {
      this.attemptsSinceSweep = 0;
      await ctx.em.query(`DELETE FROM login_address_throttle WHERE window_started_at < now() - interval '1 minute'`);
    }
    const [row] = (await ctx.em.query(
      `INSERT INTO login_address_throttle AS t (address, attempts, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (address) DO UPDATE SET
         attempts = CASE WHEN t.window_started_at <= now() - interval '1 minute' THEN 1 ELSE t.attempts + 1 END,
         window_started_at = CASE WHEN t.window_started_at <= now() - interval '1 minute' THEN now()
                                  ELSE t.window_started_at END
       RETURNING attempts, ceil(extract(epoch FROM window_started_at + interval '1 minute' - now()))::int AS wait`,
      [addressKey(address)],
    )) as Array<{ attempts: number; wait: number }>;
    if (row.attempts > this.config.LOGIN_IP_MAX_PER_MINUTE) {
      const wait = Math.max(1, row.wait);
      throw new RateLimitedError(`Too many sign-in attempts from your address; try again in ${wait} seconds`, wait);
    }
  }

  /** Runs one password verification within the concurrency cap. */
  async verify<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.config.LOGIN_MAX_CONCURRENT) {
      if (this.waiting.length >= this.config.LOGIN_MAX_CONCURRENT * QUEUE_PER_SLOT) {
        throw new RateLimitedError('The service is busy signing other people in; try again in a second', 1);
      }
      // The slot is handed over by the finishing verification, so `running` never exceeds the cap.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

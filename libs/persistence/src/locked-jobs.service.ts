import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, RequestContext } from '@app/core';
import { Db } from './db.service';

/** A job that runs on one instance at a time: its name (logs, request ids) and its advisory-lock key. */
export interface LockedJob {
  name: string;
  /** Key of the PostgreSQL advisory lock; unique per job across the service. */
  lockKey: number;
}

/** A scheduled job; `stop()` ends its timer (also done for every job when the application shuts down). */
export interface ScheduledJob {
  stop(): void;
}

/**
 * Work the service does on its own, on a timer, on at most one instance at a time. Each run is one
 * transaction that first takes `pg_try_advisory_xact_lock(lockKey)`: when another instance (or another
 * run here) holds it the run does nothing and answers null; the lock ends with the transaction, so a
 * crashed run never leaves it held. Ticks that come while a run of the same job is still going are
 * skipped; failures are logged, never thrown into the timer. Timers stop, and running jobs are waited for,
 * when the application shuts down (before the database closes).
 *
 * @example
 *   this.jobs.every(EXPIRY_JOB, 300_000, (ctx) => this.expire(ctx, new Date()));
 *   await this.jobs.runOnce(EXPIRY_JOB, (ctx) => this.expire(ctx, now)); // null if locked elsewhere
 */
@Injectable()
export class LockedJobs implements OnModuleDestroy {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs `fn` once in its own transaction holding the job's lock; null when the lock is held elsewhere. */
  runOnce<T>(job: LockedJob, fn: (ctx: RequestContext) => Promise<T>): Promise<T | null> {
    const base = this.db.context(`job-${job.name}-${randomUUID()}`, null, null);
    return this.db.transaction(base, async (tx) => {
      const [{ locked }] = (await tx.em.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        job.lockKey,
      ])) as Array<{ locked: boolean }>;
      return locked ? fn(tx) : null;
    });
  }

  /** Runs `fn` every `intervalMs` through `runOnce`; with `intervalMs <= 0` the job is not scheduled. */
  every(job: LockedJob, intervalMs: number, fn: (ctx: RequestContext) => Promise<unknown>): ScheduledJob {
    if (intervalMs <= 0) return { stop: () => undefined };
    const timer = setInterval(() => {
      if (this.running.has(job.name)) return;
      const run = this.runOnce(job, fn)
        .catch((error: unknown) => this.logger.error({ err: error, job: job.name }, 'job failed'))
        .finally(() => this.running.delete(job.name));
      this.running.set(job.name, run);
    }, intervalMs);
    timer.unref();
    this.timers.add(timer);
    return {
      stop: () => {
        clearInterval(timer);
        this.timers.delete(timer);
      },
    };
  }

  async onModuleDestroy() {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }
}

import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChainSegment } from './audit-chain';
import { ChainBatch } from './audit-chain.reader';

/** Optional provider: how many worker threads verify batches (default: the cores, at most 4). */
export const AUDIT_HASH_WORKERS = Symbol('AUDIT_HASH_WORKERS');
/** Threads with nothing to do for this long stop; the next verification starts them again. */
const IDLE_MS = 30_000;

// Built, the worker is the .js beside this file; run from source (ts-node, Jest) it is the .ts, which a small
// script compiles with ts-node (a worker given a .ts file would refuse it).
const WORKER_FILE = join(__dirname, `audit-chain.worker${extname(__filename)}`);
const WORKER_SOURCE =
  extname(__filename) === '.ts'
    ? `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))});
       require(${JSON.stringify(WORKER_FILE)});`
    : null;

interface Task {
  batch: ChainBatch;
  resolve: (segment: ChainSegment) => void;
  reject: (error: Error) => void;
}

/**
 * A small pool of worker threads that recompute the hashes of chain batches (`verifyChainBatch`): the
 * canonical form and SHA-256 of every event are most of verification's work, and one core does not keep up
 * with the reads. Each thread takes one batch at a time; batches wait in arrival order. Threads start on
 * first use, stop after IDLE_MS without work, and do not keep the process alive while idle.
 */
@Injectable()
export class AuditHashWorkers implements OnModuleDestroy {
  readonly size: number;
  private readonly busy = new Map<Worker, Task>();
  private idle: Worker[] = [];
  private readonly waiting: Task[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(@Optional() @Inject(AUDIT_HASH_WORKERS) size?: number) {
    this.size = size ?? Math.max(1, Math.min(4, availableParallelism()));
  }

  /** The segment of one batch, verified in a worker thread. */
  verify(batch: ChainBatch): Promise<ChainSegment> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; a batch still being verified fails. */
  async close(): Promise<void> {
    this.clearIdleTimer();
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private dispatch(): void {
    this.clearIdleTimer();
    while (this.waiting.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : null);
      if (!worker) return;
      const task = this.waiting.shift()!;
      this.busy.set(worker, task);
      worker.ref();
      worker.postMessage(task.batch);
    }
    if (this.busy.size === 0 && this.idle.length > 0) {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_MS).unref();
    }
  }

  private spawn(): Worker {
    const worker = WORKER_SOURCE ? new Worker(WORKER_SOURCE, { eval: true }) : new Worker(WORKER_FILE);
    worker.on('message', (answer: { segment?: ChainSegment; error?: string }) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (answer.error !== undefined) task?.reject(new Error(answer.error));
      else task?.resolve(answer.segment!);
      this.dispatch();
    });
    const fail = (error: Error) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle = this.idle.filter((w) => w !== worker);
      task?.reject(error);
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`an audit hash worker stopped (exit code ${code})`)));
    return worker;
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

import { Inject, Injectable, Optional } from '@nestjs/common';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { AuditEventEntity } from './audit-event.entity';
import {
  ChainHead,
  ChainSegment,
  ChainVerification,
  ChainVerifier,
  compareWithStoredHead,
  GENESIS_HASH,
  HeadComparison,
} from './audit-chain';
import type { ClientBase } from 'pg';
import { copyOut } from './audit-chain.copy';
import { chainCopySql, ChainBatch, verifyChainBatch } from './audit-chain.reader';
import { AuditHashWorkers } from './audit-hash-workers';
import {
  AuditCheckSummary,
  AuditIntegrityProblem,
  AuditVerificationExtensions,
  AuditVerificationRange,
} from './audit-verification.extensions';
import { AuditCheckpoint, CheckpointMismatch, compareWithChain } from './checkpoint/audit-checkpoint';

/** How events are read and hashed; tests make batches small to exercise the pipeline on short chains. */
export interface AuditVerificationTuning {
  /** Events per read (one statement each). */
  batchSize: number;
  /** Longer ranges are hashed in worker threads, shorter ones on the calling thread. */
  workersFrom: number;
}
export const AUDIT_VERIFICATION_TUNING = Symbol('AUDIT_VERIFICATION_TUNING');
const DEFAULT_TUNING: AuditVerificationTuning = { batchSize: 2000, workersFrom: 4000 };
/**
 * Problems listed in one report; the checks' summaries count them all. A mass rewrite must not turn the
 * answer auditors need into a response too large to send.
 */
export const MAX_LISTED_PROBLEMS = 100;
/** The `check` name of problems found in the chain itself or its stored head. */
export const CHAIN_CHECK = 'chain';

export interface AuditChainReport extends ChainVerification {
  /** The head the append path recorded (audit_chain_head); null when the organisation never had an event. */
  storedHeadSeq: number | null;
  storedHeadHash: string | null;
  checkpointMismatches: CheckpointMismatch[];
  /**
   * Everything found wrong besides checkpoint mismatches: the chain break, if any, then the extensions', at most
   * MAX_LISTED_PROBLEMS (each check's summary counts all of its own).
   */
  problems: AuditIntegrityProblem[];
  /** One line per registered extension check. */
  checks: AuditCheckSummary[];
}

/**
 * Recomputes an organisation's chain, reading it in keyset batches so memory stays bounded whatever its
 * length (batches are read ahead while worker threads hash the earlier ones, a few at a time); compares its end with the head every append records (events removed from the end are TRUNCATED,
 * even though what is left links up); runs the checks features registered (e.g. decision record snapshots
 * against the hashes bound into their events); and compares checkpoints an auditor kept with the current
 * chain: a history rewritten with recomputed hashes, or truncated together with its head, no longer
 * matches them.
 */
@Injectable()
export class AuditVerificationService {
  private readonly tuning: AuditVerificationTuning;
  /** The most bytes per event a batch has had (COPY text), to size the next batch's buffer. */
  private bytesPerEvent = 256;

  constructor(
    private readonly db: Db,
    private readonly extensions: AuditVerificationExtensions,
    @Optional() private readonly workers: AuditHashWorkers = new AuditHashWorkers(),
    @Optional() @Inject(AUDIT_VERIFICATION_TUNING) tuning?: Partial<AuditVerificationTuning>,
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  async verify(
    ctx: RequestContext,
    range: { fromSeq?: number | null; toSeq?: number | null } = {},
    checkpoints: AuditCheckpoint[] = [],
    trustedPublicKey?: string,
  ): Promise<AuditChainReport> {
    // Read first, and walk no further than it: events appended while we walk are not ours to judge.
    const stored = await this.storedHead(ctx);
    const from = Math.max(1, range.fromSeq ?? 1);
    const reachesHead = range.toSeq == null || range.toSeq >= stored.head.seq;
    const to = reachesHead ? stored.head.seq : range.toSeq!;
    const walked = await this.walk(ctx, from, to);
    // A range that starts after the stored head walked nothing: only events beyond the head can be wrong there.
    const walkedHead = walked.headSeq === null ? null : { seq: walked.headSeq, hash: walked.headHash! };
    const headBreak =
      walked.valid && reachesHead
        ? compareWithStoredHead(from <= stored.head.seq ? walkedHead : stored.head, stored.head, stored.lastSeq)
        : null;
    const chain: ChainVerification = headBreak
      ? { ...walked, valid: false, reason: headBreak.reason, firstInvalidSeq: headBreak.firstInvalidSeq }
      : walked;
    const problems = chain.valid ? [] : [chainProblem(chain, headBreak)];
    const checks = await this.runExtensions(ctx, { fromSeq: from, toSeq: to }, problems);
    const checkpointMismatches = await this.compare(ctx, checkpoints, trustedPublicKey);
    return {
      ...chain,
      valid: chain.valid && problems.length === 0 && checkpointMismatches.length === 0,
      storedHeadSeq: stored.exists ? stored.head.seq : null,
      storedHeadHash: stored.exists ? stored.head.hash : null,
      checkpointMismatches,
      problems: problems.slice(0, MAX_LISTED_PROBLEMS),
      checks,
    };
  }

  /**
   * The head as the append path recorded it (audit_chain_head), or null for an empty chain. Checkpoints sign
   * this head: a chain cut short behind the triggers must not get a signature for its shorter self.
   */
  async head(ctx: RequestContext): Promise<ChainHead | null> {
    const { head } = await this.storedHead(ctx);
    return head.seq > 0 ? head : null;
  }

  /** The stored head and the highest seq in the table, read in one statement (one snapshot). */
  private async storedHead(ctx: RequestContext): Promise<{ head: ChainHead; lastSeq: number; exists: boolean }> {
    const [row] = (await ctx.em.query(
      `SELECT h.seq::text AS seq, h.hash,
              (SELECT max(e.seq) FROM audit_event e WHERE e.organisation_id = $1)::text AS last_seq
       FROM (SELECT 1) AS one LEFT JOIN audit_chain_head h ON h.organisation_id = $1`,
      [ctx.orgId],
    )) as Array<{ seq: string | null; hash: string | null; last_seq: string | null }>;
    const exists = row.seq !== null;
    return {
      head: exists ? { seq: Number(row.seq), hash: row.hash! } : { seq: 0, hash: GENESIS_HASH },
      lastSeq: Number(row.last_seq ?? 0),
      exists,
    };
  }

  /**
   * Walks events from..to (inclusive) in keyset batches (seq > after, LIMIT batchSize) through the incremental
   * verifier, in order. Batches are read ahead and hashed in worker threads meanwhile: the next batch's
   * `after` is guessed as this one's plus batchSize, which is exact whenever it matters: a batch is only
   * followed if it was full and verified, so its seqs ran without a gap up to the guess. At most a few
   * batches are in flight (read, waiting or being hashed), which bounds memory whatever the chain's length.
   * A pool of one connection (the embedded database) gets one read at a time, released between batches, so
   * other requests interleave; a larger pool gets two concurrent reads.
   */
  private async walk(ctx: RequestContext, from: number, to: number): Promise<ChainVerification> {
    const repo = this.db.repo(ctx, AuditEventEntity);
    let start: ChainHead | null = null;
    if (from > 1) {
      const previous = await repo.findOne({ where: { organisationId: ctx.orgId, seq: String(from - 1) } });
      start = previous ? { seq: from - 1, hash: previous.hash } : { seq: from - 1, hash: '(missing)' };
    }
    const verifier = new ChainVerifier(start);
    if (from > to) return verifier.result();
    const organisationId = await this.canonicalOrganisationId(ctx);
    const { batchSize, workersFrom } = this.tuning;
    const parallel = to - from + 1 >= workersFrom;
    const hash = parallel
      ? (batch: ChainBatch) => this.workers.verify(batch)
      : async (batch: ChainBatch) => verifyChainBatch(batch);
    // Reads run on `lanes` promise chains, one statement at a time each.
    const lanes: Array<Promise<unknown>> = Array.from({ length: parallel && this.poolSize() > 1 ? 2 : 1 }, () =>
      Promise.resolve(),
    );
    const inFlight = parallel ? this.workers.size + lanes.length + 1 : 1;
    const pending: Array<Promise<ChainSegment>> = [];
    let issued = 0;
    let after = from - 1;
    try {
      for (;;) {
        while (pending.length < inFlight && after < to) {
          const lane = issued++ % lanes.length;
          const batchAfter = after;
          const read = lanes[lane].then(() => this.readBatch(ctx, organisationId, batchAfter, to, batchSize));
          lanes[lane] = read.catch(() => undefined);
          pending.push(read.then(hash));
          after = Math.min(after + batchSize, to);
        }
        const next = pending.shift();
        if (!next) break;
        const segment = await next;
        if (!verifier.pushSegment(segment) || segment.count < batchSize) break;
      }
    } finally {
      // Batches read ahead of a break are not needed; nothing is left running on the caller's connection.
      await Promise.allSettled(pending);
    }
    return verifier.result();
  }

  /** The organisation's id as PostgreSQL writes a uuid, as the hashes cover it (and safe inside COPY's text). */
  private async canonicalOrganisationId(ctx: RequestContext): Promise<string> {
    const [row] = (await ctx.em.query(`SELECT $1::uuid::text AS id`, [ctx.orgId])) as Array<{ id: string }>;
    return row.id;
  }

  /**
   * One batch (see chainCopySql), on the caller's connection when it holds one (a transaction), else on a
   * connection of the pool taken for this read only, so other requests interleave on the embedded database.
   */
  private async readBatch(
    ctx: RequestContext,
    organisationId: string,
    after: number,
    to: number,
    size: number,
  ): Promise<ChainBatch> {
    const sql = chainCopySql(organisationId, after, to, size);
    const own = ctx.em.queryRunner ? null : ctx.em.dataSource.createQueryRunner();
    try {
      const client = (await (ctx.em.queryRunner ?? own!).connect()) as ClientBase;
      // Sized for as many events as the last batch held, and a quarter more.
      const data = await copyOut(client, sql, Math.ceil(size * this.bytesPerEvent * 1.25));
      if (data.length > 0) this.bytesPerEvent = Math.max(this.bytesPerEvent, data.length / size);
      return { organisationId, data };
    } finally {
      await own?.release();
    }
  }

  /** The connections the data source's pool may open (1 on the embedded database). */
  private poolSize(): number {
    const extra = (this.db.dataSource?.options as { extra?: { max?: number } } | undefined)?.extra;
    return extra?.max ?? 10;
  }

  private async runExtensions(
    ctx: RequestContext,
    range: AuditVerificationRange,
    problems: AuditIntegrityProblem[],
  ): Promise<AuditCheckSummary[]> {
    const summaries: AuditCheckSummary[] = [];
    for (const check of this.extensions.list()) {
      const result = await check.verify(ctx, range);
      problems.push(...result.problems);
      summaries.push({
        name: check.name,
        checked: result.checked,
        unbound: result.unbound,
        problems: result.problems.length,
      });
    }
    return summaries;
  }

  private async compare(ctx: RequestContext, checkpoints: AuditCheckpoint[], trustedPublicKey?: string) {
    if (checkpoints.length === 0) return [];
    const seqs = checkpoints.map((c) => c.seq).filter((s) => Number.isSafeInteger(s) && s > 0);
    const rows: Array<{ seq: string; hash: string }> = seqs.length
      ? await ctx.em.query(`SELECT seq, hash FROM audit_event WHERE organisation_id = $1 AND seq = ANY($2::bigint[])`, [
          ctx.orgId,
          seqs,
        ])
      : [];
    const hashes = new Map(rows.map((r) => [Number(r.seq), r.hash]));
    // Against the events that are there: a kept checkpoint past the last of them names removed events.
    const { lastSeq } = await this.storedHead(ctx);
    return compareWithChain(checkpoints, (seq) => hashes.get(seq) ?? null, lastSeq, {
      organisationId: ctx.orgId,
      trustedPublicKey,
    });
  }
}

/** The chain's break as a problem; a head break names the head recorded and the one found ("seq:hash"). */
function chainProblem(chain: ChainVerification, headBreak: HeadComparison | null): AuditIntegrityProblem {
  const problem = {
    check: CHAIN_CHECK,
    code: chain.reason!,
    message: `the chain breaks at seq ${chain.firstInvalidSeq}`,
    seq: chain.firstInvalidSeq,
    subjectType: null,
    subjectId: null,
    expected: null,
    actual: null,
  };
  if (!headBreak) return problem;
  const { expected, found } = headBreak;
  const message =
    headBreak.reason === 'TRUNCATED'
      ? `the stored head is seq ${expected.seq} but the chain ends at seq ${found.seq}: events were removed from its end`
      : found.hash === null
        ? `events up to seq ${found.seq} exist after the stored head seq ${expected.seq}`
        : `the event at the stored head seq ${expected.seq} has another hash`;
  return {
    ...problem,
    message,
    expected: `${expected.seq}:${expected.hash}`,
    actual: found.hash === null ? String(found.seq) : `${found.seq}:${found.hash}`,
  };
}

import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';

/**
 * Something an integrity check found wrong. `check` names the check ("chain" for the hash chain and its
 * stored head, otherwise an extension's name); `code` says what is wrong (GAP, TRUNCATED, SNAPSHOT_MISMATCH…).
 */
export interface AuditIntegrityProblem {
  check: string;
  code: string;
  message: string;
  /** The audit event concerned, when there is one. */
  seq: number | null;
  subjectType: string | null;
  subjectId: string | null;
  expected: string | null;
  actual: string | null;
}

/** The inclusive range of sequence numbers being verified (toSeq: the last one verified). */
export interface AuditVerificationRange {
  fromSeq: number;
  toSeq: number;
}

/** What one check reports: how many items it verified, how many it could not (see `unbound`), its problems. */
export interface AuditCheckResult {
  checked: number;
  /**
   * Items the check has no binding for in the chain, e.g. records written before the feature bound them.
   * Reported as a count, not as tampering: nothing can say whether they changed.
   */
  unbound: number;
  problems: AuditIntegrityProblem[];
}

export interface AuditCheckSummary {
  name: string;
  checked: number;
  unbound: number;
  problems: number;
}

/**
 * A check a feature contributes to audit verification, so that what it binds into the chain (e.g. a hash of a
 * document in an event's payload) is checked wherever auditors verify the chain: `verifyAuditChain` and the
 * CLI's `verify-audit`. It runs with the caller's context (use `ctx.em` only: on the embedded database
 * another connection would wait for ever) and must read in bounded batches.
 */
export interface AuditVerificationCheck {
  /** Stable, short, kebab-case; shown to auditors. */
  readonly name: string;
  verify(ctx: RequestContext, range: AuditVerificationRange): Promise<AuditCheckResult>;
}

/**
 * The extension point of audit verification. The audit library sits below the features and imports none of
 * them; a feature registers its check here when its module starts:
 *
 * @example
 * ```ts
 * @Injectable()
 * export class DecisionRecordSnapshotCheck implements AuditVerificationCheck, OnModuleInit {
 *   readonly name = 'decision-record-snapshots';
 *   constructor(private readonly extensions: AuditVerificationExtensions) {}
 *   onModuleInit() { this.extensions.register(this); }
 *   async verify(ctx, range) { … }
 * }
 * ```
 */
@Injectable()
export class AuditVerificationExtensions {
  private readonly checks = new Map<string, AuditVerificationCheck>();

  register(check: AuditVerificationCheck): void {
    if (this.checks.has(check.name)) throw new Error(`audit verification check ${check.name} is registered twice`);
    this.checks.set(check.name, check);
  }

  /** The registered checks, in registration order. */
  list(): AuditVerificationCheck[] {
    return [...this.checks.values()];
  }
}

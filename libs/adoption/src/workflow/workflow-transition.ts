import { AdoptionStatus, WorkflowAction, WorkflowActor } from './adoption-status';

/**
 * What the service knows about a request and the caller at the moment of a transition. Guards read only
 * these facts: they never query a database or read the clock, so the same facts always give the same answer.
 *
 * Facts a guard needs but the caller did not supply count as "not established" and refuse the transition
 * (fail closed): forgetting to evaluate policies must never let a request through.
 */
export interface TransitionFacts {
  /** The user acting. For `SYSTEM` transitions, the service's own actor id. */
  readonly actorUserId: string;
  /** The user who drafted the request. */
  readonly requesterId: string;
  /** Who saved the risk assessment of the current revision; `null` or absent while nobody has. */
  readonly assessorId?: string | null;
  /** Names of required request fields that are still empty (submit, resubmit). */
  readonly missingFields?: readonly string[];
  /** Whether a published policy's BLOCK rule matches the request (submit, resubmit, approve). */
  readonly blockedByPolicy?: boolean;
  /** Whether the current revision's risk assessment is complete (complete review). */
  readonly hasCompleteAssessment?: boolean;
  /** Whether the votes so far meet the quorum and expertise rules (`evaluateVotes` said APPROVED). */
  readonly quorumMet?: boolean;
  /** The reason given with the operation (withdraw, request changes, reject, revoke, recertify). */
  readonly rationale?: string | null;
  /** The time of the operation, passed in (expire). */
  readonly now?: Date;
  /** When the approval lapses (expire). */
  readonly expiresAt?: Date | null;
}

/** A guard hook: returns why the transition is refused, or `null` to let it happen. */
export type TransitionCheck = (facts: TransitionFacts) => string | null;

/**
 * One row of the workflow table: from which state an action leads where, who may ask for it, what must hold,
 * and which audit event records it (the service writes that event in the transaction of the change).
 */
export interface WorkflowTransition {
  readonly action: WorkflowAction;
  readonly from: AdoptionStatus;
  readonly to: AdoptionStatus;
  /** Roles allowed to trigger it; holding any one of them is enough. */
  readonly actors: readonly WorkflowActor[];
  /** Audit event action, `adoption_request.<past tense>`. */
  readonly auditAction: string;
  /** Only the request's own requester may trigger it (a REQUESTER acts on their own requests only). */
  readonly requesterOnly?: boolean;
  /** Separation-of-duties rule; a refusal is reported as SEPARATION_OF_DUTIES. */
  readonly separationOfDuties?: TransitionCheck;
  /** Business precondition; a refusal is reported as GUARD. */
  readonly guard?: TransitionCheck;
}

/**
 * Why a transition was refused.
 * - INVALID_TRANSITION: the table has no such action from the current state (`InvalidTransitionError`).
 * - FORBIDDEN: the caller holds none of the roles the transition allows, or it is not their own request.
 *   The API reports permission failures by throwing (DESIGN.md section 6), so the service throws
 *   `ForbiddenError` for this kind rather than returning it; it is a kind of its own so that it is never
 *   mistaken for a business-rule failure.
 * - SEPARATION_OF_DUTIES: the caller may do this in general but not on this request (`SeparationOfDutiesError`).
 * - GUARD: a precondition does not hold (missing fields, policy block, quorum not met, expiry not reached...).
 */
export type TransitionRefusalKind = 'INVALID_TRANSITION' | 'FORBIDDEN' | 'SEPARATION_OF_DUTIES' | 'GUARD';

/** A refused transition, ready to be mapped to a GraphQL error result. Nothing was changed. */
export interface TransitionRefusal {
  readonly kind: TransitionRefusalKind;
  readonly message: string;
  readonly action: WorkflowAction;
  readonly fromState: AdoptionStatus;
  /** The state the action leads to; `null` only for a table that has no transition for the action at all. */
  readonly toState: AdoptionStatus | null;
}

/** The outcome of `planTransition`: the row to apply, or why not. */
export type TransitionPlan =
  | { readonly ok: true; readonly transition: WorkflowTransition }
  | { readonly ok: false; readonly refusal: TransitionRefusal };

// ---------------------------------------------------------------------------------------------------------
// Separation of duties (DESIGN.md sections 1 and 3). Exported so the service applies the same rules to the
// operations that are not transitions: saving an assessment (reviewer duty) and casting a vote that leaves
// the quorum unmet (decider duty).

/** The requester never takes their own request into review, assesses it or requests changes to it. */
export const checkReviewerDuty: TransitionCheck = (facts) =>
  facts.actorUserId === facts.requesterId ? 'The requester of a request may not review or assess it' : null;

/**
 * Nobody decides a request they drafted, nor a revision they assessed: the four-eyes principle needs a
 * decider independent of both the applicant and the assessment being relied on.
 */
export const checkDeciderDuty: TransitionCheck = (facts) => {
  if (facts.actorUserId === facts.requesterId) return 'The requester of a request may not decide it';
  if (facts.assessorId != null && facts.actorUserId === facts.assessorId) {
    return 'The assessor of this revision may not decide it';
  }
  return null;
};

// ---------------------------------------------------------------------------------------------------------
// Guards (DESIGN.md section 3).

/** Runs checks in order and returns the first refusal, so a message names one concrete reason. */
export function allOf(...checks: readonly TransitionCheck[]): TransitionCheck {
  return (facts) => {
    for (const check of checks) {
      const reason = check(facts);
      if (reason !== null) return reason;
    }
    return null;
  };
}

/** Submit and resubmit: every required field is filled in. */
export const requiredFieldsComplete: TransitionCheck = (facts) => {
  if (facts.missingFields === undefined) return 'Required fields were not checked';
  return facts.missingFields.length > 0 ? `Required fields are missing: ${facts.missingFields.join(', ')}` : null;
};

/**
 * No published policy blocks the request. The service evaluates policies first and returns
 * `PolicyBlockedError` with the findings; this guard is the table's own guarantee that it did.
 */
export const notBlockedByPolicy: TransitionCheck = (facts) => {
  if (facts.blockedByPolicy === undefined) return 'Published policies were not evaluated';
  return facts.blockedByPolicy ? 'A published policy blocks this request' : null;
};

/** Complete review: the current revision's assessment is complete, so tier and quorum can be computed. */
export const assessmentComplete: TransitionCheck = (facts) =>
  facts.hasCompleteAssessment === true ? null : 'The risk assessment of the current revision is not complete';

/** Approve: `evaluateVotes` reported APPROVED (distinct approvers, expertise, no rejection). */
export const quorumMet: TransitionCheck = (facts) =>
  facts.quorumMet === true ? null : 'The approval quorum and required expertise are not yet met';

/** Operations whose contract takes a reason keep it in the audit trail; an empty one explains nothing. */
export function rationaleGiven(what: string): TransitionCheck {
  return (facts) => ((facts.rationale ?? '').trim() === '' ? `A ${what} is required` : null);
}

/** Expire: only once `expiresAt` has passed, measured by the time passed in (the service reads no clock here). */
export const expiryReached: TransitionCheck = (facts) => {
  if (!isValidDate(facts.now) || !isValidDate(facts.expiresAt)) return 'The approval has no expiry date to check';
  return facts.now.getTime() >= facts.expiresAt.getTime()
    ? null
    : `The approval is valid until ${facts.expiresAt.toISOString()}`;
};

function isValidDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * The vocabulary of the adoption request workflow (ARCHITECTURE.md section 3).
 *
 * Kept free of NestJS and TypeORM on purpose: the workflow core is pure data and functions so that it can be
 * unit-tested exhaustively and reused by the service, the expiry job and the CLI alike. The GraphQL layer
 * registers these enums itself (`registerEnumType`) where it exposes them.
 */

/** Where an adoption request is in its life. Values equal names so they can be stored and exposed as-is. */
export enum AdoptionStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  IN_REVIEW = 'IN_REVIEW',
  AWAITING_DECISION = 'AWAITING_DECISION',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

/**
 * What someone (or the service itself) asks the workflow to do. Each action leads to exactly one target
 * state wherever it is allowed (checked by `validateWorkflow`), so a refusal can always name the state the
 * caller was trying to reach.
 */
export enum WorkflowAction {
  /** Step: the requester edits a draft or a request sent back for changes. */
  EDIT = 'EDIT',
  SUBMIT = 'SUBMIT',
  RESUBMIT = 'RESUBMIT',
  WITHDRAW = 'WITHDRAW',
  START_REVIEW = 'START_REVIEW',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  /** Step: a reviewer saves the assessment of the current revision. */
  SAVE_ASSESSMENT = 'SAVE_ASSESSMENT',
  COMPLETE_REVIEW = 'COMPLETE_REVIEW',
  /** Step: an approver votes; a vote that settles the outcome is followed by APPROVE, REJECT or REQUEST_CHANGES. */
  VOTE = 'VOTE',
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  REVOKE = 'REVOKE',
  EXPIRE = 'EXPIRE',
  RECERTIFY = 'RECERTIFY',
}

/** An approver's vote on one revision of a request (`CastDecisionInput.vote`). */
export enum Vote {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
}

/**
 * States in which the request is still being worked on and its requester may withdraw it.
 * APPROVED is neither open nor terminal: it is live, and can still be revoked, expire or be sent back to review.
 */
export const OPEN_STATES: readonly AdoptionStatus[] = Object.freeze([
  AdoptionStatus.DRAFT,
  AdoptionStatus.SUBMITTED,
  AdoptionStatus.IN_REVIEW,
  AdoptionStatus.AWAITING_DECISION,
  AdoptionStatus.CHANGES_REQUESTED,
]);

/** States a request never leaves; `validateWorkflow` refuses a table that gives any of them an exit. */
export const TERMINAL_STATES: readonly AdoptionStatus[] = Object.freeze([
  AdoptionStatus.REJECTED,
  AdoptionStatus.WITHDRAWN,
  AdoptionStatus.REVOKED,
  AdoptionStatus.EXPIRED,
]);

/** True when the request is in one of `TERMINAL_STATES`. */
export function isTerminal(status: AdoptionStatus): boolean {
  return TERMINAL_STATES.includes(status);
}

/** True when the request is in one of `OPEN_STATES`. */
export function isOpen(status: AdoptionStatus): boolean {
  return OPEN_STATES.includes(status);
}

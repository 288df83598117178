import { Permission } from '@app/authz';
import { AdoptionStatus, OPEN_STATES, WorkflowAction } from './adoption-status';
import {
  AccessCheck,
  allOf,
  approvalNotBlocked,
  assessmentComplete,
  checkDeciderDuty,
  checkReviewerDuty,
  expiryReached,
  feasible,
  marginalRiskAnalysed,
  modelUsable,
  notAlreadyVoted,
  notBlockedByPolicy,
  proposedModelUsable,
  quorumMet,
  rationaleGiven,
  requiredFieldsComplete,
  TransitionFacts,
  TransitionPlan,
  TransitionRefusal,
  versionCurrent,
  WorkflowTransition,
} from './workflow-transition';
import { validateWorkflow } from './workflow-validation';

const S = AdoptionStatus;
const A = WorkflowAction;

/**
 * The operations that change a request: the GraphQL mutations, plus the two the service runs itself. Each
 * takes exactly the rows of the table that name it; `@Allow` on the mutation uses `operationPermission`.
 */
export const Operation = Object.freeze({
  EDIT: 'updateAdoptionRequest',
  SUBMIT: 'submitAdoptionRequest',
  WITHDRAW: 'withdrawAdoptionRequest',
  START_REVIEW: 'startReview',
  SAVE_ASSESSMENT: 'saveRiskAssessment',
  COMPLETE_REVIEW: 'completeReview',
  REQUEST_CHANGES: 'requestChanges',
  CAST_DECISION: 'castDecision',
  REVOKE: 'revokeApproval',
  EXPIRE: 'expireApprovals',
  RECERTIFY: 'recertifyAfterModelChange',
} as const);
export type OperationName = (typeof Operation)[keyof typeof Operation];

/**
 * Submission and resubmission check the same things: complete, a usable model that can meet the request's hard
 * constraints, nothing blocks it now.
 */
const readyForReview = allOf(requiredFieldsComplete, modelUsable, feasible, notBlockedByPolicy);
const toSubmit = ['fields', 'model', 'feasibility', 'policies'] as const;
/** A final outcome's decision record lists the policy versions in force, so those rows evaluate policies. */
const toDecide = ['model', 'policies', 'assessment', 'votes'] as const;

/**
 * The adoption request workflow of ARCHITECTURE.md section 3, as data: the only place that says which operation
 * may change a request in which state, who may do it, what must hold and what is recorded. The pipeline
 * (adoption-pipeline.service.ts) gathers the facts a row `needs`, asks `planTransition`, and applies the row
 * (conditional update on id, status and version, the row's audit event, the decision record) in one
 * transaction. Services never branch on status.
 *
 * Validated when this module loads, i.e. at start-up: a broken table stops the process with its problems.
 */
export const ADOPTION_WORKFLOW: readonly WorkflowTransition[] = Object.freeze(
  validateWorkflow([
    ...[S.DRAFT, S.CHANGES_REQUESTED].map((from): WorkflowTransition => ({
      operation: Operation.EDIT,
      action: A.EDIT,
      from,
      to: from,
      step: true,
      permission: Permission.EditAdoptionRequest,
      auditAction: 'adoption_request.updated',
      needs: ['proposedModel'],
      guard: allOf(versionCurrent, proposedModelUsable),
    })),
    {
      operation: Operation.SUBMIT,
      action: A.SUBMIT,
      from: S.DRAFT,
      to: S.SUBMITTED,
      permission: Permission.EditAdoptionRequest,
      auditAction: 'adoption_request.submitted',
      needs: toSubmit,
      guard: readyForReview,
    },
    {
      operation: Operation.START_REVIEW,
      action: A.START_REVIEW,
      from: S.SUBMITTED,
      to: S.IN_REVIEW,
      permission: Permission.ReviewAdoptionRequest,
      auditAction: 'adoption_request.review_started',
      needs: ['model'],
      separationOfDuties: checkReviewerDuty,
    },
    {
      operation: Operation.SAVE_ASSESSMENT,
      action: A.SAVE_ASSESSMENT,
      from: S.IN_REVIEW,
      to: S.IN_REVIEW,
      step: true,
      permission: Permission.ReviewAdoptionRequest,
      auditAction: 'risk_assessment.saved',
      needs: ['assessment'],
      separationOfDuties: checkReviewerDuty,
    },
    {
      // Policies are evaluated again: one published since submission may block, or raise what the decision needs.
      operation: Operation.COMPLETE_REVIEW,
      action: A.COMPLETE_REVIEW,
      from: S.IN_REVIEW,
      to: S.AWAITING_DECISION,
      permission: Permission.ReviewAdoptionRequest,
      auditAction: 'adoption_request.review_completed',
      needs: ['model', 'policies', 'assessment'],
      separationOfDuties: checkReviewerDuty,
      guard: allOf(assessmentComplete, marginalRiskAnalysed, notBlockedByPolicy),
    },
    {
      operation: Operation.REQUEST_CHANGES,
      action: A.REQUEST_CHANGES,
      from: S.IN_REVIEW,
      to: S.CHANGES_REQUESTED,
      permission: Permission.ReviewAdoptionRequest,
      auditAction: 'adoption_request.changes_requested',
      separationOfDuties: checkReviewerDuty,
      guard: rationaleGiven('rationale for the requested changes'),
    },
    {
      operation: Operation.SUBMIT,
      action: A.RESUBMIT,
      from: S.CHANGES_REQUESTED,
      to: S.SUBMITTED,
      permission: Permission.EditAdoptionRequest,
      auditAction: 'adoption_request.resubmitted',
      newRevision: true,
      needs: toSubmit,
      guard: readyForReview,
    },
    {
      // Each APPROVE vote is a gate: a policy published since the review may block it or raise the quorum.
      operation: Operation.CAST_DECISION,
      action: A.VOTE,
      from: S.AWAITING_DECISION,
      to: S.AWAITING_DECISION,
      step: true,
      permission: Permission.DecideAdoptionRequest,
      auditAction: 'adoption_request.vote_cast',
      needs: toDecide,
      separationOfDuties: checkDeciderDuty,
      guard: allOf(rationaleGiven('rationale for the vote'), notAlreadyVoted, approvalNotBlocked),
    },
    {
      // An approver's REQUEST_CHANGES vote sends the request back without waiting for the other votes.
      operation: Operation.CAST_DECISION,
      action: A.REQUEST_CHANGES,
      from: S.AWAITING_DECISION,
      to: S.CHANGES_REQUESTED,
      followUp: true,
      permission: Permission.DecideAdoptionRequest,
      auditAction: 'adoption_request.changes_requested',
      separationOfDuties: checkDeciderDuty,
      guard: rationaleGiven('rationale for the requested changes'),
    },
    {
      // The vote completing the quorum: policies in force now, the quorum recomputed with their needs.
      operation: Operation.CAST_DECISION,
      action: A.APPROVE,
      from: S.AWAITING_DECISION,
      to: S.APPROVED,
      followUp: true,
      permission: Permission.DecideAdoptionRequest,
      auditAction: 'adoption_request.approved',
      separationOfDuties: checkDeciderDuty,
      guard: allOf(quorumMet, notBlockedByPolicy),
      freezesRecord: true,
    },
    {
      operation: Operation.CAST_DECISION,
      action: A.REJECT,
      from: S.AWAITING_DECISION,
      to: S.REJECTED,
      followUp: true,
      permission: Permission.DecideAdoptionRequest,
      auditAction: 'adoption_request.rejected',
      separationOfDuties: checkDeciderDuty,
      guard: rationaleGiven('rationale for the rejection'),
      freezesRecord: true,
    },
    ...OPEN_STATES.map((from): WorkflowTransition => ({
      operation: Operation.WITHDRAW,
      action: A.WITHDRAW,
      from,
      to: S.WITHDRAWN,
      permission: Permission.EditAdoptionRequest,
      auditAction: 'adoption_request.withdrawn',
      guard: rationaleGiven('reason for the withdrawal'),
    })),
    {
      // Revoking is a decision too, so the same four-eyes rule applies as to approving.
      operation: Operation.REVOKE,
      action: A.REVOKE,
      from: S.APPROVED,
      to: S.REVOKED,
      permission: Permission.DecideAdoptionRequest,
      auditAction: 'adoption_request.revoked',
      needs: toDecide,
      separationOfDuties: checkDeciderDuty,
      guard: rationaleGiven('rationale for the revocation'),
      freezesRecord: true,
    },
    {
      operation: Operation.EXPIRE,
      action: A.EXPIRE,
      from: S.APPROVED,
      to: S.EXPIRED,
      permission: 'SYSTEM',
      auditAction: 'adoption_request.expired',
      guard: expiryReached,
    },
    {
      // A material change of the model (catalog event) voids the assessment the approval relied on.
      operation: Operation.RECERTIFY,
      action: A.RECERTIFY,
      from: S.APPROVED,
      to: S.IN_REVIEW,
      permission: 'SYSTEM',
      auditAction: 'adoption_request.returned_to_review',
      newRevision: true,
      guard: rationaleGiven('reason for the re-review'),
    },
  ]),
);

/**
 * Decides whether the caller may take `action` on a request in `status`, given the facts of the moment.
 * Checks run from the most general to the most specific: is the action possible from this state at all
 * (the permission depends on the state: REQUEST_CHANGES is a reviewer's in IN_REVIEW and an approver's
 * vote in AWAITING_DECISION), does the caller's ability grant the row's permission on this request, does
 * separation of duties allow this person, and do the guards hold.
 *
 * @param may whether the caller holds a permission on this request (the pipeline asks the ability).
 * @example
 * const plan = planTransition(request.status, WorkflowAction.SUBMIT, may, facts);
 * if (!plan.ok) return toErrorResult(plan.refusal);
 */
export function planTransition(
  status: AdoptionStatus,
  action: WorkflowAction,
  may: AccessCheck,
  facts: TransitionFacts,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): TransitionPlan {
  const transition = table.find((row) => row.from === status && row.action === action);
  if (transition === undefined) {
    const target = targetOf(action, table);
    const allowed = allowedActions(status, undefined, table);
    return refuse(
      { action, fromState: status, toState: target },
      'INVALID_TRANSITION',
      `Cannot ${action} a request that is ${status}` +
        (target ? ` (no transition ${status} -> ${target})` : '') +
        `; allowed from ${status}: ${allowed.length > 0 ? allowed.join(', ') : 'nothing'}`,
    );
  }
  return decide(transition, may, facts);
}

/**
 * The row `operation` takes from `status` (its entry row: follow-ups are chosen by the operation's outcome),
 * or the refusal naming what the operation cannot do there.
 */
export function rowForOperation(
  status: AdoptionStatus,
  operation: OperationName,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): WorkflowTransition | TransitionRefusal {
  const row = table.find((r) => r.operation === operation && r.from === status && !r.followUp);
  if (row) return row;
  const rows = table.filter((r) => r.operation === operation && !r.followUp);
  const from = [...new Set(rows.map((r) => r.from))];
  const targets = [...new Set(rows.filter((r) => !r.step).map((r) => r.to))];
  const action = rows[0]?.action ?? WorkflowAction.EDIT;
  return {
    kind: 'INVALID_TRANSITION',
    action,
    fromState: status,
    toState: targets.length === 1 ? targets[0] : null,
    message:
      `${operation} is not possible while ${status}` +
      (from.length ? `; it is possible while ${from.join(' or ')}` : '') +
      (targets.length === 1 ? ` (no transition ${status} -> ${targets[0]})` : ''),
  };
}

/** Plans a row found by `rowForOperation` (or a follow-up of it): permission, duties, guards. */
export function decide(transition: WorkflowTransition, may: AccessCheck, facts: TransitionFacts): TransitionPlan {
  const where = {
    action: transition.action,
    fromState: transition.from,
    toState: transition.step ? null : transition.to,
  };
  if (!may(transition.permission)) {
    return refuse(
      where,
      'FORBIDDEN',
      transition.permission === 'SYSTEM'
        ? `Only the service itself may ${transition.action} a request`
        : `You may not ${transition.action} this request`,
    );
  }
  const refusal = transition.separationOfDuties?.(facts) ?? transition.guard?.(facts) ?? null;
  if (refusal !== null) return refuse(where, refusal.kind, refusal.message, refusal);
  return { ok: true, transition };
}

function refuse(
  where: Pick<TransitionRefusal, 'action' | 'fromState' | 'toState'>,
  kind: TransitionRefusal['kind'],
  message: string,
  details: Pick<TransitionRefusal, 'fieldErrors' | 'findings'> = {},
): TransitionPlan {
  return {
    ok: false,
    refusal: {
      kind,
      message,
      ...where,
      ...(details.fieldErrors ? { fieldErrors: details.fieldErrors } : {}),
      ...(details.findings ? { findings: details.findings } : {}),
    },
  };
}

/**
 * The actions the table offers from `status`, in table order, optionally only those the caller may take
 * (guards and separation of duties are not evaluated: this is what a UI may offer, not a promise).
 */
export function allowedActions(
  status: AdoptionStatus,
  may?: AccessCheck,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): WorkflowAction[] {
  const actions = table
    .filter((row) => row.from === status && (may === undefined || may(row.permission)))
    .map((row) => row.action);
  return [...new Set(actions)];
}

/** The state `action` leads to wherever it is allowed (one per action, checked by `validateWorkflow`). */
export function targetOf(
  action: WorkflowAction,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): AdoptionStatus | null {
  const row = table.find((r) => r.action === action);
  return row === undefined || row.step ? null : row.to;
}

/**
 * The permission `@Allow` requires for an operation: the one its entry rows share (checked by
 * `validateWorkflow`), so the resolver and the pipeline cannot disagree about who may call it.
 */
export function operationPermission(
  operation: OperationName,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): Permission {
  const row = table.find((r) => r.operation === operation && !r.followUp);
  if (!row || row.permission === 'SYSTEM') throw new Error(`${operation} is not an operation people can call`);
  return row.permission;
}

/**
 * The operations that move a request forward and so wait for someone (`myQueue`): withdrawing, editing and
 * revoking are always possible and wait for nobody.
 */
export const QUEUE_OPERATIONS: readonly OperationName[] = Object.freeze([
  Operation.SUBMIT,
  Operation.START_REVIEW,
  Operation.COMPLETE_REVIEW,
  Operation.CAST_DECISION,
]);

/** The states in which a holder of `permission` has a queue operation to take, from the table. */
export function queueStatuses(
  permission: Permission,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): AdoptionStatus[] {
  const rows = table.filter((r) => QUEUE_OPERATIONS.includes(r.operation as OperationName) && !r.followUp);
  return [...new Set(rows.filter((r) => r.permission === permission).map((r) => r.from))];
}

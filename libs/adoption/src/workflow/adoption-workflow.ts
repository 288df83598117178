import { AdoptionStatus, OPEN_STATES, WorkflowAction, WorkflowActor } from './adoption-status';
import {
  allOf,
  assessmentComplete,
  checkDeciderDuty,
  checkReviewerDuty,
  expiryReached,
  notBlockedByPolicy,
  quorumMet,
  rationaleGiven,
  requiredFieldsComplete,
  TransitionFacts,
  TransitionPlan,
  TransitionRefusal,
  WorkflowTransition,
} from './workflow-transition';
import { validateWorkflow } from './workflow-validation';

const S = AdoptionStatus;
const A = WorkflowAction;

/** Submission and resubmission check the same things: the request is complete and no policy blocks it. */
const readyForReview = allOf(requiredFieldsComplete, notBlockedByPolicy);

/**
 * The adoption request workflow of DESIGN.md section 3, as data. Services never branch on status: they ask
 * `planTransition` and apply the row it returns (conditional update on id, status and version, then the
 * row's audit event in the same transaction).
 *
 * Validated when this module loads, i.e. at start-up: a broken table stops the process with the list of
 * its problems.
 */
export const ADOPTION_WORKFLOW: readonly WorkflowTransition[] = Object.freeze(
  validateWorkflow([
    {
      action: A.SUBMIT,
      from: S.DRAFT,
      to: S.SUBMITTED,
      actors: ['REQUESTER'],
      requesterOnly: true,
      auditAction: 'adoption_request.submitted',
      guard: readyForReview,
    },
    {
      action: A.START_REVIEW,
      from: S.SUBMITTED,
      to: S.IN_REVIEW,
      actors: ['REVIEWER'],
      auditAction: 'adoption_request.review_started',
      separationOfDuties: checkReviewerDuty,
    },
    {
      action: A.COMPLETE_REVIEW,
      from: S.IN_REVIEW,
      to: S.AWAITING_DECISION,
      actors: ['REVIEWER'],
      auditAction: 'adoption_request.review_completed',
      separationOfDuties: checkReviewerDuty,
      guard: assessmentComplete,
    },
    {
      action: A.REQUEST_CHANGES,
      from: S.IN_REVIEW,
      to: S.CHANGES_REQUESTED,
      actors: ['REVIEWER'],
      auditAction: 'adoption_request.changes_requested',
      separationOfDuties: checkReviewerDuty,
      guard: rationaleGiven('rationale for the requested changes'),
    },
    {
      // An approver's REQUEST_CHANGES vote sends the request back without waiting for the other votes.
      action: A.REQUEST_CHANGES,
      from: S.AWAITING_DECISION,
      to: S.CHANGES_REQUESTED,
      actors: ['APPROVER'],
      auditAction: 'adoption_request.changes_requested',
      separationOfDuties: checkDeciderDuty,
      guard: rationaleGiven('rationale for the requested changes'),
    },
    {
      action: A.RESUBMIT,
      from: S.CHANGES_REQUESTED,
      to: S.SUBMITTED,
      actors: ['REQUESTER'],
      requesterOnly: true,
      auditAction: 'adoption_request.resubmitted',
      guard: readyForReview,
    },
    {
      // Policies are evaluated again at decision time: one published since submission may now block.
      action: A.APPROVE,
      from: S.AWAITING_DECISION,
      to: S.APPROVED,
      actors: ['APPROVER'],
      auditAction: 'adoption_request.approved',
      separationOfDuties: checkDeciderDuty,
      guard: allOf(quorumMet, notBlockedByPolicy),
    },
    {
      action: A.REJECT,
      from: S.AWAITING_DECISION,
      to: S.REJECTED,
      actors: ['APPROVER'],
      auditAction: 'adoption_request.rejected',
      separationOfDuties: checkDeciderDuty,
      guard: rationaleGiven('rationale for the rejection'),
    },
    ...OPEN_STATES.map((from): WorkflowTransition => ({
      action: A.WITHDRAW,
      from,
      to: S.WITHDRAWN,
      actors: ['REQUESTER'],
      requesterOnly: true,
      auditAction: 'adoption_request.withdrawn',
      guard: rationaleGiven('reason for the withdrawal'),
    })),
    {
      // Revoking is a decision too, so the same four-eyes rule applies as to approving.
      action: A.REVOKE,
      from: S.APPROVED,
      to: S.REVOKED,
      actors: ['APPROVER'],
      auditAction: 'adoption_request.revoked',
      separationOfDuties: checkDeciderDuty,
      guard: rationaleGiven('rationale for the revocation'),
    },
    {
      action: A.EXPIRE,
      from: S.APPROVED,
      to: S.EXPIRED,
      actors: ['SYSTEM'],
      auditAction: 'adoption_request.expired',
      guard: expiryReached,
    },
    {
      // A material change of the model (catalog event) voids the assessment the approval relied on.
      action: A.RECERTIFY,
      from: S.APPROVED,
      to: S.IN_REVIEW,
      actors: ['SYSTEM'],
      auditAction: 'adoption_request.returned_to_review',
      guard: rationaleGiven('reason for the re-review'),
    },
  ]),
);

/**
 * Decides whether `actor` may take `action` on a request in `status`, given the facts of the moment.
 * Checks run from the most general to the most specific: is the action possible from this state at all
 * (the roles allowed depend on the state: REQUEST_CHANGES is a reviewer's in IN_REVIEW and an approver's
 * in AWAITING_DECISION), does the caller hold an allowed role (and own the request where required), does
 * separation of duties allow this person, and does the guard hold.
 *
 * @param actor the caller's roles (a user may hold several; any allowed one is enough), or `'SYSTEM'`.
 * @example
 * const plan = planTransition(request.status, WorkflowAction.SUBMIT, ctx.roles, facts);
 * if (!plan.ok) return toErrorResult(plan.refusal);
 * await update(request, plan.transition.from, plan.transition.to); await audit(plan.transition.auditAction);
 */
export function planTransition(
  status: AdoptionStatus,
  action: WorkflowAction,
  actor: WorkflowActor | readonly WorkflowActor[],
  facts: TransitionFacts,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): TransitionPlan {
  const transition = table.find((row) => row.from === status && row.action === action);
  const refuse = (kind: TransitionRefusal['kind'], message: string): TransitionPlan => ({
    ok: false,
    refusal: { kind, message, action, fromState: status, toState: transition?.to ?? targetOf(action, table) },
  });

  if (transition === undefined) {
    const target = targetOf(action, table);
    const allowed = allowedActions(status, undefined, table);
    return refuse(
      'INVALID_TRANSITION',
      `Cannot ${action} a request that is ${status}` +
        (target ? ` (no transition ${status} -> ${target})` : '') +
        `; allowed from ${status}: ${allowed.length > 0 ? allowed.join(', ') : 'nothing'}`,
    );
  }
  const roles: readonly WorkflowActor[] = typeof actor === 'string' ? [actor] : actor;
  if (!roles.some((role) => transition.actors.includes(role))) {
    return refuse('FORBIDDEN', `Only ${transition.actors.join(' or ')} may ${action} a request that is ${status}`);
  }
  if (transition.requesterOnly && facts.actorUserId !== facts.requesterId) {
    return refuse('FORBIDDEN', `Only the requester may ${action} their request`);
  }
  const dutyConflict = transition.separationOfDuties?.(facts) ?? null;
  if (dutyConflict !== null) return refuse('SEPARATION_OF_DUTIES', dutyConflict);
  const unmet = transition.guard?.(facts) ?? null;
  if (unmet !== null) return refuse('GUARD', unmet);
  return { ok: true, transition };
}

/**
 * The actions the table offers from `status`, in table order, optionally only those one of `actor`'s roles
 * may take (guards and separation of duties are not evaluated: this is what a UI may offer, not a promise).
 */
export function allowedActions(
  status: AdoptionStatus,
  actor?: WorkflowActor | readonly WorkflowActor[],
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): WorkflowAction[] {
  const roles = actor === undefined ? undefined : typeof actor === 'string' ? [actor] : actor;
  const actions = table
    .filter((row) => row.from === status && (roles === undefined || roles.some((r) => row.actors.includes(r))))
    .map((row) => row.action);
  return [...new Set(actions)];
}

/** The state `action` leads to wherever it is allowed (one per action, checked by `validateWorkflow`). */
export function targetOf(
  action: WorkflowAction,
  table: readonly WorkflowTransition[] = ADOPTION_WORKFLOW,
): AdoptionStatus | null {
  return table.find((row) => row.action === action)?.to ?? null;
}

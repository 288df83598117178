import type { Permission } from '@app/authz';
import { AdoptionStatus, Vote, WorkflowAction } from './adoption-status';

/** A field-level problem of a request (missing field, unusable model, missing analysis). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** A verdict that stops a request: a published policy's BLOCK (or broken) rule, or EU AI Act Article 5. */
export interface BlockingFinding {
  readonly ruleId: string;
  readonly title: string;
  readonly effect: string;
  readonly message: string;
}

/**
 * What the service knows about a request and the caller at the moment of an operation, gathered once by the
 * pipeline (adoption-pipeline.service.ts) before the table decides. Guards read only these facts: they never
 * query a database or read the clock, so the same facts always give the same answer.
 *
 * A fact a guard needs but the pipeline did not gather counts as "not established" and refuses the
 * operation (fail closed): forgetting to evaluate policies must never let a request through.
 */
export interface TransitionFacts {
  /** The user acting. For `SYSTEM` operations, the service's own actor id. */
  readonly actorUserId: string;
  /** The user who drafted the request. */
  readonly requesterId: string;
  /** Who assessed the current revision (saved its assessment or completed its review). */
  readonly assessorIds?: readonly string[];
  /** Required request fields that are still empty (submit, resubmit). */
  readonly missingFields?: readonly FieldProblem[];
  /** Why the request's model cannot be requested (unknown in the organisation, retired). */
  readonly modelProblems?: readonly FieldProblem[];
  /**
   * Submit, resubmit: the hard constraints the model cannot meet for this request (connectivity, data residency,
   * hardware, deployment mode), each naming its field; empty when none is broken.
   */
  readonly infeasibilities?: readonly FieldProblem[];
  /** Edit: why the model the caller proposes cannot be requested (empty when the edit keeps the model). */
  readonly proposedModelProblems?: readonly FieldProblem[];
  /** Findings that block the request, evaluated now (submit, resubmit, complete review, APPROVE votes). */
  readonly policyBlocks?: readonly BlockingFinding[];
  /** Risk categories the current revision's assessment does not cover yet; absent: no assessment. */
  readonly assessmentGaps?: readonly string[];
  /** Steps of the marginal-risk analysis that open or gated weights with high misuse risk still lack. */
  readonly marginalRiskGaps?: readonly FieldProblem[];
  /** The vote being cast (vote step). */
  readonly vote?: Vote;
  /** Whether the caller already voted on the current revision. */
  readonly alreadyVoted?: boolean;
  /** Whether the votes so far meet the quorum and expertise rules in force now. */
  readonly quorumMet?: boolean;
  /** The reason given with the operation (withdraw, request changes, vote, reject, revoke, recertify). */
  readonly rationale?: string | null;
  /** The version the caller last read (edit). */
  readonly expectedVersion?: number;
  /** The request's version when it was loaded (edit). */
  readonly currentVersion?: number;
  /** The time of the operation, passed in (expire). */
  readonly now?: Date;
  /** When the approval lapses (expire). */
  readonly expiresAt?: Date | null;
}

/**
 * Why a guard refuses, mapped by the pipeline to the matching error result:
 * - GUARD: a precondition does not hold (`InvalidTransitionError` naming the reason);
 * - SEPARATION_OF_DUTIES: the caller may do this in general but not on this request;
 * - VALIDATION: the request lacks something the caller must supply (`ValidationError` with field errors);
 * - POLICY_BLOCKED: a finding blocks the request (`PolicyBlockedError` with the findings);
 * - ALREADY_VOTED: one vote per approver and revision (`AlreadyVotedError`);
 * - STALE: the caller edited an older version (`ConcurrentModificationError`).
 */
export type GuardRefusalKind =
  'GUARD' | 'SEPARATION_OF_DUTIES' | 'VALIDATION' | 'POLICY_BLOCKED' | 'ALREADY_VOTED' | 'STALE';

/** A guard's refusal: what kind, why, and the details its error result carries. */
export interface GuardRefusal {
  readonly kind: GuardRefusalKind;
  readonly message: string;
  readonly fieldErrors?: readonly FieldProblem[];
  readonly findings?: readonly BlockingFinding[];
}

/** A guard: returns why the operation is refused, or `null` to let it happen. */
export type TransitionCheck = (facts: TransitionFacts) => GuardRefusal | null;

/**
 * Who may take a row: a permission of the organisation's permission table (checked with the caller's ability
 * on the loaded request, the same rule `@Allow` applies to the operation), or `SYSTEM`, the service itself.
 */
export type RowPermission = Permission | 'SYSTEM';

/** What the pipeline gathers before the table decides a row (each costs queries, so rows ask for theirs). */
export type FactNeed = 'fields' | 'model' | 'proposedModel' | 'feasibility' | 'policies' | 'assessment' | 'votes';

/**
 * One row of the workflow table: which operation, from which state, by which action, to which state; who may
 * take it; what must hold; which audit event records it; what the pipeline gathers first. A row whose `to`
 * equals its `from` and that is marked `step` changes the request without moving it (edit a draft, save an
 * assessment, cast a vote that does not complete the quorum).
 */
export interface WorkflowTransition {
  /** The GraphQL mutation (or system job) that takes this row. */
  readonly operation: string;
  readonly action: WorkflowAction;
  readonly from: AdoptionStatus;
  readonly to: AdoptionStatus;
  /** A change within a state rather than a transition. */
  readonly step?: boolean;
  /** Taken only as the consequence of another row of the same operation (a vote completing the quorum). */
  readonly followUp?: boolean;
  /** Who may take it (the ability decides; see `RowPermission`). */
  readonly permission: RowPermission;
  /** Audit event action, `<subject>.<past tense>`, appended in the transaction of the change. */
  readonly auditAction: string;
  /** Facts the guards and the operation need. */
  readonly needs?: readonly FactNeed[];
  /** Separation-of-duties rule; checked before the guard, so the refusal names the real obstacle. */
  readonly separationOfDuties?: TransitionCheck;
  /** Business preconditions. */
  readonly guard?: TransitionCheck;
  /** Starts a new revision of the request (a new assessment and new votes): resubmission, re-review. */
  readonly newRevision?: boolean;
  /** A final outcome: its decision record is frozen in the same transaction. */
  readonly freezesRecord?: boolean;
}

/**
 * Why a row was refused.
 * - INVALID_TRANSITION: the table has no such operation from the current state (`InvalidTransitionError`).
 * - FORBIDDEN: the caller's ability does not grant the row's permission on this request. The API reports
 *   permission failures by throwing (ARCHITECTURE.md section 7), so the pipeline throws `ForbiddenError`.
 * - the kinds of `GuardRefusal`.
 */
export type TransitionRefusalKind = 'INVALID_TRANSITION' | 'FORBIDDEN' | GuardRefusalKind;

/** A refused operation, ready to be mapped to a GraphQL error result. Nothing was changed. */
export interface TransitionRefusal {
  readonly kind: TransitionRefusalKind;
  readonly message: string;
  readonly action: WorkflowAction;
  readonly fromState: AdoptionStatus;
  /** The state the action leads to; `null` for steps and for an action the table does not have at all. */
  readonly toState: AdoptionStatus | null;
  readonly fieldErrors?: readonly FieldProblem[];
  readonly findings?: readonly BlockingFinding[];
}

/** The outcome of `planTransition`: the row to apply, or why not. */
export type TransitionPlan =
  | { readonly ok: true; readonly transition: WorkflowTransition }
  | { readonly ok: false; readonly refusal: TransitionRefusal };

/** Whether the caller may take a row with this permission (the pipeline asks the caller's ability). */
export type AccessCheck = (permission: RowPermission) => boolean;

const refusal = (kind: GuardRefusalKind, message: string, extra: Partial<GuardRefusal> = {}): GuardRefusal => ({
  kind,
  message,
  ...extra,
});

// ---------------------------------------------------------------------------------------------------------
// Separation of duties (ARCHITECTURE.md sections 1 and 3).

/** The requester never takes their own request into review, assesses it or requests changes to it. */
export const checkReviewerDuty: TransitionCheck = (facts) =>
  facts.actorUserId === facts.requesterId
    ? refusal('SEPARATION_OF_DUTIES', 'The requester of a request may not review or assess it')
    : null;

/**
 * Nobody decides a request they drafted, nor a revision they assessed: the four-eyes principle needs a
 * decider independent of both the applicant and the assessment being relied on.
 */
export const checkDeciderDuty: TransitionCheck = (facts) => {
  if (facts.actorUserId === facts.requesterId) {
    return refusal('SEPARATION_OF_DUTIES', 'The requester of a request may not decide it');
  }
  if (facts.assessorIds?.includes(facts.actorUserId)) {
    return refusal('SEPARATION_OF_DUTIES', 'The assessor of this revision may not decide it');
  }
  return null;
};

// ---------------------------------------------------------------------------------------------------------
// Guards (ARCHITECTURE.md section 3).

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
  if (facts.missingFields === undefined) return refusal('GUARD', 'Required fields were not checked');
  if (facts.missingFields.length === 0) return null;
  return refusal('VALIDATION', `Required fields are missing: ${facts.missingFields.map((f) => f.field).join(', ')}`, {
    fieldErrors: facts.missingFields,
  });
};

/** Submit, resubmit and edit: the request's model exists in the organisation's catalog and is not retired. */
export const modelUsable: TransitionCheck = (facts) => {
  if (facts.modelProblems === undefined) return refusal('GUARD', 'The model was not checked');
  if (facts.modelProblems.length === 0) return null;
  return refusal('VALIDATION', facts.modelProblems.map((p) => p.message).join('; '), {
    fieldErrors: facts.modelProblems,
  });
};

/**
 * Submit and resubmit: the model can meet the request's hard constraints (feasibility comes before risk). An
 * infeasible option is refused naming each broken constraint, e.g. `connectivity: OFFLINE cannot be met by
 * GPT-4o, which is offered only as VENDOR_API`.
 */
export const feasible: TransitionCheck = (facts) => {
  if (facts.infeasibilities === undefined) return refusal('GUARD', 'Feasibility was not checked');
  if (facts.infeasibilities.length === 0) return null;
  return refusal(
    'VALIDATION',
    `Infeasible: ${facts.infeasibilities.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    { fieldErrors: facts.infeasibilities },
  );
};

/** Edit: a model the caller proposes exists in the organisation's catalog and is not retired. */
export const proposedModelUsable: TransitionCheck = (facts) => {
  if (facts.proposedModelProblems === undefined) return refusal('GUARD', 'The proposed model was not checked');
  if (facts.proposedModelProblems.length === 0) return null;
  return refusal('VALIDATION', facts.proposedModelProblems.map((p) => p.message).join('; '), {
    fieldErrors: facts.proposedModelProblems,
  });
};

/** No finding blocks the request now: the published policies and the EU AI Act were evaluated at this gate. */
export const notBlockedByPolicy: TransitionCheck = (facts) => {
  if (facts.policyBlocks === undefined) return refusal('GUARD', 'Published policies were not evaluated');
  if (facts.policyBlocks.length === 0) return null;
  return refusal('POLICY_BLOCKED', `Blocked by policy: ${facts.policyBlocks.map((f) => f.message).join('; ')}`, {
    findings: facts.policyBlocks,
  });
};

/** Complete review: the current revision's assessment covers every category, so tier and quorum are known. */
export const assessmentComplete: TransitionCheck = (facts) => {
  if (facts.assessmentGaps === undefined) {
    return refusal('GUARD', 'The risk assessment of the current revision is not complete');
  }
  return facts.assessmentGaps.length === 0
    ? null
    : refusal('GUARD', `The risk assessment has no item for ${facts.assessmentGaps.join(', ')}`);
};

/** Complete review: open or gated weights with high misuse risk carry the marginal-risk analysis (Kapoor et al. 2024). */
export const marginalRiskAnalysed: TransitionCheck = (facts) => {
  if (facts.marginalRiskGaps === undefined) return refusal('GUARD', 'The marginal-risk analysis was not checked');
  if (facts.marginalRiskGaps.length === 0) return null;
  return refusal('VALIDATION', 'The marginal-risk analysis is incomplete', { fieldErrors: facts.marginalRiskGaps });
};

/** Vote: one vote per approver and revision. */
export const notAlreadyVoted: TransitionCheck = (facts) => {
  if (facts.alreadyVoted === undefined) return refusal('GUARD', 'Earlier votes were not checked');
  return facts.alreadyVoted ? refusal('ALREADY_VOTED', 'You have already voted on this revision') : null;
};

/**
 * Vote: an APPROVE vote is a decision to adopt, so every blocking finding in force now stops it; REJECT and
 * REQUEST_CHANGES votes are never blocked by a policy.
 */
export const approvalNotBlocked: TransitionCheck = (facts) => {
  if (facts.vote === undefined) return refusal('GUARD', 'No vote was given');
  return facts.vote === Vote.APPROVE ? notBlockedByPolicy(facts) : null;
};

/** Approve: the votes meet the quorum and expertise required now (`evaluateVotes` said APPROVED). */
export const quorumMet: TransitionCheck = (facts) =>
  facts.quorumMet === true ? null : refusal('GUARD', 'The approval quorum and required expertise are not yet met');

/** Edit: the caller changes the version they read, not one changed since. */
export const versionCurrent: TransitionCheck = (facts) => {
  if (facts.expectedVersion === undefined || facts.currentVersion === undefined) {
    return refusal('GUARD', 'The version was not checked');
  }
  return facts.expectedVersion === facts.currentVersion
    ? null
    : refusal('STALE', `The request is at version ${facts.currentVersion}, not ${facts.expectedVersion}`);
};

/** Operations whose contract takes a reason keep it in the audit trail; an empty one explains nothing. */
export function rationaleGiven(what: string): TransitionCheck {
  return (facts) => ((facts.rationale ?? '').trim() === '' ? refusal('GUARD', `A ${what} is required`) : null);
}

/** Expire: only once `expiresAt` has passed, measured by the time passed in (the service reads no clock here). */
export const expiryReached: TransitionCheck = (facts) => {
  if (!isValidDate(facts.now) || !isValidDate(facts.expiresAt)) {
    return refusal('GUARD', 'The approval has no expiry date to check');
  }
  return facts.now.getTime() >= facts.expiresAt.getTime()
    ? null
    : refusal('GUARD', `The approval is valid until ${facts.expiresAt.toISOString()}`);
};

function isValidDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

import { subject } from '@casl/ability';
import { AbilityFactory, permissionTarget } from '@app/authz';
import { Role } from '@app/core';
import { AdoptionStatus, OPEN_STATES, TERMINAL_STATES, Vote, WorkflowAction } from './adoption-status';
import {
  ADOPTION_WORKFLOW,
  allowedActions,
  Operation,
  operationPermission,
  OperationName,
  planTransition,
  rowForOperation,
  targetOf,
} from './adoption-workflow';
import { AccessCheck, checkReviewerDuty, TransitionFacts } from './workflow-transition';

const S = AdoptionStatus;
const A = WorkflowAction;

/** A role of ARCHITECTURE.md section 1, or the service itself. */
type Who = Role | 'SYSTEM';
const EVERYONE: readonly Who[] = [...Object.values(Role), 'SYSTEM'];

/**
 * ARCHITECTURE.md section 3 written out independently of the table under test: `from:action` -> [to, sole role].
 * Any row added to, dropped from or changed in ADOPTION_WORKFLOW makes a test below fail. Steps (EDIT,
 * SAVE_ASSESSMENT, VOTE) stay in their state.
 */
const EXPECTED: Record<string, [AdoptionStatus, Who]> = {
  'DRAFT:EDIT': [S.DRAFT, Role.REQUESTER],
  'CHANGES_REQUESTED:EDIT': [S.CHANGES_REQUESTED, Role.REQUESTER],
  'DRAFT:SUBMIT': [S.SUBMITTED, Role.REQUESTER],
  'SUBMITTED:START_REVIEW': [S.IN_REVIEW, Role.REVIEWER],
  'IN_REVIEW:SAVE_ASSESSMENT': [S.IN_REVIEW, Role.REVIEWER],
  'IN_REVIEW:COMPLETE_REVIEW': [S.AWAITING_DECISION, Role.REVIEWER],
  'IN_REVIEW:REQUEST_CHANGES': [S.CHANGES_REQUESTED, Role.REVIEWER],
  'AWAITING_DECISION:VOTE': [S.AWAITING_DECISION, Role.APPROVER],
  'AWAITING_DECISION:REQUEST_CHANGES': [S.CHANGES_REQUESTED, Role.APPROVER],
  'CHANGES_REQUESTED:RESUBMIT': [S.SUBMITTED, Role.REQUESTER],
  'AWAITING_DECISION:APPROVE': [S.APPROVED, Role.APPROVER],
  'AWAITING_DECISION:REJECT': [S.REJECTED, Role.APPROVER],
  'DRAFT:WITHDRAW': [S.WITHDRAWN, Role.REQUESTER],
  'SUBMITTED:WITHDRAW': [S.WITHDRAWN, Role.REQUESTER],
  'IN_REVIEW:WITHDRAW': [S.WITHDRAWN, Role.REQUESTER],
  'AWAITING_DECISION:WITHDRAW': [S.WITHDRAWN, Role.REQUESTER],
  'CHANGES_REQUESTED:WITHDRAW': [S.WITHDRAWN, Role.REQUESTER],
  'APPROVED:REVOKE': [S.REVOKED, Role.APPROVER],
  'APPROVED:EXPIRE': [S.EXPIRED, 'SYSTEM'],
  'APPROVED:RECERTIFY': [S.IN_REVIEW, 'SYSTEM'],
};

/** Where each action leads, for naming the target of a refused pair; steps lead nowhere. */
const TARGET: Record<WorkflowAction, AdoptionStatus | null> = {
  EDIT: null,
  SUBMIT: S.SUBMITTED,
  RESUBMIT: S.SUBMITTED,
  WITHDRAW: S.WITHDRAWN,
  START_REVIEW: S.IN_REVIEW,
  SAVE_ASSESSMENT: null,
  REQUEST_CHANGES: S.CHANGES_REQUESTED,
  COMPLETE_REVIEW: S.AWAITING_DECISION,
  VOTE: null,
  APPROVE: S.APPROVED,
  REJECT: S.REJECTED,
  REVOKE: S.REVOKED,
  EXPIRE: S.EXPIRED,
  RECERTIFY: S.IN_REVIEW,
};

const ORG = 'org-1';
const REQUESTER = 'u-requester';
const ASSESSOR = 'u-assessor';
const OTHER = 'u-other';
const abilities = new AbilityFactory();

/**
 * The access check the pipeline builds, here from roles through the real ability: a person holding `who`
 * (as user `userId`) asks for a row's permission on a request of REQUESTER in ORG.
 */
function mayAs(who: Who | readonly Who[], userId = OTHER): AccessCheck {
  const held: readonly Who[] = typeof who === 'string' ? [who] : who;
  const ability = abilities.forActor({
    userId,
    organisationId: ORG,
    email: `${userId}@example.org`,
    roles: held.filter((r): r is Role => r !== 'SYSTEM'),
    expertise: [],
  });
  return (permission) => {
    if (permission === 'SYSTEM') return held.includes('SYSTEM');
    const target = permissionTarget(permission)!;
    return ability.can(
      target.action,
      subject(target.subject, { id: 'r-1', organisationId: ORG, requesterId: REQUESTER }),
    );
  };
}

/** Facts under which every guard holds; the actor is the requester for requester actions. */
function facts(overrides: Partial<TransitionFacts> = {}): TransitionFacts {
  return {
    actorUserId: OTHER,
    requesterId: REQUESTER,
    assessorIds: [ASSESSOR],
    missingFields: [],
    modelProblems: [],
    infeasibilities: [],
    proposedModelProblems: [],
    policyBlocks: [],
    assessmentGaps: [],
    marginalRiskGaps: [],
    vote: Vote.APPROVE,
    alreadyVoted: false,
    quorumMet: true,
    expectedVersion: 3,
    currentVersion: 3,
    rationale: 'Documented reason',
    now: new Date('2026-06-01T00:00:00Z'),
    expiresAt: new Date('2026-05-31T23:59:59Z'),
    ...overrides,
  };
}

const userOf = (who: Who) => (who === Role.REQUESTER ? REQUESTER : OTHER);
const actingAs = (who: Who, overrides: Partial<TransitionFacts> = {}) =>
  facts({ actorUserId: userOf(who), ...overrides });

const allPairs = Object.values(S).flatMap((status) => Object.values(A).map((action) => [status, action] as const));
const allowedPairs = allPairs.filter(([status, action]) => `${status}:${action}` in EXPECTED);
const refusedPairs = allPairs.filter(([status, action]) => !(`${status}:${action}` in EXPECTED));
const BLOCK = { ruleId: 'r', title: 'No agriculture', effect: 'BLOCK', message: 'agriculture is out of scope' };

describe(planTransition.name, () => {
  it('covers every (status, action) pair', () => {
    expect(allowedPairs).toHaveLength(20);
    expect(allowedPairs.length + refusedPairs.length).toBe(10 * 14);
    expect(ADOPTION_WORKFLOW).toHaveLength(allowedPairs.length);
  });

  it.each(allowedPairs)('%s -%s-> the state the workflow names', (status, action) => {
    const [to, who] = EXPECTED[`${status}:${action}`];
    const sut = planTransition(status, action, mayAs(who, userOf(who)), actingAs(who));
    expect(sut).toEqual({ ok: true, transition: expect.objectContaining({ from: status, action, to }) });
  });

  it.each(refusedPairs)('refuses %s -%s-> as INVALID_TRANSITION naming from and to', (status, action) => {
    const sut = planTransition(status, action, mayAs(EVERYONE), facts());
    expect(sut).toEqual({
      ok: false,
      refusal: {
        kind: 'INVALID_TRANSITION',
        action,
        fromState: status,
        toState: TARGET[action],
        message: expect.any(String),
      },
    });
    if (!sut.ok && TARGET[action]) expect(sut.refusal.message).toContain(`${status} -> ${TARGET[action]}`);
  });

  it('lists what is allowed instead in the refusal message', () => {
    const sut = planTransition(S.APPROVED, A.SUBMIT, mayAs(Role.REQUESTER), facts());
    expect(!sut.ok && sut.refusal.message).toBe(
      'Cannot SUBMIT a request that is APPROVED (no transition APPROVED -> SUBMITTED); allowed from APPROVED: REVOKE, EXPIRE, RECERTIFY',
    );
  });

  it.each(allowedPairs.flatMap(([status, action]) => EVERYONE.map((who) => [status, action, who] as const)))(
    '%s -%s- by %s: only the role the workflow names may take it (through the ability)',
    (status, action, who) => {
      const [, allowed] = EXPECTED[`${status}:${action}`];
      const sut = planTransition(status, action, mayAs(who, userOf(who)), actingAs(who));
      if (who === allowed) expect(sut.ok).toBe(true);
      else expect(!sut.ok && sut.refusal.kind).toBe('FORBIDDEN');
    },
  );

  it('lets a user act through any one of the roles they hold', () => {
    expect(planTransition(S.SUBMITTED, A.START_REVIEW, mayAs([Role.AUDITOR, Role.REVIEWER]), facts()).ok).toBe(true);
    expect(planTransition(S.SUBMITTED, A.START_REVIEW, mayAs([Role.AUDITOR, Role.APPROVER]), facts()).ok).toBe(false);
  });

  it('keeps EXPIRE and RECERTIFY to the service itself, whatever roles a person holds', () => {
    const everyRole = Object.values(Role);
    for (const action of [A.EXPIRE, A.RECERTIFY]) {
      const sut = planTransition(S.APPROVED, action, mayAs(everyRole), facts());
      expect(!sut.ok && sut.refusal).toMatchObject({ kind: 'FORBIDDEN', fromState: S.APPROVED });
    }
  });

  it.each([
    [S.DRAFT, A.SUBMIT],
    [S.DRAFT, A.EDIT],
    [S.CHANGES_REQUESTED, A.RESUBMIT],
    [S.IN_REVIEW, A.WITHDRAW],
  ])('refuses %s -%s- by a requester who does not own the request', (status, action) => {
    const sut = planTransition(status, action, mayAs(Role.REQUESTER, OTHER), facts({ actorUserId: OTHER }));
    expect(!sut.ok && sut.refusal).toMatchObject({ kind: 'FORBIDDEN', message: `You may not ${action} this request` });
  });

  describe('separation of duties', () => {
    const ownRoles = mayAs([Role.REQUESTER, Role.REVIEWER, Role.APPROVER], REQUESTER);

    it.each([
      [S.SUBMITTED, A.START_REVIEW, 'may not review'],
      [S.IN_REVIEW, A.SAVE_ASSESSMENT, 'may not review'],
      [S.IN_REVIEW, A.COMPLETE_REVIEW, 'may not review'],
      [S.AWAITING_DECISION, A.VOTE, 'may not decide'],
      [S.IN_REVIEW, A.REQUEST_CHANGES, 'may not review'],
      [S.AWAITING_DECISION, A.APPROVE, 'may not decide'],
      [S.AWAITING_DECISION, A.REJECT, 'may not decide'],
      [S.AWAITING_DECISION, A.REQUEST_CHANGES, 'may not decide'],
      [S.APPROVED, A.REVOKE, 'may not decide'],
    ])('the requester may not %s -%s- their own request', (status, action, phrase) => {
      const sut = planTransition(status, action, ownRoles, facts({ actorUserId: REQUESTER }));
      expect(!sut.ok && sut.refusal).toMatchObject({ kind: 'SEPARATION_OF_DUTIES', fromState: status });
      expect(!sut.ok && sut.refusal.message).toContain(phrase);
    });

    it.each([
      [S.AWAITING_DECISION, A.VOTE],
      [S.AWAITING_DECISION, A.APPROVE],
      [S.AWAITING_DECISION, A.REJECT],
      [S.AWAITING_DECISION, A.REQUEST_CHANGES],
      [S.APPROVED, A.REVOKE],
    ])('the assessor of the revision may not %s -%s- it', (status, action) => {
      const sut = planTransition(status, action, mayAs(Role.APPROVER, ASSESSOR), facts({ actorUserId: ASSESSOR }));
      expect(!sut.ok && sut.refusal).toEqual(
        expect.objectContaining({
          kind: 'SEPARATION_OF_DUTIES',
          message: 'The assessor of this revision may not decide it',
        }),
      );
    });

    it('lets an approver decide when nobody has assessed the revision yet', () => {
      expect(planTransition(S.AWAITING_DECISION, A.REJECT, mayAs(Role.APPROVER), facts({ assessorIds: [] })).ok).toBe(
        true,
      );
    });

    it('lets the assessor complete the review they assessed', () => {
      const sut = planTransition(
        S.IN_REVIEW,
        A.COMPLETE_REVIEW,
        mayAs(Role.REVIEWER, ASSESSOR),
        facts({ actorUserId: ASSESSOR }),
      );
      expect(sut.ok).toBe(true);
    });

    it('is checked before the guards, so the refusal names the real obstacle', () => {
      const sut = planTransition(
        S.AWAITING_DECISION,
        A.APPROVE,
        mayAs(Role.APPROVER, REQUESTER),
        facts({ actorUserId: REQUESTER, quorumMet: false }),
      );
      expect(!sut.ok && sut.refusal.kind).toBe('SEPARATION_OF_DUTIES');
    });

    it('names the reviewer duty in its refusal', () => {
      expect(checkReviewerDuty(facts({ actorUserId: REQUESTER }))).toEqual({
        kind: 'SEPARATION_OF_DUTIES',
        message: 'The requester of a request may not review or assess it',
      });
      expect(checkReviewerDuty(facts())).toBeNull();
    });
  });

  describe('guards', () => {
    const requester = { actorUserId: REQUESTER };
    const missing = [
      { field: 'title', message: 'title is required before submitting' },
      { field: 'useCase', message: 'useCase is required before submitting' },
    ];
    const retired = [{ field: 'input.modelId', message: 'Old is retired and cannot be requested' }];
    const OFFLINE_API = {
      field: 'connectivity',
      message: 'OFFLINE cannot be met by GPT-4o, which is offered only as VENDOR_API',
    };

    it.each<[AdoptionStatus, WorkflowAction, Who, Partial<TransitionFacts>, string, string]>([
      [
        S.DRAFT,
        A.SUBMIT,
        Role.REQUESTER,
        { ...requester, missingFields: missing },
        'VALIDATION',
        'Required fields are missing: title, useCase',
      ],
      [
        S.DRAFT,
        A.SUBMIT,
        Role.REQUESTER,
        { ...requester, missingFields: undefined },
        'GUARD',
        'Required fields were not checked',
      ],
      [
        S.DRAFT,
        A.SUBMIT,
        Role.REQUESTER,
        { ...requester, modelProblems: retired },
        'VALIDATION',
        'Old is retired and cannot be requested',
      ],
      [
        S.DRAFT,
        A.SUBMIT,
        Role.REQUESTER,
        { ...requester, infeasibilities: [OFFLINE_API] },
        'VALIDATION',
        'Infeasible: connectivity: OFFLINE cannot be met by GPT-4o, which is offered only as VENDOR_API',
      ],
      [
        S.CHANGES_REQUESTED,
        A.RESUBMIT,
        Role.REQUESTER,
        { ...requester, infeasibilities: [OFFLINE_API] },
        'VALIDATION',
        'Infeasible: connectivity: OFFLINE cannot be met by GPT-4o, which is offered only as VENDOR_API',
      ],
      [
        S.DRAFT,
        A.SUBMIT,
        Role.REQUESTER,
        { ...requester, infeasibilities: undefined },
        'GUARD',
        'Feasibility was not checked',
      ],
      [
        S.DRAFT,
        A.SUBMIT,
        Role.REQUESTER,
        { ...requester, policyBlocks: [BLOCK] },
        'POLICY_BLOCKED',
        'Blocked by policy: agriculture is out of scope',
      ],
      [
        S.DRAFT,
        A.SUBMIT,
        Role.REQUESTER,
        { ...requester, policyBlocks: undefined },
        'GUARD',
        'Published policies were not evaluated',
      ],
      [
        S.DRAFT,
        A.EDIT,
        Role.REQUESTER,
        { ...requester, expectedVersion: 2 },
        'STALE',
        'The request is at version 3, not 2',
      ],
      [
        S.DRAFT,
        A.EDIT,
        Role.REQUESTER,
        { ...requester, proposedModelProblems: retired },
        'VALIDATION',
        'Old is retired and cannot be requested',
      ],
      [
        S.CHANGES_REQUESTED,
        A.RESUBMIT,
        Role.REQUESTER,
        { ...requester, policyBlocks: [BLOCK] },
        'POLICY_BLOCKED',
        'Blocked by policy: agriculture is out of scope',
      ],
      [
        S.CHANGES_REQUESTED,
        A.RESUBMIT,
        Role.REQUESTER,
        { ...requester, missingFields: [missing[0]] },
        'VALIDATION',
        'Required fields are missing: title',
      ],
      [
        S.IN_REVIEW,
        A.COMPLETE_REVIEW,
        Role.REVIEWER,
        { assessmentGaps: ['MISUSE', 'LOCAL_FIT'] },
        'GUARD',
        'The risk assessment has no item for MISUSE, LOCAL_FIT',
      ],
      [
        S.IN_REVIEW,
        A.COMPLETE_REVIEW,
        Role.REVIEWER,
        { assessmentGaps: undefined },
        'GUARD',
        'The risk assessment of the current revision is not complete',
      ],
      [
        S.IN_REVIEW,
        A.COMPLETE_REVIEW,
        Role.REVIEWER,
        { marginalRiskGaps: [{ field: 'marginalRisk.threat', message: 'm' }] },
        'VALIDATION',
        'The marginal-risk analysis is incomplete',
      ],
      [
        S.IN_REVIEW,
        A.COMPLETE_REVIEW,
        Role.REVIEWER,
        { policyBlocks: [BLOCK] },
        'POLICY_BLOCKED',
        'Blocked by policy: agriculture is out of scope',
      ],
      [
        S.IN_REVIEW,
        A.REQUEST_CHANGES,
        Role.REVIEWER,
        { rationale: '  ' },
        'GUARD',
        'A rationale for the requested changes is required',
      ],
      [
        S.AWAITING_DECISION,
        A.VOTE,
        Role.APPROVER,
        { alreadyVoted: true },
        'ALREADY_VOTED',
        'You have already voted on this revision',
      ],
      [
        S.AWAITING_DECISION,
        A.VOTE,
        Role.APPROVER,
        { policyBlocks: [BLOCK] },
        'POLICY_BLOCKED',
        'Blocked by policy: agriculture is out of scope',
      ],
      [
        S.AWAITING_DECISION,
        A.VOTE,
        Role.APPROVER,
        { policyBlocks: undefined },
        'GUARD',
        'Published policies were not evaluated',
      ],
      [S.AWAITING_DECISION, A.VOTE, Role.APPROVER, { rationale: '' }, 'GUARD', 'A rationale for the vote is required'],
      [
        S.AWAITING_DECISION,
        A.APPROVE,
        Role.APPROVER,
        { quorumMet: false },
        'GUARD',
        'The approval quorum and required expertise are not yet met',
      ],
      [
        S.AWAITING_DECISION,
        A.APPROVE,
        Role.APPROVER,
        { policyBlocks: [BLOCK] },
        'POLICY_BLOCKED',
        'Blocked by policy: agriculture is out of scope',
      ],
      [
        S.AWAITING_DECISION,
        A.REJECT,
        Role.APPROVER,
        { rationale: null },
        'GUARD',
        'A rationale for the rejection is required',
      ],
      [
        S.SUBMITTED,
        A.WITHDRAW,
        Role.REQUESTER,
        { ...requester, rationale: '' },
        'GUARD',
        'A reason for the withdrawal is required',
      ],
      [
        S.APPROVED,
        A.REVOKE,
        Role.APPROVER,
        { rationale: undefined },
        'GUARD',
        'A rationale for the revocation is required',
      ],
      [
        S.APPROVED,
        A.EXPIRE,
        'SYSTEM',
        { now: new Date('2026-05-31T23:59:58Z') },
        'GUARD',
        'The approval is valid until 2026-05-31T23:59:59.000Z',
      ],
      [S.APPROVED, A.EXPIRE, 'SYSTEM', { expiresAt: null }, 'GUARD', 'The approval has no expiry date to check'],
      [
        S.APPROVED,
        A.EXPIRE,
        'SYSTEM',
        { now: new Date('not a date') },
        'GUARD',
        'The approval has no expiry date to check',
      ],
      [S.APPROVED, A.RECERTIFY, 'SYSTEM', { rationale: '' }, 'GUARD', 'A reason for the re-review is required'],
    ])('refuses %s -%s- by %s when %j', (status, action, who, overrides, kind, message) => {
      const sut = planTransition(status, action, mayAs(who, userOf(who)), facts(overrides));
      expect(sut).toEqual({
        ok: false,
        refusal: expect.objectContaining({ kind, message, action, fromState: status, toState: TARGET[action] }),
      });
    });

    it('carries the blocking findings and the field errors to the error result', () => {
      const blocked = planTransition(
        S.DRAFT,
        A.SUBMIT,
        mayAs(Role.REQUESTER, REQUESTER),
        actingAs(Role.REQUESTER, { policyBlocks: [BLOCK] }),
      );
      expect(!blocked.ok && blocked.refusal.findings).toEqual([BLOCK]);
      const incomplete = planTransition(
        S.DRAFT,
        A.SUBMIT,
        mayAs(Role.REQUESTER, REQUESTER),
        actingAs(Role.REQUESTER, { missingFields: missing }),
      );
      expect(!incomplete.ok && incomplete.refusal.fieldErrors).toEqual(missing);
    });

    it.each([Vote.REJECT, Vote.REQUEST_CHANGES])('never lets a policy block a %s vote', (vote) => {
      const sut = planTransition(
        S.AWAITING_DECISION,
        A.VOTE,
        mayAs(Role.APPROVER),
        facts({ vote, policyBlocks: [BLOCK] }),
      );
      expect(sut.ok).toBe(true);
    });

    it('lets an edit that keeps the model through without checking a proposed one', () => {
      const sut = planTransition(
        S.DRAFT,
        A.EDIT,
        mayAs(Role.REQUESTER, REQUESTER),
        actingAs(Role.REQUESTER, { proposedModelProblems: [] }),
      );
      expect(sut.ok).toBe(true);
    });

    it('expires an approval at the very moment expiresAt is reached', () => {
      const at = new Date('2026-05-31T23:59:59Z');
      expect(planTransition(S.APPROVED, A.EXPIRE, mayAs('SYSTEM'), facts({ now: at, expiresAt: at })).ok).toBe(true);
    });
  });

  it.each([
    [S.DRAFT, A.SUBMIT, 'adoption_request.submitted'],
    [S.CHANGES_REQUESTED, A.RESUBMIT, 'adoption_request.resubmitted'],
    [S.AWAITING_DECISION, A.APPROVE, 'adoption_request.approved'],
    [S.AWAITING_DECISION, A.REQUEST_CHANGES, 'adoption_request.changes_requested'],
    [S.IN_REVIEW, A.WITHDRAW, 'adoption_request.withdrawn'],
    [S.APPROVED, A.EXPIRE, 'adoption_request.expired'],
    [S.APPROVED, A.RECERTIFY, 'adoption_request.returned_to_review'],
    [S.DRAFT, A.EDIT, 'adoption_request.updated'],
    [S.IN_REVIEW, A.SAVE_ASSESSMENT, 'risk_assessment.saved'],
    [S.AWAITING_DECISION, A.VOTE, 'adoption_request.vote_cast'],
  ])('records %s -%s- as the audit action %s', (status, action, auditAction) => {
    const [, who] = EXPECTED[`${status}:${action}`];
    const sut = planTransition(status, action, mayAs(who, userOf(who)), actingAs(who));
    expect(sut.ok && sut.transition.auditAction).toBe(auditAction);
  });

  it('names every audit action <subject>.<past tense>', () => {
    for (const t of ADOPTION_WORKFLOW) expect(t.auditAction).toMatch(/^(adoption_request|risk_assessment)\.[a-z_]+$/);
  });
});

describe(allowedActions.name, () => {
  it.each([
    [S.DRAFT, undefined, [A.EDIT, A.SUBMIT, A.WITHDRAW]],
    [S.AWAITING_DECISION, undefined, [A.VOTE, A.REQUEST_CHANGES, A.APPROVE, A.REJECT, A.WITHDRAW]],
    [S.AWAITING_DECISION, mayAs(Role.APPROVER), [A.VOTE, A.REQUEST_CHANGES, A.APPROVE, A.REJECT]],
    [S.AWAITING_DECISION, mayAs([Role.REQUESTER, Role.AUDITOR], REQUESTER), [A.WITHDRAW]],
    [S.AWAITING_DECISION, mayAs([Role.REQUESTER, Role.AUDITOR], OTHER), []],
    [S.APPROVED, undefined, [A.REVOKE, A.EXPIRE, A.RECERTIFY]],
    [S.APPROVED, mayAs(Role.AUDITOR), []],
    ...TERMINAL_STATES.map((status) => [status, undefined, []] as const),
  ] as const)('from %s: %j', (status, may, expected) => {
    expect(allowedActions(status, may)).toEqual(expected);
  });
});

describe(rowForOperation.name, () => {
  it.each<[OperationName, AdoptionStatus, WorkflowAction]>([
    [Operation.SUBMIT, S.DRAFT, A.SUBMIT],
    [Operation.SUBMIT, S.CHANGES_REQUESTED, A.RESUBMIT],
    [Operation.EDIT, S.CHANGES_REQUESTED, A.EDIT],
    [Operation.CAST_DECISION, S.AWAITING_DECISION, A.VOTE],
    [Operation.REQUEST_CHANGES, S.IN_REVIEW, A.REQUEST_CHANGES],
  ])('%s from %s takes the %s row', (operation, status, action) => {
    expect(rowForOperation(status, operation)).toMatchObject({ operation, from: status, action });
  });

  it('never takes a follow-up row directly: a reviewer cannot decide by asking for changes while AWAITING_DECISION', () => {
    expect(rowForOperation(S.AWAITING_DECISION, Operation.REQUEST_CHANGES)).toMatchObject({
      kind: 'INVALID_TRANSITION',
      fromState: S.AWAITING_DECISION,
      message:
        'requestChanges is not possible while AWAITING_DECISION; it is possible while IN_REVIEW (no transition AWAITING_DECISION -> CHANGES_REQUESTED)',
    });
  });

  it('names no target for a step refused elsewhere', () => {
    expect(rowForOperation(S.SUBMITTED, Operation.SAVE_ASSESSMENT)).toEqual({
      kind: 'INVALID_TRANSITION',
      action: A.SAVE_ASSESSMENT,
      fromState: S.SUBMITTED,
      toState: null,
      message: 'saveRiskAssessment is not possible while SUBMITTED; it is possible while IN_REVIEW',
    });
  });
});

describe(operationPermission.name, () => {
  it.each([
    [Operation.EDIT, 'update:AdoptionRequest'],
    [Operation.SUBMIT, 'update:AdoptionRequest'],
    [Operation.WITHDRAW, 'update:AdoptionRequest'],
    [Operation.START_REVIEW, 'review:AdoptionRequest'],
    [Operation.SAVE_ASSESSMENT, 'review:AdoptionRequest'],
    [Operation.COMPLETE_REVIEW, 'review:AdoptionRequest'],
    [Operation.REQUEST_CHANGES, 'review:AdoptionRequest'],
    [Operation.CAST_DECISION, 'decide:AdoptionRequest'],
    [Operation.REVOKE, 'decide:AdoptionRequest'],
  ] as const)('%s requires %s, from the table', (operation, permission) => {
    expect(operationPermission(operation)).toBe(permission);
  });

  it('refuses to name a permission for what only the service does', () => {
    expect(() => operationPermission(Operation.EXPIRE)).toThrow('expireApprovals is not an operation people can call');
  });
});

describe('state sets', () => {
  it('splits the states into open, terminal and APPROVED alone in between', () => {
    const all = [...OPEN_STATES, ...TERMINAL_STATES, S.APPROVED];
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(Object.values(S).sort());
  });

  it('names one target per action, none for steps', () => {
    for (const action of Object.values(A)) expect(targetOf(action)).toBe(TARGET[action]);
    expect(targetOf(A.SUBMIT, [])).toBeNull();
  });
});

import {
  AdoptionStatus,
  OPEN_STATES,
  TERMINAL_STATES,
  WORKFLOW_ACTORS,
  WorkflowAction,
  WorkflowActor,
} from './adoption-status';
import { ADOPTION_WORKFLOW, allowedActions, planTransition, targetOf } from './adoption-workflow';
import { checkReviewerDuty, TransitionFacts } from './workflow-transition';

const S = AdoptionStatus;
const A = WorkflowAction;

/**
 * DESIGN.md section 3 written out independently of the table under test: `from:action` -> [to, sole actor].
 * Any row added to, dropped from or changed in ADOPTION_WORKFLOW makes a test below fail.
 */
const EXPECTED: Record<string, [AdoptionStatus, WorkflowActor]> = {
  'DRAFT:SUBMIT': [S.SUBMITTED, 'REQUESTER'],
  'SUBMITTED:START_REVIEW': [S.IN_REVIEW, 'REVIEWER'],
  'IN_REVIEW:COMPLETE_REVIEW': [S.AWAITING_DECISION, 'REVIEWER'],
  'IN_REVIEW:REQUEST_CHANGES': [S.CHANGES_REQUESTED, 'REVIEWER'],
  'AWAITING_DECISION:REQUEST_CHANGES': [S.CHANGES_REQUESTED, 'APPROVER'],
  'CHANGES_REQUESTED:RESUBMIT': [S.SUBMITTED, 'REQUESTER'],
  'AWAITING_DECISION:APPROVE': [S.APPROVED, 'APPROVER'],
  'AWAITING_DECISION:REJECT': [S.REJECTED, 'APPROVER'],
  'DRAFT:WITHDRAW': [S.WITHDRAWN, 'REQUESTER'],
  'SUBMITTED:WITHDRAW': [S.WITHDRAWN, 'REQUESTER'],
  'IN_REVIEW:WITHDRAW': [S.WITHDRAWN, 'REQUESTER'],
  'AWAITING_DECISION:WITHDRAW': [S.WITHDRAWN, 'REQUESTER'],
  'CHANGES_REQUESTED:WITHDRAW': [S.WITHDRAWN, 'REQUESTER'],
  'APPROVED:REVOKE': [S.REVOKED, 'APPROVER'],
  'APPROVED:EXPIRE': [S.EXPIRED, 'SYSTEM'],
  'APPROVED:RECERTIFY': [S.IN_REVIEW, 'SYSTEM'],
};

/** Where each action leads, for naming the target of a refused pair. */
const TARGET: Record<WorkflowAction, AdoptionStatus> = {
  SUBMIT: S.SUBMITTED,
  RESUBMIT: S.SUBMITTED,
  WITHDRAW: S.WITHDRAWN,
  START_REVIEW: S.IN_REVIEW,
  REQUEST_CHANGES: S.CHANGES_REQUESTED,
  COMPLETE_REVIEW: S.AWAITING_DECISION,
  APPROVE: S.APPROVED,
  REJECT: S.REJECTED,
  REVOKE: S.REVOKED,
  EXPIRE: S.EXPIRED,
  RECERTIFY: S.IN_REVIEW,
};

const REQUESTER = 'u-requester';
const ASSESSOR = 'u-assessor';
const OTHER = 'u-other';

/** Facts under which every guard holds; the actor is the requester for requester-only actions. */
function facts(overrides: Partial<TransitionFacts> = {}): TransitionFacts {
  return {
    actorUserId: OTHER,
    requesterId: REQUESTER,
    assessorId: ASSESSOR,
    missingFields: [],
    blockedByPolicy: false,
    hasCompleteAssessment: true,
    quorumMet: true,
    rationale: 'Documented reason',
    now: new Date('2026-06-01T00:00:00Z'),
    expiresAt: new Date('2026-05-31T23:59:59Z'),
    ...overrides,
  };
}

const actingAs = (actor: WorkflowActor, overrides: Partial<TransitionFacts> = {}) =>
  facts({ actorUserId: actor === 'REQUESTER' ? REQUESTER : OTHER, ...overrides });

const allPairs = Object.values(S).flatMap((status) => Object.values(A).map((action) => [status, action] as const));
const allowedPairs = allPairs.filter(([status, action]) => `${status}:${action}` in EXPECTED);
const refusedPairs = allPairs.filter(([status, action]) => !(`${status}:${action}` in EXPECTED));

describe(planTransition.name, () => {
  it('covers every (status, action) pair', () => {
    expect(allowedPairs).toHaveLength(16);
    expect(allowedPairs.length + refusedPairs.length).toBe(10 * 11);
    expect(ADOPTION_WORKFLOW).toHaveLength(allowedPairs.length);
  });

  it.each(allowedPairs)('%s -%s-> the state DESIGN.md names', (status, action) => {
    const [to, actor] = EXPECTED[`${status}:${action}`];
    const sut = planTransition(status, action, actor, actingAs(actor));
    expect(sut).toEqual({ ok: true, transition: expect.objectContaining({ from: status, action, to }) });
  });

  it.each(refusedPairs)('refuses %s -%s-> as INVALID_TRANSITION naming from and to', (status, action) => {
    const sut = planTransition(status, action, WORKFLOW_ACTORS, facts());
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
    if (!sut.ok) expect(sut.refusal.message).toContain(`${status} -> ${TARGET[action]}`);
  });

  it('lists what is allowed instead in the refusal message', () => {
    const sut = planTransition(S.APPROVED, A.SUBMIT, 'REQUESTER', facts());
    expect(!sut.ok && sut.refusal.message).toBe(
      'Cannot SUBMIT a request that is APPROVED (no transition APPROVED -> SUBMITTED); allowed from APPROVED: REVOKE, EXPIRE, RECERTIFY',
    );
  });

  it.each(allowedPairs.flatMap(([status, action]) => WORKFLOW_ACTORS.map((actor) => [status, action, actor] as const)))(
    '%s -%s- by %s: only the role DESIGN.md names may trigger it',
    (status, action, actor) => {
      const [, allowedActor] = EXPECTED[`${status}:${action}`];
      const sut = planTransition(status, action, actor, actingAs(actor));
      if (actor === allowedActor) expect(sut.ok).toBe(true);
      else expect(!sut.ok && sut.refusal.kind).toBe('FORBIDDEN');
    },
  );

  it('lets a user act through any one of the roles they hold', () => {
    expect(planTransition(S.SUBMITTED, A.START_REVIEW, ['AUDITOR', 'REVIEWER'], facts()).ok).toBe(true);
    expect(planTransition(S.SUBMITTED, A.START_REVIEW, ['AUDITOR', 'APPROVER'], facts()).ok).toBe(false);
  });

  it('keeps EXPIRE and RECERTIFY to the service itself, whatever roles a person holds', () => {
    const everyHumanRole = WORKFLOW_ACTORS.filter((actor) => actor !== 'SYSTEM');
    for (const action of [A.EXPIRE, A.RECERTIFY]) {
      const sut = planTransition(S.APPROVED, action, everyHumanRole, facts());
      expect(!sut.ok && sut.refusal).toMatchObject({ kind: 'FORBIDDEN', fromState: S.APPROVED });
    }
  });

  it.each([
    [S.DRAFT, A.SUBMIT],
    [S.CHANGES_REQUESTED, A.RESUBMIT],
    [S.IN_REVIEW, A.WITHDRAW],
  ])('refuses %s -%s- by a requester who does not own the request', (status, action) => {
    const sut = planTransition(status, action, 'REQUESTER', facts({ actorUserId: OTHER }));
    expect(!sut.ok && sut.refusal).toMatchObject({
      kind: 'FORBIDDEN',
      message: `Only the requester may ${action} their request`,
    });
  });

  describe('separation of duties', () => {
    const ownRoles: WorkflowActor[] = ['REQUESTER', 'REVIEWER', 'APPROVER'];

    it.each([
      [S.SUBMITTED, A.START_REVIEW, 'may not review'],
      [S.IN_REVIEW, A.COMPLETE_REVIEW, 'may not review'],
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
      [S.AWAITING_DECISION, A.APPROVE],
      [S.AWAITING_DECISION, A.REJECT],
      [S.AWAITING_DECISION, A.REQUEST_CHANGES],
      [S.APPROVED, A.REVOKE],
    ])('the assessor of the revision may not %s -%s- it', (status, action) => {
      const sut = planTransition(status, action, 'APPROVER', facts({ actorUserId: ASSESSOR }));
      expect(!sut.ok && sut.refusal).toEqual(
        expect.objectContaining({
          kind: 'SEPARATION_OF_DUTIES',
          message: 'The assessor of this revision may not decide it',
        }),
      );
    });

    it('lets an approver decide when nobody has assessed the revision yet', () => {
      expect(planTransition(S.AWAITING_DECISION, A.REJECT, 'APPROVER', facts({ assessorId: null })).ok).toBe(true);
    });

    it('lets the assessor complete the review they assessed', () => {
      const sut = planTransition(S.IN_REVIEW, A.COMPLETE_REVIEW, 'REVIEWER', facts({ actorUserId: ASSESSOR }));
      expect(sut.ok).toBe(true);
    });

    it('is checked before the guards, so the refusal names the real obstacle', () => {
      const sut = planTransition(
        S.AWAITING_DECISION,
        A.APPROVE,
        'APPROVER',
        facts({ actorUserId: REQUESTER, quorumMet: false }),
      );
      expect(!sut.ok && sut.refusal.kind).toBe('SEPARATION_OF_DUTIES');
    });

    it('applies the reviewer duty to assessments, which are not transitions', () => {
      expect(checkReviewerDuty(facts({ actorUserId: REQUESTER }))).toBe(
        'The requester of a request may not review or assess it',
      );
      expect(checkReviewerDuty(facts())).toBeNull();
    });
  });

  describe('guards', () => {
    const requester = { actorUserId: REQUESTER };

    it.each<[AdoptionStatus, WorkflowAction, WorkflowActor, Partial<TransitionFacts>, string]>([
      [
        S.DRAFT,
        A.SUBMIT,
        'REQUESTER',
        { ...requester, missingFields: ['title', 'useCase'] },
        'Required fields are missing: title, useCase',
      ],
      [S.DRAFT, A.SUBMIT, 'REQUESTER', { ...requester, missingFields: undefined }, 'Required fields were not checked'],
      [
        S.DRAFT,
        A.SUBMIT,
        'REQUESTER',
        { ...requester, blockedByPolicy: true },
        'A published policy blocks this request',
      ],
      [
        S.DRAFT,
        A.SUBMIT,
        'REQUESTER',
        { ...requester, blockedByPolicy: undefined },
        'Published policies were not evaluated',
      ],
      [
        S.CHANGES_REQUESTED,
        A.RESUBMIT,
        'REQUESTER',
        { ...requester, blockedByPolicy: true },
        'A published policy blocks this request',
      ],
      [
        S.CHANGES_REQUESTED,
        A.RESUBMIT,
        'REQUESTER',
        { ...requester, missingFields: ['languages'] },
        'Required fields are missing: languages',
      ],
      [
        S.IN_REVIEW,
        A.COMPLETE_REVIEW,
        'REVIEWER',
        { hasCompleteAssessment: false },
        'The risk assessment of the current revision is not complete',
      ],
      [
        S.IN_REVIEW,
        A.COMPLETE_REVIEW,
        'REVIEWER',
        { hasCompleteAssessment: undefined },
        'The risk assessment of the current revision is not complete',
      ],
      [
        S.IN_REVIEW,
        A.REQUEST_CHANGES,
        'REVIEWER',
        { rationale: '  ' },
        'A rationale for the requested changes is required',
      ],
      [
        S.AWAITING_DECISION,
        A.APPROVE,
        'APPROVER',
        { quorumMet: false },
        'The approval quorum and required expertise are not yet met',
      ],
      [S.AWAITING_DECISION, A.APPROVE, 'APPROVER', { blockedByPolicy: true }, 'A published policy blocks this request'],
      [S.AWAITING_DECISION, A.REJECT, 'APPROVER', { rationale: null }, 'A rationale for the rejection is required'],
      [
        S.SUBMITTED,
        A.WITHDRAW,
        'REQUESTER',
        { ...requester, rationale: '' },
        'A reason for the withdrawal is required',
      ],
      [S.APPROVED, A.REVOKE, 'APPROVER', { rationale: undefined }, 'A rationale for the revocation is required'],
      [
        S.APPROVED,
        A.EXPIRE,
        'SYSTEM',
        { now: new Date('2026-05-31T23:59:58Z') },
        'The approval is valid until 2026-05-31T23:59:59.000Z',
      ],
      [S.APPROVED, A.EXPIRE, 'SYSTEM', { expiresAt: null }, 'The approval has no expiry date to check'],
      [S.APPROVED, A.EXPIRE, 'SYSTEM', { now: new Date('not a date') }, 'The approval has no expiry date to check'],
      [S.APPROVED, A.RECERTIFY, 'SYSTEM', { rationale: '' }, 'A reason for the re-review is required'],
    ])('refuses %s -%s- by %s when %j', (status, action, actor, overrides, message) => {
      const sut = planTransition(status, action, actor, facts(overrides));
      expect(sut).toEqual({
        ok: false,
        refusal: { kind: 'GUARD', message, action, fromState: status, toState: TARGET[action] },
      });
    });

    it('expires an approval at the very moment expiresAt is reached', () => {
      const at = new Date('2026-05-31T23:59:59Z');
      expect(planTransition(S.APPROVED, A.EXPIRE, 'SYSTEM', facts({ now: at, expiresAt: at })).ok).toBe(true);
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
  ])('records %s -%s- as the audit action %s', (status, action, auditAction) => {
    const [, actor] = EXPECTED[`${status}:${action}`];
    const sut = planTransition(status, action, actor, actingAs(actor));
    expect(sut.ok && sut.transition.auditAction).toBe(auditAction);
  });

  it('names every audit action adoption_request.<past tense>', () => {
    for (const t of ADOPTION_WORKFLOW) expect(t.auditAction).toMatch(/^adoption_request\.[a-z_]+$/);
  });
});

describe(allowedActions.name, () => {
  it.each([
    [S.DRAFT, undefined, [A.SUBMIT, A.WITHDRAW]],
    [S.AWAITING_DECISION, undefined, [A.REQUEST_CHANGES, A.APPROVE, A.REJECT, A.WITHDRAW]],
    [S.AWAITING_DECISION, 'APPROVER', [A.REQUEST_CHANGES, A.APPROVE, A.REJECT]],
    [S.AWAITING_DECISION, ['REQUESTER', 'AUDITOR'], [A.WITHDRAW]],
    [S.APPROVED, undefined, [A.REVOKE, A.EXPIRE, A.RECERTIFY]],
    [S.APPROVED, 'AUDITOR', []],
    ...TERMINAL_STATES.map((status) => [status, undefined, []] as const),
  ] as const)('from %s for %j: %j', (status, actor, expected) => {
    expect(allowedActions(status, actor)).toEqual(expected);
  });
});

describe('state sets', () => {
  it('splits the states into open, terminal and APPROVED alone in between', () => {
    const all = [...OPEN_STATES, ...TERMINAL_STATES, S.APPROVED];
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(Object.values(S).sort());
  });

  it('names one target per action', () => {
    for (const action of Object.values(A)) expect(targetOf(action)).toBe(TARGET[action]);
    expect(targetOf(A.SUBMIT, [])).toBeNull();
  });
});

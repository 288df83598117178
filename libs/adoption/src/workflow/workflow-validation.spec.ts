import { Permission } from '@app/authz';
import { AdoptionStatus, WorkflowAction } from './adoption-status';
import { ADOPTION_WORKFLOW } from './adoption-workflow';
import { WorkflowTransition } from './workflow-transition';
import { validateWorkflow, WorkflowDefinitionError } from './workflow-validation';

const S = AdoptionStatus;
const A = WorkflowAction;

/** The problems `validateWorkflow` reports for `table`, or [] when it accepts it. */
function problemsOf(table: readonly WorkflowTransition[]): readonly string[] {
  try {
    validateWorkflow(table);
    return [];
  } catch (error) {
    if (error instanceof WorkflowDefinitionError) return error.problems;
    throw error;
  }
}

const row = (from: AdoptionStatus, action: WorkflowAction, to: AdoptionStatus): WorkflowTransition => ({
  operation: `test:${action}`,
  from,
  action,
  to,
  permission: 'SYSTEM',
  auditAction: `adoption_request.${action.toLowerCase()}`,
});

const without = (from: AdoptionStatus, action: WorkflowAction) =>
  ADOPTION_WORKFLOW.filter((t) => !(t.from === from && t.action === action));

describe(validateWorkflow.name, () => {
  it('accepts the adoption workflow and returns it unchanged', () => {
    const sut = validateWorkflow(ADOPTION_WORKFLOW);
    expect(sut).toBe(ADOPTION_WORKFLOW);
  });

  it('accepts a small sound workflow in a frame of its own', () => {
    const table = [row(S.DRAFT, A.SUBMIT, S.SUBMITTED), row(S.SUBMITTED, A.WITHDRAW, S.WITHDRAWN)];
    const shape = { initial: S.DRAFT, states: [S.DRAFT, S.SUBMITTED, S.WITHDRAWN], terminal: [S.WITHDRAWN] };
    expect(validateWorkflow(table, shape)).toBe(table);
  });

  it('catches a state nothing leads to', () => {
    expect(problemsOf(without(S.APPROVED, A.REVOKE))).toEqual(['unreachable from DRAFT: REVOKED']);
  });

  it('catches a terminal state with an exit', () => {
    const table = [...ADOPTION_WORKFLOW, row(S.REJECTED, A.RESUBMIT, S.SUBMITTED)];
    expect(problemsOf(table)).toEqual(['terminal state REJECTED has exits: RESUBMIT']);
  });

  it('catches two transitions for one (from, action) pair', () => {
    const table = [...ADOPTION_WORKFLOW, row(S.DRAFT, A.SUBMIT, S.SUBMITTED)];
    expect(problemsOf(table)).toEqual([
      'transition #21 (DRAFT -SUBMIT-> SUBMITTED): duplicate transition for SUBMIT from DRAFT',
    ]);
  });

  it('catches an action that leads to different states', () => {
    const table = [...ADOPTION_WORKFLOW, row(S.SUBMITTED, A.COMPLETE_REVIEW, S.APPROVED)];
    expect(problemsOf(table)).toEqual([
      'transition #21 (SUBMITTED -COMPLETE_REVIEW-> APPROVED): COMPLETE_REVIEW leads to both AWAITING_DECISION and APPROVED',
    ]);
  });

  it('catches unknown states, actions and permissions, and rows no operation takes or nobody audits', () => {
    const table = [
      ...ADOPTION_WORKFLOW,
      { ...row(S.DRAFT, 'ARCHIVE' as WorkflowAction, 'ARCHIVED' as AdoptionStatus) },
      { ...row(S.SUBMITTED, A.EXPIRE, S.EXPIRED), permission: 'launch:Rocket' as Permission, operation: 'x' },
      { ...row(S.IN_REVIEW, A.EXPIRE, S.EXPIRED), operation: ' ', auditAction: ' ' },
    ];
    expect(problemsOf(table)).toEqual([
      'transition #21 (DRAFT -ARCHIVE-> ARCHIVED): unknown state ARCHIVED',
      'transition #21 (DRAFT -ARCHIVE-> ARCHIVED): unknown action ARCHIVE',
      'transition #22 (SUBMITTED -EXPIRE-> EXPIRED): unknown permission launch:Rocket',
      'transition #23 (IN_REVIEW -EXPIRE-> EXPIRED): no operation takes it',
      'transition #23 (IN_REVIEW -EXPIRE-> EXPIRED): no audit action',
    ]);
  });

  it('catches a step that leaves its state', () => {
    const table = [...ADOPTION_WORKFLOW, { ...row(S.SUBMITTED, A.EDIT, S.IN_REVIEW), step: true }];
    expect(problemsOf(table)).toEqual(['transition #21 (SUBMITTED -EDIT-> IN_REVIEW): a step must stay in SUBMITTED']);
  });

  it('catches an operation whose rows ask different permissions, or two entry rows from one state', () => {
    const table = [
      ...ADOPTION_WORKFLOW,
      {
        ...row(S.SUBMITTED, A.RESUBMIT, S.SUBMITTED),
        step: true,
        operation: 'submitAdoptionRequest',
        permission: Permission.ReviewAdoptionRequest,
      },
      {
        ...row(S.DRAFT, A.EXPIRE, S.EXPIRED),
        operation: 'submitAdoptionRequest',
        permission: Permission.EditAdoptionRequest,
      },
    ];
    expect(problemsOf(table)).toEqual([
      'transition #21 (SUBMITTED -RESUBMIT-> SUBMITTED): submitAdoptionRequest asks both update:AdoptionRequest and review:AdoptionRequest',
      'transition #22 (DRAFT -EXPIRE-> EXPIRED): submitAdoptionRequest has two entry rows from DRAFT',
    ]);
  });

  it('does not count steps as exits: a state with only a step is a dead end', () => {
    const table = ADOPTION_WORKFLOW.filter((t) => !(t.from === S.CHANGES_REQUESTED && !t.step));
    expect(problemsOf(table)).toContain('non-terminal state CHANGES_REQUESTED has no exit');
  });

  it('lists every problem at once, and a dead end as well as what it cuts off', () => {
    const table = ADOPTION_WORKFLOW.filter((t) => t.from !== S.APPROVED);
    expect(() => validateWorkflow(table)).toThrow(WorkflowDefinitionError);
    expect(() => validateWorkflow(table)).toThrow(
      'Invalid adoption workflow:\n- non-terminal state APPROVED has no exit\n- unreachable from DRAFT: REVOKED, EXPIRED',
    );
  });

  it('reports an empty table as unable to reach anything', () => {
    expect(problemsOf([])).toContain(
      'unreachable from DRAFT: SUBMITTED, IN_REVIEW, AWAITING_DECISION, CHANGES_REQUESTED, APPROVED, REJECTED, WITHDRAWN, REVOKED, EXPIRED',
    );
  });
});

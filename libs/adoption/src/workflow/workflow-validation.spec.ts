import { AdoptionStatus, WorkflowAction, WorkflowActor } from './adoption-status';
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
  from,
  action,
  to,
  actors: ['SYSTEM'],
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
      'transition #17 (DRAFT -SUBMIT-> SUBMITTED): duplicate transition for SUBMIT from DRAFT',
    ]);
  });

  it('catches an action that leads to different states', () => {
    const table = [...ADOPTION_WORKFLOW, row(S.SUBMITTED, A.COMPLETE_REVIEW, S.APPROVED)];
    expect(problemsOf(table)).toEqual([
      'transition #17 (SUBMITTED -COMPLETE_REVIEW-> APPROVED): COMPLETE_REVIEW leads to both AWAITING_DECISION and APPROVED',
    ]);
  });

  it('catches unknown states, actions and actors, and rows nobody may trigger or audit', () => {
    const table = [
      ...ADOPTION_WORKFLOW,
      { ...row(S.DRAFT, 'ARCHIVE' as WorkflowAction, 'ARCHIVED' as AdoptionStatus) },
      { ...row(S.SUBMITTED, A.EXPIRE, S.EXPIRED), actors: ['ROBOT' as WorkflowActor] },
      { ...row(S.IN_REVIEW, A.EXPIRE, S.EXPIRED), actors: [], auditAction: ' ' },
    ];
    expect(problemsOf(table)).toEqual([
      'transition #17 (DRAFT -ARCHIVE-> ARCHIVED): unknown state ARCHIVED',
      'transition #17 (DRAFT -ARCHIVE-> ARCHIVED): unknown action ARCHIVE',
      'transition #18 (SUBMITTED -EXPIRE-> EXPIRED): unknown actor ROBOT',
      'transition #19 (IN_REVIEW -EXPIRE-> EXPIRED): no actor may trigger it',
      'transition #19 (IN_REVIEW -EXPIRE-> EXPIRED): no audit action',
    ]);
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

import { Permission } from '@app/authz';
import { AdoptionStatus, TERMINAL_STATES, WorkflowAction } from './adoption-status';
import type { WorkflowTransition } from './workflow-transition';

/** The frame a workflow table is checked against. */
export interface WorkflowShape {
  /** Where every request starts. */
  readonly initial: AdoptionStatus;
  /** Every state a table may use. */
  readonly states: readonly AdoptionStatus[];
  /** States that must have no exits. */
  readonly terminal: readonly AdoptionStatus[];
}

/** The adoption workflow's frame: DRAFT first, all `AdoptionStatus` values, `TERMINAL_STATES` final. */
export const ADOPTION_WORKFLOW_SHAPE: WorkflowShape = Object.freeze({
  initial: AdoptionStatus.DRAFT,
  states: Object.freeze(Object.values(AdoptionStatus)),
  terminal: TERMINAL_STATES,
});

/** A workflow table that cannot be run. `problems` lists every defect found, not only the first. */
export class WorkflowDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid adoption workflow:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = new.target.name;
  }
}

/**
 * Checks a transition table before the service uses it, so a mistake in the table stops start-up instead of
 * stranding requests later. Returns the table unchanged when it is sound; otherwise throws
 * `WorkflowDefinitionError` listing all problems:
 * - a state, action or permission the workflow does not know, a row with no operation or no audit action;
 * - a step that leaves its state, or a row of an operation whose entry rows ask different permissions
 *   (`@Allow` on the mutation could not say who may call it);
 * - two rows for the same (from, action) pair, which would make the outcome depend on row order;
 * - an action leading to different states from different states (refusals could not name the target);
 * - a terminal state with an exit, or a non-terminal state with none (a request would be stuck in it);
 * - a state not reachable from the initial one.
 *
 * @example
 * export const ADOPTION_WORKFLOW = validateWorkflow([...rows]);
 */
export function validateWorkflow<T extends readonly WorkflowTransition[]>(
  table: T,
  shape: WorkflowShape = ADOPTION_WORKFLOW_SHAPE,
): T {
  const problems: string[] = [];
  const knownStates = new Set<string>(shape.states);
  const knownActions = new Set<string>(Object.values(WorkflowAction));
  const knownPermissions = new Set<string>([...Object.values(Permission), 'SYSTEM']);
  const permissionByOperation = new Map<string, string>();
  const seenPairs = new Set<string>();
  const seenEntries = new Set<string>();
  const targetByAction = new Map<WorkflowAction, AdoptionStatus>();

  table.forEach((row, index) => {
    const where = `transition #${index + 1} (${row.from} -${row.action}-> ${row.to})`;
    if (!knownStates.has(row.from)) problems.push(`${where}: unknown state ${row.from}`);
    if (!knownStates.has(row.to)) problems.push(`${where}: unknown state ${row.to}`);
    if (!knownActions.has(row.action)) problems.push(`${where}: unknown action ${row.action}`);
    if (!knownPermissions.has(row.permission)) problems.push(`${where}: unknown permission ${row.permission}`);
    if (row.operation.trim() === '') problems.push(`${where}: no operation takes it`);
    if (row.step && row.to !== row.from) problems.push(`${where}: a step must stay in ${row.from}`);
    if (!row.followUp) {
      const entry = `${row.operation}@${row.from}`;
      if (seenEntries.has(entry)) problems.push(`${where}: ${row.operation} has two entry rows from ${row.from}`);
      seenEntries.add(entry);
      const known = permissionByOperation.get(row.operation);
      if (known === undefined) permissionByOperation.set(row.operation, row.permission);
      else if (known !== row.permission) {
        problems.push(`${where}: ${row.operation} asks both ${known} and ${row.permission}`);
      }
    }
    if (row.auditAction.trim() === '') problems.push(`${where}: no audit action`);

    const pair = `${row.from}:${row.action}`;
    if (seenPairs.has(pair)) problems.push(`${where}: duplicate transition for ${row.action} from ${row.from}`);
    seenPairs.add(pair);

    const target = targetByAction.get(row.action);
    if (row.step) return;
    if (target === undefined) targetByAction.set(row.action, row.to);
    else if (target !== row.to) problems.push(`${where}: ${row.action} leads to both ${target} and ${row.to}`);
  });

  for (const state of shape.terminal) {
    const exits = table.filter((row) => row.from === state && !row.step).map((row) => row.action);
    if (exits.length > 0) problems.push(`terminal state ${state} has exits: ${exits.join(', ')}`);
  }
  for (const state of shape.states) {
    if (!shape.terminal.includes(state) && !table.some((row) => row.from === state && !row.step)) {
      problems.push(`non-terminal state ${state} has no exit`);
    }
  }

  const reachable = reachableFrom(shape.initial, table);
  const unreachable = shape.states.filter((state) => !reachable.has(state));
  if (unreachable.length > 0) problems.push(`unreachable from ${shape.initial}: ${unreachable.join(', ')}`);

  if (problems.length > 0) throw new WorkflowDefinitionError(problems);
  return table;
}

/** Breadth-first walk over the table's edges. */
function reachableFrom(initial: AdoptionStatus, table: readonly WorkflowTransition[]): Set<AdoptionStatus> {
  const seen = new Set<AdoptionStatus>([initial]);
  const queue = [initial];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const row of table) {
      if (row.from === state && !seen.has(row.to)) {
        seen.add(row.to);
        queue.push(row.to);
      }
    }
  }
  return seen;
}

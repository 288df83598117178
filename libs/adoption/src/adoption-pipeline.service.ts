import { Inject, Injectable } from '@nestjs/common';
import { AccessService, permissionTarget } from '@app/authz';
import { AuditEventEntity, AuditService } from '@app/audit';
import { AiModelEntity, AiModelQueryService } from '@app/catalog';
import {
  ConcurrentModificationError,
  ErrorCode,
  ErrorResult,
  ForbiddenError,
  isErrorResult,
  NotFoundError,
  RequestContext,
  ValidationError,
} from '@app/core';
import { Db, loadForUpdate, updateIfVersion } from '@app/persistence';
import { infeasibilities, RiskAssessmentEntity, RiskAssessmentService } from '@app/risk';
import { feasibilityOf } from './adoption-facts';
import { PolicyEvaluation, PolicyHook, requirementsOf } from './adoption-hooks';
import { AdoptionRequestEntity } from './adoption-request.entity';
import {
  AlreadyVotedError,
  InvalidTransitionError,
  PolicyBlockedError,
  SeparationOfDutiesError,
} from './adoption-request.errors';
import { DecisionRecordService } from './decision-record.service';
import { DecisionVoteEntity } from './decision.entity';
import { loadVotesOfRequest } from './decision-votes.loader';
import { MARGINAL_RISK_REQUIRED, marginalRiskGaps } from './marginal-risk';
import { missingFields, modelProblems, prohibitedPractice } from './submission-checks';
import {
  ADOPTION_WORKFLOW,
  AccessCheck,
  decide,
  FactNeed,
  Operation,
  OperationName,
  rowForOperation,
  TransitionFacts,
  TransitionRefusal,
  Vote,
  WorkflowAction,
  WorkflowTransition,
} from './workflow';

/** What the caller supplies with an operation (the facts only they know). */
export interface OperationInput {
  rationale?: string | null;
  vote?: Vote;
  /** Edit: the version the caller read. */
  expectedVersion?: number;
  /** Edit: the model the caller proposes (checked like at creation). */
  modelId?: string;
  /** Expire: the time of the run. */
  now?: Date;
}

/** Everything the pipeline gathered about the request before the table decided. */
export interface Gathered {
  readonly facts: TransitionFacts;
  readonly model?: AiModelEntity | null;
  /** The published policies' verdict at this moment (with the versions in force). */
  readonly policy?: PolicyEvaluation;
  readonly assessment?: RiskAssessmentEntity | null;
  /** The current revision's votes, oldest first. */
  readonly votes?: DecisionVoteEntity[];
}

/** The moment an operation's own work runs: the row is decided, nothing is written yet. */
export interface Step extends Gathered {
  readonly ctx: RequestContext;
  readonly request: AdoptionRequestEntity;
  readonly row: WorkflowTransition;
}

/** What an operation does once the table allowed its row. */
export interface Effect {
  /** Further columns to set with the status (status and version are the pipeline's). */
  set?: Partial<AdoptionRequestEntity>;
  /** Audit payload besides the request's reference (and revision, for transitions). */
  payload?: Record<string, unknown>;
  /** The audit event's subject when it is not the request (a saved assessment). */
  subject?: { type: string; id: string };
  /** Nothing changes (an edit that changes no field): no write, no event. */
  unchanged?: boolean;
  /** The row to take next in the same transaction, e.g. APPROVE after the vote that completes the quorum. */
  followUp?: {
    action: WorkflowAction;
    facts: Partial<TransitionFacts>;
    set?: Partial<AdoptionRequestEntity>;
    payload?: Record<string, unknown>;
  };
}

export type OperationWork = (step: Step) => Promise<Effect | ErrorResult>;

/**
 * The operations people call on a request, by the name `viewerCan` gives each (the fields of
 * `AdoptionRequestViewerCan`), in the order of the workflow.
 */
export const VIEWER_OPERATIONS = Object.freeze({
  edit: Operation.EDIT,
  submit: Operation.SUBMIT,
  withdraw: Operation.WITHDRAW,
  startReview: Operation.START_REVIEW,
  assess: Operation.SAVE_ASSESSMENT,
  completeReview: Operation.COMPLETE_REVIEW,
  requestChanges: Operation.REQUEST_CHANGES,
  castDecision: Operation.CAST_DECISION,
  revoke: Operation.REVOKE,
} as const);
export type ViewerOperation = keyof typeof VIEWER_OPERATIONS;

/** Whether the caller is offered an operation on a request now and, when not, what the API would answer. */
export interface OperationOffer {
  readonly operation: ViewerOperation;
  readonly mutation: OperationName;
  readonly offered: boolean;
  /** The error code and message the mutation refuses with now (absent when offered). */
  readonly refusal?: { readonly code: string; readonly message: string };
}

/**
 * What an offer assumes instead of establishing it: the caller supplies what the operation asks for (a reason,
 * a vote, the version they read, a usable model), and the evaluations the operation runs itself (required
 * fields, the model, feasibility, the published policies, the marginal-risk analysis) find nothing against
 * it. An offered operation may still be refused for one of these, with the reason.
 */
const ASSUMED_INPUT: OperationInput = { rationale: '(given with the operation)', vote: Vote.REJECT };
const ASSUMED_EVALUATIONS: Partial<TransitionFacts> = {
  missingFields: [],
  modelProblems: [],
  proposedModelProblems: [],
  infeasibilities: [],
  policyBlocks: [],
  marginalRiskGaps: [],
};
export type OperationOutcome = AdoptionRequestEntity | ErrorResult;

/** A row applied: the request as stored now and the audit event that records the change. */
export interface Applied {
  request: AdoptionRequestEntity;
  event: AuditEventEntity;
}

/**
 * The one path by which a request changes (Vendure's OrderStateMachine is the model): load the request
 * locked, find the table row the operation takes from its state, gather the facts that row needs once
 * (required fields, the model, the published policies evaluated now, the assessment and its assessors, the
 * votes), let the table decide (the caller's ability for the row's permission, separation of duties,
 * guards as pure functions returning the refusal), run the operation's own work, then apply the row as a
 * conditional update on (id, status, version), append the row's audit event and freeze the decision record
 * of a final outcome. All in the operation's transaction: a refusal is returned as an error result, and the
 * transaction interceptor rolls back whatever the operation wrote.
 *
 * Nothing else updates `adoption_request.status` (a source test checks it).
 */
@Injectable()
export class AdoptionPipeline {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly models: AiModelQueryService,
    private readonly assessments: RiskAssessmentService,
    private readonly records: DecisionRecordService,
    @Inject(PolicyHook) private readonly policies: PolicyHook,
  ) {}

  /** Runs `operation` on the request `id` of the caller's organisation. */
  async run(
    ctx: RequestContext,
    id: string,
    operation: OperationName,
    input: OperationInput,
    work: OperationWork = async () => ({}),
  ): Promise<OperationOutcome> {
    const request = await loadForUpdate(ctx, AdoptionRequestEntity, id, 'AdoptionRequest');
    if (!request) throw new NotFoundError('AdoptionRequest', id);
    return this.runOn(ctx, request, operation, input, work);
  }

  /** Runs `operation` on a request the caller has already loaded and locked in this transaction (jobs). */
  async runOn(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    operation: OperationName,
    input: OperationInput,
    work: OperationWork = async () => ({}),
  ): Promise<OperationOutcome> {
    const may = this.accessCheck(ctx, request);
    const row = entryRow(request, operation, may);
    if ('kind' in row) return toErrorResult(row, request);
    const gathered = await this.gather(ctx, request, row.needs ?? [], input);
    const plan = decide(row, may, gathered.facts);
    if (!plan.ok) return toErrorResult(plan.refusal, request, gathered.facts);

    const effect = await work({ ctx, request, row, ...gathered });
    if (isErrorResult(effect)) return effect;
    if (effect.unchanged) return request;
    const applied = await this.apply(ctx, request, row, effect, gathered);
    if (isErrorResult(applied) || !effect.followUp) return isErrorResult(applied) ? applied : applied.request;

    const next = ADOPTION_WORKFLOW.find(
      (r) => r.operation === operation && r.followUp && r.action === effect.followUp!.action && r.from === row.to,
    );
    if (!next) throw new Error(`${operation} has no follow-up ${effect.followUp.action} from ${row.to}`);
    const facts = { ...gathered.facts, ...effect.followUp.facts };
    const nextPlan = decide(next, this.accessCheck(ctx, applied.request), facts);
    if (!nextPlan.ok) return toErrorResult(nextPlan.refusal, applied.request, facts);
    const done = await this.apply(ctx, applied.request, next, effect.followUp, { ...gathered, facts });
    return isErrorResult(done) ? done : done.request;
  }

  /**
   * What the caller may do to `request` now, operation by operation (`viewerCan`): the table has an entry row
   * for the operation from the request's state, the caller's ability grants the row's permission on this
   * request, and the row's separation of duties and guards hold on the facts established without evaluating
   * anything (who drafted the request, who assessed its current revision and whether that assessment covers
   * every category, who voted on it), the rest assumed (`ASSUMED_EVALUATIONS`). The same `entryRow`, access
   * check and `decide` as `runOn`, so an operation refused here is refused by its mutation with the same
   * answer. The facts are read through the request's loaders: a page of requests costs one statement per kind
   * of fact, whatever its size.
   */
  async offers(ctx: RequestContext, request: AdoptionRequestEntity): Promise<OperationOffer[]> {
    const may = this.accessCheck(ctx, request);
    const entries = (Object.keys(VIEWER_OPERATIONS) as ViewerOperation[]).map((operation) => ({
      operation,
      mutation: VIEWER_OPERATIONS[operation],
      row: entryRow(request, VIEWER_OPERATIONS[operation], may),
    }));
    // What the operations the caller may take on this request need, whatever its state: a page of requests
    // then costs the same statements whatever states it holds (a requester's reads no votes).
    const operations: readonly string[] = Object.values(VIEWER_OPERATIONS);
    const needs = ADOPTION_WORKFLOW.filter(
      (r) => operations.includes(r.operation) && !r.followUp && may(r.permission),
    ).flatMap((r) => r.needs ?? []);
    const facts = await this.establish(ctx, request, new Set(needs));
    return entries.map(({ operation, mutation, row }) => {
      const plan = 'kind' in row ? { ok: false as const, refusal: row } : decide(row, may, facts);
      return plan.ok
        ? { operation, mutation, offered: true }
        : { operation, mutation, offered: false, refusal: refusalAnswer(plan.refusal, request) };
    });
  }

  /** The facts of an offer: the current revision's assessment and votes through the loaders, the rest assumed. */
  private async establish(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    need: ReadonlySet<FactNeed>,
  ): Promise<TransitionFacts> {
    const [assessment, votes] = await Promise.all([
      need.has('assessment') ? this.assessments.loadForRevision(ctx, request.id, request.revision) : undefined,
      need.has('votes') ? loadVotesOfRequest(this.db, ctx, request.id) : undefined,
    ]);
    const facts = initialFacts(ctx, request, { ...ASSUMED_INPUT, expectedVersion: request.version });
    return {
      ...facts,
      ...(assessment === undefined ? {} : this.assessmentFacts(assessment)),
      ...(votes === undefined
        ? {}
        : voteFacts(
            facts,
            votes.filter((v) => v.revision === request.revision),
          )),
      ...ASSUMED_EVALUATIONS,
    };
  }

  /** Gathers what `needs` names, once, in one place; the guards then only read. */
  async gather(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    needs: readonly FactNeed[],
    input: OperationInput = {},
  ): Promise<Gathered> {
    const need = new Set(needs);
    let facts = initialFacts(ctx, request, input);
    let model: AiModelEntity | null | undefined;
    if (need.has('model') || need.has('policies') || need.has('fields')) {
      model = await this.models.find(ctx, request.modelId);
      facts = { ...facts, modelProblems: modelProblems(model, request.modelId) };
    }
    if (need.has('proposedModel')) {
      const proposed = input.modelId === undefined ? undefined : await this.models.find(ctx, input.modelId);
      facts = {
        ...facts,
        proposedModelProblems: input.modelId === undefined ? [] : modelProblems(proposed, input.modelId),
      };
    }
    if (need.has('fields')) facts = { ...facts, missingFields: missingFields(request) };
    if (need.has('feasibility') && model) {
      facts = { ...facts, infeasibilities: infeasibilities(feasibilityOf(request, model)) };
    }

    let policy: PolicyEvaluation | undefined;
    if (need.has('policies') && model) {
      policy = await this.policies.evaluate(ctx, request, model);
      facts = { ...facts, policyBlocks: [...prohibitedPractice(request), ...requirementsOf(policy).blocking] };
    }

    let assessment: RiskAssessmentEntity | null | undefined;
    if (need.has('assessment')) {
      assessment = await this.assessments.forRevision(ctx, request.id, request.revision);
      facts = {
        ...facts,
        ...this.assessmentFacts(assessment),
        marginalRiskGaps:
          assessment && model
            ? marginalRiskGaps(model, assessment).map((step) => ({
                field: `marginalRisk.${step}`,
                message: MARGINAL_RISK_REQUIRED,
              }))
            : undefined,
      };
    }

    let votes: DecisionVoteEntity[] | undefined;
    if (need.has('votes')) {
      votes = await ctx.em.getRepository(DecisionVoteEntity).find({
        where: { organisationId: ctx.orgId, requestId: request.id, revision: request.revision },
        order: { createdAt: 'ASC' },
      });
      facts = { ...facts, ...voteFacts(facts, votes) };
    }
    return { facts, model, policy, assessment, votes };
  }

  /** Who assessed the current revision and what its assessment does not cover yet (absent: no assessment). */
  private assessmentFacts(assessment: RiskAssessmentEntity | null): Partial<TransitionFacts> {
    return {
      assessorIds: assessment?.assessorIds ?? [],
      assessmentGaps: assessment ? this.assessments.missingCategories(assessment) : undefined,
    };
  }

  /** The caller's one access decision: does their ability grant the row's permission on this request. */
  private accessCheck(ctx: RequestContext, request: AdoptionRequestEntity): AccessCheck {
    return (permission) => {
      if (permission === 'SYSTEM') return ctx.isSystem;
      const target = permissionTarget(permission);
      return target !== null && target.subject === 'AdoptionRequest'
        ? this.access.allows(ctx, target.action, 'AdoptionRequest', request)
        : false;
    };
  }

  /** Conditional update, the row's audit event, and the decision record of a final outcome. */
  private async apply(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    row: WorkflowTransition,
    effect: Pick<Effect, 'set' | 'payload' | 'subject'>,
    gathered: Gathered,
  ): Promise<Applied | ConcurrentModificationError> {
    const updated = await updateIfVersion(
      ctx,
      AdoptionRequestEntity,
      request,
      { ...(effect.set ?? {}), status: row.to, ...(row.newRevision ? { revision: request.revision + 1 } : {}) },
      `AdoptionRequest ${request.reference}`,
      { sql: 'status = :expectedStatus', params: { expectedStatus: request.status } },
    );
    if (isErrorResult(updated)) return updated;
    const event = await this.audit.append(ctx, {
      action: row.auditAction,
      subjectType: effect.subject?.type ?? 'AdoptionRequest',
      subjectId: effect.subject?.id ?? request.id,
      requestId: request.id,
      ...(row.step ? {} : { fromState: request.status, toState: row.to }),
      payload: {
        reference: request.reference,
        ...(row.step ? {} : { revision: updated.revision }),
        ...(effect.payload ?? {}),
      },
    });
    if (row.freezesRecord) {
      // A final outcome's row (or the vote it follows) needs the model and the policies: the record lists them.
      if (!gathered.model || !gathered.policy) throw new Error(`${row.action} freezes a record without its evidence`);
      await this.records.freeze(ctx, { request: updated, event }, { model: gathered.model, policy: gathered.policy });
    }
    return { request: updated, event };
  }
}

/** The facts every row starts from: who acts, the request's own columns, what the caller supplied. */
function initialFacts(ctx: RequestContext, request: AdoptionRequestEntity, input: OperationInput): TransitionFacts {
  return {
    actorUserId: ctx.actor?.userId ?? 'system',
    requesterId: request.requesterId,
    rationale: input.rationale,
    vote: input.vote,
    now: input.now,
    expiresAt: request.expiresAt,
    expectedVersion: input.expectedVersion,
    currentVersion: request.version,
  };
}

/** Whether the caller already voted, from the current revision's votes. */
function voteFacts(facts: TransitionFacts, votes: readonly DecisionVoteEntity[]): Partial<TransitionFacts> {
  return { alreadyVoted: votes.some((v) => v.approverId === facts.actorUserId) };
}

/**
 * The row `operation` takes from the request's state, or its refusal. A caller the operation's permission is
 * not granted to at all is refused FORBIDDEN, learning nothing about the state of the request.
 */
function entryRow(
  request: AdoptionRequestEntity,
  operation: OperationName,
  may: AccessCheck,
): WorkflowTransition | TransitionRefusal {
  const row = rowForOperation(request.status, operation);
  if (!('kind' in row)) return row;
  const entry = ADOPTION_WORKFLOW.find((r) => r.operation === operation && !r.followUp);
  return entry && !may(entry.permission) ? { ...row, kind: 'FORBIDDEN', message: new ForbiddenError().message } : row;
}

/** The error code and message the API answers a refusal with (a FORBIDDEN error, or the error result). */
function refusalAnswer(refusal: TransitionRefusal, request: AdoptionRequestEntity) {
  if (refusal.kind === 'FORBIDDEN') return { code: ErrorCode.FORBIDDEN, message: refusal.message };
  const result = toErrorResult(refusal, request);
  return { code: result.errorCode, message: result.message };
}

/** The refusal as the error result the API returns (FORBIDDEN is thrown, as every permission failure). */
export function toErrorResult(
  refusal: TransitionRefusal,
  request: AdoptionRequestEntity,
  facts?: TransitionFacts,
): ErrorResult {
  switch (refusal.kind) {
    case 'FORBIDDEN':
      throw new ForbiddenError(refusal.message);
    case 'SEPARATION_OF_DUTIES':
      return SeparationOfDutiesError.of(refusal.message);
    case 'VALIDATION':
      return ValidationError.of([...(refusal.fieldErrors ?? [])]);
    case 'POLICY_BLOCKED':
      return PolicyBlockedError.of((refusal.findings ?? []).map((f) => ({ ...f })));
    case 'ALREADY_VOTED':
      return AlreadyVotedError.of(request.revision);
    case 'STALE':
      return ConcurrentModificationError.of(
        `AdoptionRequest ${request.id}`,
        facts?.expectedVersion ?? request.version,
        request.version,
      );
    default:
      return InvalidTransitionError.of(refusal.message, refusal.fromState, refusal.toState);
  }
}

/*
 * What the scale seed (scale-seed.ts) generates for each request: its life planned as events in time order,
 * with the rows each event writes, from templates computed once by the service's own hooks.
 */
import { randomUUID } from 'node:crypto';
import {
  AdoptionStatus,
  DECISION_RECORD_FROZEN,
  DECISION_RECORD_SUBJECT,
  DEMO_REQUESTS,
  PolicyEvaluation,
} from '@app/adoption';
import { ChainedEvent } from '@app/audit';
import { AiModelEntity } from '@app/catalog';
import { approvalExpiry, AssessmentItem, quorumFor, RiskTier, summarise } from '@app/risk';
import { canonical, Chunk, Json, Row, Table } from './scale-seed-rows';

export const DAY = 86_400_000;

/** A small deterministic generator (mulberry32): the same seed gives the same data. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

/** What one (scenario, model) pair is assessed and judged as: computed once by the service's own hooks. */
export interface Template {
  scenario: (typeof DEMO_REQUESTS)[number];
  model: AiModelEntity;
  deploymentMode: string;
  autoItems: AssessmentItem[];
  euAiActClass: string | null;
  euAiActScreen: unknown;
  /** JSON (also RFC 8785 canonical) of the items and of the screen, shared by every row that repeats them. */
  itemsJson: Chunk;
  screenJson: Chunk;
  tier: RiskTier;
  needs: { tier: RiskTier; requiredExpertise: string[]; requiredConditions: string[] };
  policy: PolicyEvaluation;
  policyCanonical: Chunk;
  modelCanonical: Chunk;
}

export interface Actor {
  id: string | null;
  label: string;
  roles: string[];
  expertise: string[];
}

/** One event of the timeline; `emit` writes the rows that appear with it, once its seq is known. */
export interface Pending {
  at: number;
  order: number;
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  requestId: string;
  correlationId: string;
  /** Rows written with this event; a decision returns the frozen-record event that must follow it at once. */
  emit?: (event: ChainedEvent & { id: string; hash: string }) => Pending | void;
}

/** Min-heap by time: events of overlapping requests come out in time order, so seq follows occurred_at. */
export class Timeline {
  private heap: Pending[] = [];
  get size() {
    return this.heap.length;
  }
  push(p: Pending) {
    const h = this.heap;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!Timeline.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }
  peek(): Pending | undefined {
    return this.heap[0];
  }
  pop(): Pending | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && Timeline.less(h[l], h[m])) m = l;
        if (r < h.length && Timeline.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
  private static less(a: Pending, b: Pending) {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }
}

export type Rows = Array<[Table, Row]>;
export interface PlannedEvent extends Omit<Pending, 'order' | 'emit'> {
  rows?: (event: ChainedEvent & { id: string; hash: string }) => Rows;
  follow?: (event: ChainedEvent & { id: string; hash: string }) => PlannedEvent | undefined;
}

export const TITLE_PLACES = [
  'Nairobi',
  'Dakar',
  'Lima',
  'Manila',
  'Dhaka',
  'Quito',
  'Accra',
  'Hanoi',
  'Tunis',
  'Cusco',
];

/**
 * One request's life up to its target state: the request row as it ends, and the events (with the rows each
 * writes) at their times. The steps and payloads are those of the workflow table and its services.
 */
export function planRequest(a: {
  orgId: string;
  reference: string;
  template: Template;
  requester: Actor;
  reviewer: Actor;
  approvers: Actor[];
  system: Actor;
  target: AdoptionStatus;
  createdAt: number;
  now: number;
  rnd: ReturnType<typeof random>;
}): { row: Row; status: AdoptionStatus; events: PlannedEvent[] } {
  const S = AdoptionStatus;
  const { template: t, requester, reviewer, rnd } = a;
  const id = randomUUID();
  const span = Math.max(60_000, Math.min(30 * DAY, (a.now - a.createdAt) * 0.9));
  let clock = a.createdAt;
  const later = () => (clock += Math.max(1_000, Math.floor((rnd.next() * span) / 8)));
  const events: PlannedEvent[] = [];
  const r = {
    id,
    organisation_id: a.orgId,
    reference: a.reference,
    title: `${t.scenario.title} (${rnd.pick(TITLE_PLACES)})`,
    requester_id: requester.id!,
    model_id: t.model.id,
    use_case: t.scenario.useCase,
    sector: t.scenario.sector as string,
    deployment_mode: t.deploymentMode,
    data_sensitivity: t.scenario.dataSensitivity as string,
    intended_adaptation: t.scenario.intendedAdaptation as string,
    languages: [...t.scenario.languages] as string[],
    affected_population: t.scenario.affectedPopulation,
    expected_users: t.scenario.expectedUsers,
    justification: t.scenario.justification as string,
    alternatives: [] as unknown[],
    status: S.DRAFT as AdoptionStatus,
    revision: 1,
    version: 1,
    tier: null as string | null,
    required_expertise: [] as string[],
    required_conditions: [] as string[],
    conditions: [] as string[],
    status_reason: null as string | null,
    submitted_at: null as string | null,
    decided_at: null as string | null,
    expires_at: null as string | null,
    created_at: new Date(a.createdAt).toISOString(),
    updated_at: new Date(a.createdAt).toISOString(),
    connectivity: t.scenario.connectivity as string,
    data_residency: [...t.scenario.dataResidency] as string[],
    hardware: t.scenario.hardware as string,
    public_facing: t.scenario.publicFacing as boolean,
  };
  const event = (
    at: number,
    actor: Actor,
    action: string,
    states: [string | null, string | null],
    payload: Record<string, unknown>,
    extra: Partial<PlannedEvent> = {},
  ) => {
    events.push({
      at,
      actor,
      action,
      subjectType: 'AdoptionRequest',
      subjectId: id,
      fromState: states[0],
      toState: states[1],
      payload: { reference: a.reference, ...payload },
      requestId: id,
      correlationId: randomUUID(),
      ...extra,
    });
    r.version++;
    r.updated_at = new Date(at).toISOString();
  };
  const move = (to: AdoptionStatus, actor: Actor, action: string, payload: Record<string, unknown> = {}) => {
    const from = r.status;
    r.status = to;
    event(later(), actor, action, [from, to], { revision: r.revision, ...payload });
  };

  // Created (the version starts at 1: the creation does not count as a change).
  events.push({
    at: a.createdAt,
    actor: requester,
    action: 'adoption_request.created',
    subjectType: 'AdoptionRequest',
    subjectId: id,
    fromState: null,
    toState: S.DRAFT,
    payload: { reference: a.reference, title: r.title, modelId: r.model_id },
    requestId: id,
    correlationId: randomUUID(),
  });
  if (rnd.next() < 0.3) {
    const to = `${r.justification} (updated)`;
    event(later(), requester, 'adoption_request.updated', [null, null], {
      changes: { justification: { from: r.justification, to } },
    });
    r.justification = to;
  }
  const final = (status: AdoptionStatus) => ({ row: r, status, events });
  const withdraw = () => {
    const reason = 'No longer needed: the project was cancelled';
    r.status_reason = reason;
    move(S.WITHDRAWN, requester, 'adoption_request.withdrawn', { reason });
    return final(S.WITHDRAWN);
  };
  const target = a.target;
  if (target === S.DRAFT) return final(S.DRAFT);
  if (target === S.WITHDRAWN && rnd.next() < 0.4) return withdraw();

  const submit = (action: string) => {
    const from = r.status;
    r.status = S.SUBMITTED;
    if (action === 'adoption_request.resubmitted') r.revision++;
    event(later(), requester, action, [from, S.SUBMITTED], {
      revision: r.revision,
      findings: t.policy.findings.length,
    });
    r.submitted_at = r.updated_at;
  };
  // A review: started (the assessment row appears), saved, then completed or sent back.
  const review = (outcome: 'complete' | 'changes' | 'open') => {
    move(S.IN_REVIEW, reviewer, 'adoption_request.review_started');
    const assessmentId = randomUUID();
    const revision = r.revision;
    const startedAt = clock;
    const saved = outcome !== 'open' || rnd.next() < 0.5;
    const assessors = saved ? [reviewer.id!] : [];
    const summary = summarise(t.autoItems);
    const assessment = {
      id: assessmentId,
      organisationId: a.orgId,
      requestId: id,
      revision,
      assessorIds: assessors,
      items: t.autoItems,
      autoItems: t.autoItems,
      euAiActClass: t.euAiActClass,
      euAiActScreen: t.euAiActScreen,
      marginalRisk: null,
      inherentScore: summary.inherentScore,
      residualScore: summary.residualScore,
      tier: summary.tier,
      version: saved ? 2 : 1,
      createdAt: new Date(startedAt).toISOString(),
      updatedAt: new Date(startedAt).toISOString(),
    };
    events[events.length - 1].rows = () => [
      [
        'risk_assessment',
        {
          id: assessmentId,
          organisation_id: a.orgId,
          request_id: id,
          revision,
          assessor_ids: assessment.assessorIds,
          items: new Json(t.itemsJson),
          auto_items: new Json(t.itemsJson),
          eu_ai_act_class: assessment.euAiActClass,
          eu_ai_act_screen: new Json(t.screenJson),
          marginal_risk: null,
          inherent_score: assessment.inherentScore,
          residual_score: assessment.residualScore,
          tier: assessment.tier,
          version: assessment.version,
          created_at: assessment.createdAt,
          updated_at: assessment.updatedAt,
        },
      ],
    ];
    if (saved) {
      event(
        later(),
        reviewer,
        'risk_assessment.saved',
        [null, null],
        {
          revision,
          categories: t.autoItems.map((i) => i.category),
          tier: summary.tier,
          residualScore: summary.residualScore,
        },
        { subjectType: 'RiskAssessment', subjectId: assessmentId },
      );
      assessment.updatedAt = r.updated_at;
    }
    if (outcome === 'complete') {
      r.tier = t.needs.tier;
      r.required_expertise = [...t.needs.requiredExpertise];
      r.required_conditions = [...t.needs.requiredConditions];
      move(S.AWAITING_DECISION, reviewer, 'adoption_request.review_completed', {
        ...t.needs,
        assessedTier: summary.tier,
      });
    } else if (outcome === 'changes') {
      const rationale = 'Describe how answers are checked before they reach people';
      r.status_reason = rationale;
      move(S.CHANGES_REQUESTED, reviewer, 'adoption_request.changes_requested', { rationale });
    }
    return assessment;
  };

  submit('adoption_request.submitted');
  if (target === S.SUBMITTED) return final(S.SUBMITTED);
  if (target === S.WITHDRAWN && rnd.next() < 0.5) return withdraw();
  if (target === S.CHANGES_REQUESTED) {
    review('changes');
    return final(S.CHANGES_REQUESTED);
  }
  if (target === S.IN_REVIEW) {
    review('open');
    return final(S.IN_REVIEW);
  }
  if (rnd.next() < 0.2) {
    review('changes');
    submit('adoption_request.resubmitted');
  }
  if (target === S.WITHDRAWN) {
    review('open');
    return withdraw();
  }
  const assessment = review('complete');

  // Votes: approvers who cover the required expertise, up to the quorum (none of them assessed the revision).
  const quorum = quorumFor(t.needs.tier);
  const chosen: Actor[] = [];
  for (const expertise of t.needs.requiredExpertise) {
    if (!chosen.some((c) => c.expertise.includes(expertise))) {
      const approver = a.approvers.find((p) => p.expertise.includes(expertise) && !chosen.includes(p));
      if (approver) chosen.push(approver);
    }
  }
  for (const p of a.approvers) if (chosen.length < quorum && !chosen.includes(p)) chosen.push(p);
  const votes: Array<Record<string, unknown>> = [];
  const cast = (approver: Actor, vote: string, rationale: string, conditions: string[]) => {
    const v = {
      id: randomUUID(),
      organisationId: a.orgId,
      requestId: id,
      revision: r.revision,
      approverId: approver.id!,
      expertise: approver.expertise,
      vote,
      rationale,
      conditions,
      createdAt: '',
    };
    votes.push(v);
    event(later(), approver, 'adoption_request.vote_cast', [null, null], {
      revision: r.revision,
      vote,
      rationale,
      conditions,
      expertise: approver.expertise,
    });
    v.createdAt = r.updated_at;
    events[events.length - 1].rows = () => [
      [
        'decision_vote',
        {
          id: v.id,
          organisation_id: a.orgId,
          request_id: id,
          revision: v.revision,
          approver_id: v.approverId,
          expertise: v.expertise,
          vote,
          rationale,
          conditions,
          created_at: v.createdAt,
        },
      ],
    ];
  };
  // A decision: the vote's follow-up event, then the frozen record bound into the chain right after it.
  const decide = (to: AdoptionStatus, action: string, payload: Record<string, unknown>, actor: Actor) => {
    const from = r.status;
    r.status = to;
    const at = clock;
    const decision = {
      at,
      actor,
      action,
      subjectType: 'AdoptionRequest',
      subjectId: id,
      fromState: from,
      toState: to,
      payload: { reference: a.reference, revision: r.revision, ...payload },
      requestId: id,
      correlationId: randomUUID(),
    };
    r.version++;
    r.updated_at = new Date(at).toISOString();
    const request = snapshotRequest(r);
    const recordVotes = votes.filter((v) => v.revision === r.revision);
    const assessmentCanonical = splice(
      t,
      { ...assessment, items: ITEMS, autoItems: ITEMS, euAiActScreen: SCREEN },
      true,
    ).parts;
    const conditions = [...r.conditions];
    const revision = r.revision;
    events.push({
      ...decision,
      follow: (e) => {
        const recordId = randomUUID();
        const decidedAt = e.occurredAt.toISOString();
        // RFC 8785 of the snapshot, assembled from its canonical parts (keys in code-point order).
        const snapshot = new Json(
          '{"assessment":',
          ...assessmentCanonical,
          `,"conditions":${canonical(conditions)},"decidedAt":${canonical(decidedAt)},"model":`,
          t.modelCanonical,
          `,"outcome":${canonical(to)},"policy":`,
          t.policyCanonical,
          `,"request":${canonical(request)},"votes":${canonical(recordVotes)}}`,
        );
        const snapshotHash = snapshot.sha256();
        const record: Row = {
          id: recordId,
          organisation_id: a.orgId,
          request_id: id,
          revision,
          outcome: to,
          snapshot,
          audit_event_id: e.id,
          audit_seq: e.seq,
          created_at: decidedAt,
        };
        return {
          at: e.occurredAt.getTime(),
          actor,
          action: DECISION_RECORD_FROZEN,
          subjectType: DECISION_RECORD_SUBJECT,
          subjectId: recordId,
          fromState: null,
          toState: null,
          payload: { reference: a.reference, revision, outcome: to, decisionSeq: e.seq, snapshotHash },
          requestId: id,
          correlationId: e.correlationId!,
          rows: () => [['decision_record', record]],
        };
      },
    });
  };

  if (target === S.AWAITING_DECISION) {
    const some = rnd.int(quorum);
    for (const p of chosen.slice(0, some)) cast(p, 'APPROVE', 'Acceptable with the mitigations listed', []);
    return final(S.AWAITING_DECISION);
  }
  if (target === S.REJECTED) {
    const rationale = 'The residual risk is too high for this population';
    cast(chosen[0], 'REJECT', rationale, []);
    r.decided_at = r.updated_at;
    r.status_reason = rationale;
    decide(
      S.REJECTED,
      'adoption_request.rejected',
      { outcome: 'REJECTED', reason: rationale, approvals: 0, quorum },
      chosen[0],
    );
    return final(S.REJECTED);
  }
  // APPROVED, EXPIRED or REVOKED: the quorum approves.
  for (const p of chosen) cast(p, 'APPROVE', 'Acceptable with the mitigations listed', [...t.needs.requiredConditions]);
  const decidedAt = new Date(clock);
  const expiresAt = approvalExpiry(decidedAt, t.needs.tier);
  r.conditions = [...t.needs.requiredConditions];
  r.decided_at = decidedAt.toISOString();
  r.expires_at = expiresAt.toISOString();
  r.status_reason = null;
  const last = chosen[chosen.length - 1];
  decide(
    S.APPROVED,
    'adoption_request.approved',
    { outcome: 'APPROVED', reason: null, approvals: chosen.length, quorum },
    last,
  );
  const expired = expiresAt.getTime() < a.now;
  if (expired) {
    // The expiry job's event, at the moment the approval lapsed.
    const from = r.status;
    r.status = S.EXPIRED;
    clock = expiresAt.getTime() + 60_000;
    event(clock, a.system, 'adoption_request.expired', [from, S.EXPIRED], {
      revision: r.revision,
      expiresAt: expiresAt.toISOString(),
    });
    return final(S.EXPIRED);
  }
  if (target === S.REVOKED) {
    const rationale = 'The vendor changed the model’s licence terms';
    r.status_reason = rationale;
    later();
    decide(S.REVOKED, 'adoption_request.revoked', { rationale }, a.approvers.find((p) => p !== last) ?? last);
    return final(S.REVOKED);
  }
  return final(S.APPROVED);
}

export const ITEMS = '\u0001items\u0001';
export const SCREEN = '\u0001screen\u0001';
export const ITEMS_JSON = JSON.stringify(ITEMS);
export const SCREEN_JSON = JSON.stringify(SCREEN);

/**
 * JSON of `value` (canonical when asked) with the template's assessment items and EU AI Act screen standing
 * where the ITEMS and SCREEN markers stand: those documents are the same for every request of a template, so
 * they are serialised once and shared (canonical JSON is valid JSON, and a canonical object's members are
 * canonical).
 */
export function splice(t: Template, value: Record<string, unknown>, canonicalForm = false): Json {
  const text = canonicalForm ? canonical(value) : JSON.stringify(value);
  const parts: Array<string | Chunk> = [];
  for (const [i, piece] of text.split(ITEMS_JSON).entries()) {
    if (i > 0) parts.push(t.itemsJson);
    for (const [k, rest] of piece.split(SCREEN_JSON).entries()) {
      if (k > 0) parts.push(t.screenJson);
      if (rest) parts.push(rest);
    }
  }
  return new Json(...parts);
}

/** The request as the decision record freezes it: the entity's JSON (camelCase, dates as ISO strings). */
export function snapshotRequest(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

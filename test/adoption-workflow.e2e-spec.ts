import { AdoptionJobsService } from '@app/adoption';
import { verifyChain } from '@app/audit';
import {
  act,
  awaitingDecision,
  CAST_DECISION,
  COMPLETE_REVIEW,
  createTestEnvironment,
  CREATE_REQUEST,
  DECISION_RECORD,
  GET_REQUEST,
  GraphqlClient,
  modelId,
  REQUEST_CHANGES,
  requestInput,
  REVOKE,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
  Tier,
  UPDATE_REQUEST,
  WITHDRAW,
} from '@app/testing';
import { verifyAudit } from '../apps/cli/src/commands/commands';

const approve = (conditions: string[] = []) => ({
  vote: 'APPROVE',
  rationale: 'benefits outweigh the residual risks',
  conditions,
});
const monthsBetween = (from: Date, to: Date) =>
  (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();

describe('adoption workflow (e2e)', () => {
  let env: TestEnvironment;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let approvers: GraphqlClient[];
  let auditor: GraphqlClient;
  let policy: GraphqlClient;
  let mistral: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    [requester, reviewer, auditor, policy] = await Promise.all(
      ['requester', 'reviewer', 'auditor', 'policy'].map((u) => env.as(u as never)),
    );
    // approver3 is the seeded approver with ETHICS (and TECHNICAL) expertise.
    approvers = [await env.as('approver1'), await env.as('approver2'), await env.as('approver3')];
    mistral = await modelId(requester, 'Mistral 7B v0.1');
  });
  afterAll(() => env?.close());

  const clients = () => ({ requester, reviewer });

  async function events(requestId: string) {
    return env.dataSource.query(
      `SELECT action, actor_label, from_state, to_state FROM audit_event WHERE request_id = $1 ORDER BY seq`,
      [requestId],
    );
  }

  it.each<[Tier, number, number]>([
    ['LOW', 1, 24],
    ['MEDIUM', 1, 12],
    ['HIGH', 2, 6],
    ['CRITICAL', 3, 3],
  ])('approves a %s request after %i distinct approvals, valid for %i months', async (tier, quorum, months) => {
    const r = await awaitingDecision(clients(), mistral, tier, `Approve at ${tier}`);
    expect(r).toMatchObject({ tier, approvalProgress: { quorum, approvals: 0, missingApprovals: quorum } });
    let result: any;
    for (let i = 0; i < quorum; i++) {
      result = await act(approvers[i], CAST_DECISION, {
        id: r.id,
        input: approve([`condition from approver ${i + 1}`]),
      });
      if (i < quorum - 1) {
        expect(result).toMatchObject({
          status: 'AWAITING_DECISION',
          approvalProgress: { approvals: i + 1, missingApprovals: quorum - i - 1 },
        });
      }
    }
    expect(result).toMatchObject({ status: 'APPROVED', tier });
    expect(result.conditions).toEqual(Array.from({ length: quorum }, (_, i) => `condition from approver ${i + 1}`));
    expect(monthsBetween(new Date(), new Date(result.expiresAt))).toBe(months);

    const record = (await approvers[0].ok(DECISION_RECORD, { id: r.id })).decisionRecord;
    const snapshot = JSON.parse(record.snapshot);
    expect(record.outcome).toBe('APPROVED');
    expect(snapshot.votes).toHaveLength(quorum);
    expect(snapshot.model.name).toBe('Mistral 7B v0.1');
    expect(snapshot.model.weightsAccess).toBe('OPEN');
    expect(snapshot.assessment.tier).toBe(tier);
    expect(snapshot.policy.policyVersions).toEqual([
      expect.objectContaining({ name: 'Open and closed model baseline', version: 1 }),
    ]);
    expect(snapshot.policy.findings.filter((f: { effect: string }) => f.effect !== 'ADVISE')).toEqual([]);

    // Exactly one audit event per transition and per vote, in order; the record's snapshot is bound last.
    const actions = (await events(r.id)).map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'adoption_request.created',
      'adoption_request.submitted',
      'adoption_request.review_started',
      'risk_assessment.saved',
      'adoption_request.review_completed',
      ...Array.from({ length: quorum }, () => 'adoption_request.vote_cast'),
      'adoption_request.approved',
      'decision_record.frozen',
    ]);
    const [approvedEvent] = await env.dataSource.query(
      `SELECT id, seq::int FROM audit_event WHERE request_id = $1 AND action = 'adoption_request.approved'`,
      [r.id],
    );
    expect(record.auditEventId).toBe(approvedEvent.id);
    expect(record.auditSeq).toBe(approvedEvent.seq);
  });

  it('rejects on any REJECT vote and freezes the record', async () => {
    const r = await awaitingDecision(clients(), mistral, 'HIGH', 'To be rejected');
    await act(approvers[0], CAST_DECISION, { id: r.id, input: approve() });
    const rejected = await act(approvers[1], CAST_DECISION, {
      id: r.id,
      input: { vote: 'REJECT', rationale: 'no data protection impact assessment', conditions: [] },
    });
    expect(rejected).toMatchObject({ status: 'REJECTED', statusReason: 'no data protection impact assessment' });
    expect((await auditor.ok(DECISION_RECORD, { id: r.id })).decisionRecord.outcome).toBe('REJECTED');
  });

  it('sends a request back for changes, then takes the resubmission as a new revision', async () => {
    const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Changes then resubmit') });
    await act(requester, SUBMIT, { id: draft.id });
    await act(reviewer, START_REVIEW, { id: draft.id });
    const back = await act(reviewer, REQUEST_CHANGES, { id: draft.id, rationale: 'name the districts' });
    expect(back).toMatchObject({ status: 'CHANGES_REQUESTED', statusReason: 'name the districts', revision: 1 });
    const edited = await act(requester, UPDATE_REQUEST, {
      id: draft.id,
      input: { affectedPopulation: 'Community health workers in Kilifi and Kwale' },
      v: back.version,
    });
    expect(edited.__typename).toBe('AdoptionRequest');
    const again = await act(requester, SUBMIT, { id: draft.id });
    expect(again).toMatchObject({ status: 'SUBMITTED', revision: 2, statusReason: null });
    await act(reviewer, START_REVIEW, { id: draft.id });
    const view = (await reviewer.ok(GET_REQUEST, { id: draft.id })).adoptionRequest;
    expect(view.assessment.revision).toBe(2);
    expect(view.history.map((h: { action: string }) => h.action)).toContain('adoption_request.resubmitted');
  });

  it('an approver can send a request back instead of deciding', async () => {
    const r = await awaitingDecision(clients(), mistral, 'LOW', 'Approver asks for changes');
    const back = await act(approvers[0], CAST_DECISION, {
      id: r.id,
      input: { vote: 'REQUEST_CHANGES', rationale: 'add an escalation route to a clinician', conditions: [] },
    });
    expect(back).toMatchObject({ status: 'CHANGES_REQUESTED', statusReason: 'add an escalation route to a clinician' });
  });

  it('withdraws open requests with a reason, and refuses to withdraw a decided one', async () => {
    const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Withdrawn draft') });
    expect(await act(requester, WITHDRAW, { id: draft.id, reason: 'duplicate' })).toMatchObject({
      status: 'WITHDRAWN',
    });
    const inReview = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Withdrawn in review') });
    await act(requester, SUBMIT, { id: inReview.id });
    await act(reviewer, START_REVIEW, { id: inReview.id });
    expect(await act(requester, WITHDRAW, { id: inReview.id, reason: 'programme closed' })).toMatchObject({
      status: 'WITHDRAWN',
    });
    const approved = await awaitingDecision(clients(), mistral, 'LOW', 'Approved, cannot withdraw');
    await act(approvers[0], CAST_DECISION, { id: approved.id, input: approve() });
    expect(await act(requester, WITHDRAW, { id: approved.id, reason: 'too late' })).toMatchObject({
      __typename: 'InvalidTransitionError',
      errorCode: 'INVALID_TRANSITION',
      fromState: 'APPROVED',
    });
  });

  it('revokes an approval and records the revocation', async () => {
    const r = await awaitingDecision(clients(), mistral, 'LOW', 'Revoked later');
    await act(approvers[0], CAST_DECISION, { id: r.id, input: approve() });
    const revoked = await act(approvers[1], REVOKE, { id: r.id, rationale: 'the vendor changed its terms' });
    expect(revoked).toMatchObject({ status: 'REVOKED', statusReason: 'the vendor changed its terms' });
    expect((await auditor.ok(DECISION_RECORD, { id: r.id })).decisionRecord.outcome).toBe('REVOKED');
  });

  it('expires approvals past their date (as the system), one instance at a time', async () => {
    const r = await awaitingDecision(clients(), mistral, 'LOW', 'Will expire');
    await act(approvers[0], CAST_DECISION, { id: r.id, input: approve() });
    await env.dataSource.query(`UPDATE adoption_request SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      r.id,
    ]);
    const jobs = env.app.get(AdoptionJobsService);
    expect(await jobs.expireDue()).toBeGreaterThanOrEqual(1);
    const view = (await auditor.ok(GET_REQUEST, { id: r.id })).adoptionRequest;
    expect(view.status).toBe('EXPIRED');
    const last = view.history[view.history.length - 1];
    expect(last).toMatchObject({
      action: 'adoption_request.expired',
      actor: 'system',
      fromState: 'APPROVED',
      toState: 'EXPIRED',
    });
    expect(await jobs.expireDue()).toBe(0);
  });

  it('sends approvals of a materially changed model back to review, and keeps the decision record as it was', async () => {
    const created = await policy.ok(`mutation { createAiModel(input: { name: "Field Model 2B", producer: "Example Lab",
      releaseLevel: DOWNLOADABLE, licenseName: "Apache-2.0", hostingOptions: [SELF_HOSTED] }) { ... on AiModel { id version } } }`);
    const model = created.createAiModel;
    const r = await awaitingDecision(clients(), model.id, 'LOW', 'Depends on Field Model');
    await act(approvers[0], CAST_DECISION, { id: r.id, input: approve(['monitor outputs monthly']) });
    const before = (await auditor.ok(DECISION_RECORD, { id: r.id })).decisionRecord;

    await policy.ok(
      `mutation($id: ID!) { updateAiModel(id: $id, input: { languages: ["en"] }, expectedVersion: 1) { __typename } }`,
      { id: model.id },
    );
    expect((await auditor.ok(GET_REQUEST, { id: r.id })).adoptionRequest.status).toBe('APPROVED');

    await policy.ok(
      `mutation($id: ID!) { updateAiModel(id: $id, input: { releaseLevel: CLOUD_API, licenseName: "Proprietary", hostingOptions: [VENDOR_API] },
        expectedVersion: 2) { __typename } }`,
      { id: model.id },
    );
    const view = (await auditor.ok(GET_REQUEST, { id: r.id })).adoptionRequest;
    expect(view).toMatchObject({ status: 'IN_REVIEW', revision: 2 });
    expect(view.statusReason).toMatch(/Field Model 2B changed materially \(.*releaseLevel.*\)/);
    expect(view.history[view.history.length - 1]).toMatchObject({
      action: 'adoption_request.returned_to_review',
      actor: 'system',
      fromState: 'APPROVED',
      toState: 'IN_REVIEW',
    });
    const after = (await auditor.ok(DECISION_RECORD, { id: r.id })).decisionRecord;
    expect(after).toEqual(before);
    expect(JSON.parse(after.snapshot).model.weightsAccess).toBe('OPEN');
    await expect(
      env.dataSource.query(`UPDATE decision_record SET outcome = 'REJECTED' WHERE id = $1`, [before.id]),
    ).rejects.toThrow(/immutable/);
  });

  it('keeps the audit chain valid through all of it', async () => {
    expect(await verifyAudit(env.app, 'demo')).toMatchObject({ exitCode: 0, output: { valid: true } });
    const rows = await env.dataSource.query(
      `SELECT e.* FROM audit_event e JOIN organisation o ON o.id = e.organisation_id WHERE o.slug = 'demo' ORDER BY seq`,
    );
    expect(rows.length).toBeGreaterThan(50);
    expect(
      verifyChain(
        rows.map((r: any) => ({
          ...r,
          seq: Number(r.seq),
          organisationId: r.organisation_id,
          occurredAt: r.occurred_at,
          actorId: r.actor_id,
          actorLabel: r.actor_label,
          actorRoles: r.actor_roles,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          fromState: r.from_state,
          toState: r.to_state,
          requestId: r.request_id,
          correlationId: r.correlation_id,
          previousHash: r.previous_hash,
        })),
      ).valid,
    ).toBe(true);
  });

  it('starts the review from the automatic pre-assessment, with its reasons and the EU AI Act class', async () => {
    const draft = await act(requester, CREATE_REQUEST, {
      input: {
        ...requestInput(await modelId(requester, 'GPT-4o'), 'Pre-assessed'),
        deploymentMode: 'VENDOR_API',
        dataSensitivity: 'SENSITIVE_PERSONAL',
      },
    });
    await act(requester, SUBMIT, { id: draft.id });
    await act(reviewer, START_REVIEW, { id: draft.id });
    const { adoptionRequest } = await reviewer.ok(
      `query($id: ID!) { adoptionRequest(id: $id) { assessment { complete tier euAiActClass
        items { category likelihood impact source nistCategory reasons { code text } } } } }`,
      { id: draft.id },
    );
    const a = adoptionRequest.assessment;
    expect(a.complete).toBe(true);
    expect(a.items).toHaveLength(10);
    expect(a.items.every((i: { source: string }) => i.source === 'AUTO')).toBe(true);
    const dp = a.items.find((i: { category: string }) => i.category === 'DATA_PROTECTION');
    expect(dp.reasons.map((r: { code: string }) => r.code)).toContain('VENDOR_API_SENSITIVE_DATA');
    expect(dp.nistCategory).toBe('Data Privacy');
    expect(a.euAiActClass).toBeTruthy();
    // Accepting the automatic assessment as it is completes the review at its tier.
    const done = await act(reviewer, COMPLETE_REVIEW, { id: draft.id });
    expect(done).toMatchObject({ status: 'AWAITING_DECISION', tier: a.tier });
  });
});

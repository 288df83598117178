import {
  act,
  awaitingDecision,
  CAST_DECISION,
  CREATE_REQUEST,
  DECISION_RECORD,
  GET_REQUEST,
  GraphqlClient,
  modelId,
  requestInput,
  SUBMIT,
} from '@app/testing';
import { ConsoleHarness, ConsoleWindow, startConsole } from './console-support';

/**
 * The reviewer's and the approvers' journey in Chromium: the reviewer finds a submitted request in their
 * queue, starts the review, changes a risk (refused without a justification, the message beside that field;
 * then saved with one), completes the review; two approvers in their own windows approve, one with a
 * condition, and the request ends APPROVED with its decision record shown and checked through the API. The
 * requester of a request awaiting decision sees no voting controls, and a vote forged with their token is
 * refused with the request unchanged.
 */
describe('web console: review and decision', () => {
  let harness: ConsoleHarness;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let auditor: GraphqlClient;
  let mistral: string;

  beforeAll(async () => {
    harness = await startConsole();
    requester = await harness.env.as('requester');
    reviewer = await harness.env.as('reviewer');
    auditor = await harness.env.as('auditor');
    mistral = await modelId(requester, 'Mistral 7B v0.1');
  });
  afterAll(async () => harness?.close());

  /** axe on the screen as it rests: the pointer moved off the link or button it last clicked (hover colours). */
  async function expectAccessible(w: ConsoleWindow, screen: string) {
    await w.page.mouse.move(1300, 880);
    await w.expectAccessible(screen);
  }

  /** Opens the request from the signed-in person's queue, by its title. */
  async function openFromQueue(w: ConsoleWindow, title: string) {
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My queue' }).click();
    await w.page.getByRole('heading', { level: 1, name: 'My queue' }).waitFor();
    await w.page.getByRole('link', { name: title }).click();
    await w.page.getByRole('heading', { level: 1, name: new RegExp(title) }).waitFor();
  }

  /** Approves as the window's approver, from the queue, with the conditions given. */
  async function approve(w: ConsoleWindow, title: string, rationale: string, conditions: string[]) {
    await openFromQueue(w, title);
    const page = w.page;
    await page.getByRole('heading', { level: 2, name: 'Your vote' }).waitFor();
    await page.getByRole('radio', { name: 'Approve' }).check();
    await page.getByRole('textbox', { name: 'Rationale' }).fill(rationale);
    for (const c of conditions) {
      await page.getByRole('textbox', { name: 'New condition' }).fill(c);
      await page.getByRole('button', { name: 'Add condition' }).click();
      await page.getByRole('listitem').filter({ hasText: c }).waitFor();
    }
  }

  it('takes a request from the queue through review and two approvals to a frozen decision record', async () => {
    const title = 'Malaria triage assistant';
    const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, title) });
    expect((await act(requester, SUBMIT, { id: draft.id })).status).toBe('SUBMITTED');

    // The reviewer: queue, request page, start review.
    const w = await harness.open();
    await w.signIn('reviewer');
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My queue' }).click();
    const row = w.page.getByRole('row').filter({ hasText: title });
    await row.waitFor();
    await row.getByText('A reviewer to start the review').waitFor();
    expect(await row.getByText(draft.reference).count()).toBe(1);
    await expectAccessible(w, 'queue');
    await w.shot('queue');

    await row.getByRole('link', { name: title }).click();
    await w.page.getByRole('heading', { level: 1, name: `${draft.reference} · ${title}` }).waitFor();
    await w.page.getByRole('heading', { level: 2, name: 'Automatic pre-assessment' }).waitFor();
    await w.page.getByRole('table', { name: 'Automatic pre-assessment' }).getByText('Bias', { exact: true }).waitFor();
    await expectAccessible(w, 'request before review');
    await w.page.getByRole('button', { name: 'Start review' }).click();
    await w.page.getByRole('heading', { level: 2, name: 'Assess the risks' }).waitFor();
    await w.page.getByText('Status: In review', { exact: true }).waitFor();

    // Raise BIAS from likelihood 3 to 5 (before and after mitigation): HIGH, which needs two approvals.
    await w.page.getByRole('button', { name: /^Bias:/ }).click();
    const bias = w.page.getByRole('region', { name: /^Bias:/ });
    await bias
      .getByRole('radiogroup', { name: 'Likelihood', exact: true })
      .getByRole('radio', { name: '5 almost certain' })
      .check();
    await bias
      .getByRole('radiogroup', { name: 'Residual likelihood' })
      .getByRole('radio', { name: '5 almost certain' })
      .check();
    await bias.getByText('Score 5 × 2 = 10').first().waitFor();
    await w.page.getByRole('button', { name: 'Save assessment' }).click();
    // Refused: the API's message stands next to the justification field.
    const justification = bias.getByRole('textbox', { name: 'Justification' });
    await bias.getByText(/BIAS differs from the automatic assessment in likelihood \(sent 5, automatic 3\)/).waitFor();
    expect(await justification.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await justification.getAttribute('aria-describedby')) ?? '';
    const described = await Promise.all(
      describedBy
        .split(' ')
        .filter(Boolean)
        .map((id) => w.page.locator(`[id="${id}"]`).textContent()),
    );
    expect(described.join(' ')).toMatch(/say why in justification/);
    // Beside the button only a pointer to the fields, not the same message again.
    await w.page.getByText('The messages stand next to the fields they concern.').waitFor();
    await expectAccessible(w, 'assessment editor with an error');
    await w.shot('assessment-editor');

    await justification.fill('Teachers in rural districts use local languages the model handles poorly');
    await bias.getByRole('textbox', { name: 'Mitigation' }).fill('Pilot in two districts with language checks');
    await w.page.getByRole('button', { name: 'Save assessment' }).click();
    await w.page.getByText('Saved. The assessment above shows what was recorded.').waitFor();
    await w.page.getByText('Tier: High').first().waitFor();
    const saved = (await reviewer.ok(GET_REQUEST, { id: draft.id })).adoptionRequest;
    expect(saved.assessment.items.find((i: { category: string }) => i.category === 'BIAS')).toMatchObject({
      likelihood: 5,
      residualLikelihood: 5,
      source: 'ASSESSOR',
    });
    await w.shot('review-page', { readme: true });

    await w.page.getByRole('button', { name: 'Complete review' }).click();
    await w.page.getByText('Status: Awaiting decision', { exact: true }).waitFor();
    await w.page.getByText('0 of 2 approvals').first().waitFor();
    // The reviewer assessed this revision: no vote for them.
    expect(await w.page.getByRole('radio', { name: 'Approve' }).count()).toBe(0);
    await expectAccessible(w, 'request after review');

    // Approver 1 approves with a condition.
    const condition = 'Re-evaluate bias with teachers in each new district before extending the pilot';
    const w1 = await harness.open();
    await w1.signIn('approver1');
    await approve(w1, title, 'Benefits for teachers outweigh the residual risks', [condition]);
    await w1.page.getByText('0 of 2 approvals').first().waitFor();
    await expectAccessible(w1, 'voting');
    await w1.shot('voting');
    await w1.page.getByRole('button', { name: 'Record my vote: Approve' }).click();
    await w1.page.getByText('1 of 2 approvals').first().waitFor();
    await w1.page.getByText('1 more approval needed, each from a different approver.').waitFor();
    const votes = w1.page.getByRole('table', { name: 'Votes so far' });
    await votes.getByText(condition).waitFor();
    await votes.getByText('You (approver1@example.org)').waitFor();
    // Voted once: the form is gone and the API's reason is said instead.
    await w1.page.getByText(/You cannot vote on this request/).waitFor();
    expect(await w1.page.getByRole('button', { name: /Record my vote/ }).count()).toBe(0);

    // Approver 2 approves: the quorum is met.
    const w2 = await harness.open();
    await w2.signIn('approver2');
    await approve(w2, title, 'Data stay on the ministry servers', []);
    await w2.page.getByText('1 of 2 approvals').first().waitFor();
    await w2.page.getByRole('button', { name: 'Record my vote: Approve' }).click();
    await w2.page.getByText('Status: Approved', { exact: true }).waitFor();
    const record = w2.page.getByRole('table', { name: 'Decision record', exact: true });
    await record.waitFor();
    await record.getByText(condition).waitFor();
    await record.getByText('High', { exact: true }).waitFor();
    await record.getByText(/^[0-9a-f]{64}$/).waitFor();
    const recorded = w2.page.getByRole('table', { name: 'Votes in the decision record' });
    await recorded.getByText('approver1@example.org').waitFor();
    await recorded.getByText('You (approver2@example.org)').waitFor();
    await expectAccessible(w2, 'decision record');
    await w2.shot('decision-record');

    // The API agrees.
    const done = (await auditor.ok(GET_REQUEST, { id: draft.id })).adoptionRequest;
    expect(done).toMatchObject({ status: 'APPROVED', tier: 'HIGH', conditions: [condition] });
    expect(done.votes).toHaveLength(2);
    expect(done.votes.map((v: { vote: string }) => v.vote)).toEqual(['APPROVE', 'APPROVE']);
    expect(done.votes.map((v: { conditions: string[] }) => v.conditions)).toEqual([[condition], []]);
    expect(done.approvalProgress).toMatchObject({ approvals: 2, quorum: 2 });
    const frozen = (await auditor.ok(DECISION_RECORD, { id: draft.id })).decisionRecord;
    expect(frozen.outcome).toBe('APPROVED');
    expect(JSON.parse(frozen.snapshot).conditions).toEqual([condition]);

    for (const x of [w, w1, w2]) {
      expect(x.problems).toEqual([]);
      expect(x.foreignRequests).toEqual([]);
    }
  }, 600_000);

  it('shows the requester no voting controls, and refuses a vote forged with their token', async () => {
    const r = await awaitingDecision({ requester, reviewer }, mistral, 'HIGH', 'Requester may not vote');
    const w = await harness.open();
    await w.signIn('requester');
    await w.goto(`/requests/${r.id}`);
    await w.page.getByRole('heading', { level: 1, name: /Requester may not vote/ }).waitFor();
    await w.page.getByText('Status: Awaiting decision', { exact: true }).waitFor();
    await w.page.getByRole('heading', { level: 2, name: 'Approval progress' }).waitFor();
    expect(await w.page.getByRole('button', { name: /approve/i }).count()).toBe(0);
    expect(await w.page.getByRole('radio', { name: /approve/i }).count()).toBe(0);
    expect(await w.page.getByRole('heading', { name: 'Your vote' }).count()).toBe(0);
    expect(await w.page.getByRole('button', { name: 'Start review' }).count()).toBe(0);
    expect(await w.page.getByRole('button', { name: 'Save assessment' }).count()).toBe(0);

    const before = (await auditor.ok(GET_REQUEST, { id: r.id })).adoptionRequest;
    const forged = await requester.request(CAST_DECISION, {
      id: r.id,
      input: { vote: 'APPROVE', rationale: 'approving my own request', conditions: [] },
    });
    const refused =
      (forged.errors?.length ?? 0) > 0 ||
      (forged.data as { r?: { __typename?: string } } | null | undefined)?.r?.__typename !== 'AdoptionRequest';
    expect(refused).toBe(true);
    expect(forged.errors?.[0]?.extensions?.code ?? (forged.data as { r: { errorCode: string } }).r.errorCode).toMatch(
      /FORBIDDEN|SEPARATION_OF_DUTIES/,
    );
    const after = (await auditor.ok(GET_REQUEST, { id: r.id })).adoptionRequest;
    expect(after).toEqual(before);
    expect(after.votes).toEqual([]);

    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  }, 300_000);
});

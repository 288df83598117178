import {
  act,
  assessmentInput,
  COMPLETE_REVIEW,
  createTestEnvironment,
  CREATE_REQUEST,
  GraphqlClient,
  modelId,
  requestInput,
  SAVE_ASSESSMENT,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
} from '@app/testing';

const COMPARE = `query($id: ID!, $models: [ID!]!) { compareOptions(requestId: $id, modelIds: $models) {
  model { name weightsAccess } scored blocked requiredExpertise requiredConditions
  items { category likelihood impact reasons { code text } } findings { title effect } } }`;
const PROGRESS = `query($id: ID!) { adoptionRequest(id: $id) { status approvalProgress { requiredConditions } } }`;
const UPDATE_ORGANISATION = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { id monthlyActiveUsers } }`;
const MY_ORGANISATION = `{ me { organisation { monthlyActiveUsers } } }`;

interface Item {
  category: string;
  likelihood: number;
  impact: number;
  reasons: Array<{ code: string; text: string }>;
}
const item = (option: { items: Item[] }, category: string): Item => option.items.find((i) => i.category === category)!;
const codes = (option: { items: Item[] }, category: string) => item(option, category).reasons.map((r) => r.code);

/** The adopter's side of misuse, licensee-wide user thresholds and the facts that move LOCAL_FIT and DATA_PROTECTION. */
describe('adopter-side risk (e2e)', () => {
  let env: TestEnvironment;
  let admin: GraphqlClient;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let mistral: string;
  let llama3: string;
  let geminiPro: string;
  let llama31: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    [admin, requester, reviewer] = await Promise.all([env.as('admin'), env.as('requester'), env.as('reviewer')]);
    [mistral, llama3, geminiPro, llama31] = await Promise.all([
      modelId(requester, 'Mistral 7B v0.1'),
      modelId(requester, 'Llama 3 8B Instruct'),
      modelId(requester, 'Gemini 1.5 Pro'),
      modelId(requester, 'Llama 3.1 8B Instruct'),
    ]);
  });
  afterAll(() => env?.close());

  const draft = (model: string, title: string, over: Record<string, unknown> = {}) =>
    act(requester, CREATE_REQUEST, { input: { ...requestInput(model, title), ...over } });
  const compare = async (id: string, models: string[]) => (await requester.ok(COMPARE, { id, models })).compareOptions;

  it('asks self-hosted open weights in a public, fine-tuned use for guardrails and a safety re-evaluation', async () => {
    const r = await draft(mistral, 'Public helpline', { publicFacing: true, intendedAdaptation: 'FINE_TUNING' });
    const [open] = await compare(r.id, [mistral]);
    expect(codes(open, 'MISUSE')).toEqual(
      expect.arrayContaining([
        'SELF_HOSTED_NO_PROVIDER_MODERATION',
        'FINE_TUNING_ERODES_SAFETY',
        'PUBLIC_FACING_MISUSE',
      ]),
    );
    expect(codes(open, 'MISUSE')).not.toContain('OPEN_WEIGHTS_IRREVOCABLE');
    expect(open.requiredExpertise).toContain('SECURITY');
    expect(open.requiredConditions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Output filtering and guardrails run in front of the self-hosted model/),
        expect.stringMatching(/^The fine-tuned model’s safety is evaluated again/),
      ]),
    );
    // Every item explains itself, including those no fact moved.
    for (const i of open.items as Item[]) expect(i.reasons.length).toBeGreaterThan(0);
  });

  it('carries the guardrail condition through review to the approval progress', async () => {
    const r = await draft(mistral, 'Public information service', { publicFacing: true });
    await act(requester, SUBMIT, { id: r.id });
    await act(reviewer, START_REVIEW, { id: r.id });
    await act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: assessmentInput('LOW') });
    await act(reviewer, COMPLETE_REVIEW, { id: r.id });
    const { adoptionRequest } = await requester.ok(PROGRESS, { id: r.id });
    expect(adoptionRequest.status).toBe('AWAITING_DECISION');
    expect(adoptionRequest.approvalProgress.requiredConditions).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Output filtering and guardrails/)]),
    );
    expect(adoptionRequest.approvalProgress.requiredConditions.join(' ')).not.toMatch(/fine-tuned model/);
  });

  it('asks for the marginal-risk analysis for gated weights with high misuse risk', async () => {
    const r = await draft(llama3, 'Gated model, misuse analysis');
    await act(requester, SUBMIT, { id: r.id });
    await act(reviewer, START_REVIEW, { id: r.id });
    const { marginalRisk: _omitted, ...withoutAnalysis } = assessmentInput('LOW');
    await act(reviewer, SAVE_ASSESSMENT, { id: r.id, input: withoutAnalysis });
    const refused = await act(reviewer, COMPLETE_REVIEW, { id: r.id });
    expect(refused.__typename).toBe('ValidationError');
    expect(refused.fieldErrors[0]).toEqual({
      field: 'marginalRisk.threat',
      message:
        'open or gated weights with HIGH or CRITICAL misuse risk need the marginal-risk analysis (Kapoor et al. 2024)',
    });
  });

  it('points a closed Gemini model to its gated Gemma siblings, flagged as gated', async () => {
    const r = await draft(geminiPro, 'Hybrid family', { deploymentMode: 'VENDOR_API' });
    const [closed] = await compare(r.id, [geminiPro]);
    const alternative = item(closed, 'PROVIDER_DEPENDENCY').reasons.find((x) => x.code === 'FAMILY_OPEN_ALTERNATIVE');
    expect(alternative?.text).toMatch(/Gemma 2 \w+ IT \(gated\)/);
    expect(alternative?.text).toMatch(/once the producer grants access/);
  });

  it('raises LOCAL_FIT more for a missing primary language than for a missing secondary one', async () => {
    // Llama 3.1 documents eight languages, Hausa not among them.
    const primary = await draft(llama31, 'Hausa first', { languages: ['ha', 'en'], publicFacing: true });
    const secondary = await draft(llama31, 'Hausa second', { languages: ['en', 'ha'], publicFacing: true });
    const [p] = await compare(primary.id, [llama31]);
    const [s] = await compare(secondary.id, [llama31]);
    expect(codes(p, 'LOCAL_FIT')).toEqual(
      expect.arrayContaining(['PRIMARY_LANGUAGE_NOT_SUPPORTED', 'PRIMARY_LANGUAGE_PEOPLE_DEPEND']),
    );
    expect(codes(s, 'LOCAL_FIT')).toEqual(['LANGUAGE_NOT_SUPPORTED']);
    expect(item(p, 'LOCAL_FIT').likelihood).toBeGreaterThan(item(s, 'LOCAL_FIT').likelihood);
    expect(item(p, 'LOCAL_FIT').impact).toBeGreaterThan(item(s, 'LOCAL_FIT').impact);
  });

  it("raises the impact of displaced people's personal data in a humanitarian use", async () => {
    const r = await draft(mistral, 'Registration support', {
      sector: 'HUMANITARIAN',
      dataSensitivity: 'PERSONAL',
      affectedPopulation: 'Refugees and asylum seekers registering for assistance',
    });
    const [open] = await compare(r.id, [mistral]);
    expect(item(open, 'DATA_PROTECTION').impact).toBeGreaterThanOrEqual(4);
    expect(codes(open, 'DATA_PROTECTION')).toContain('HUMANITARIAN_PERSONAL_DATA_IMPACT');
  });

  describe("the organisation's monthly active users", () => {
    it('are recorded by an ORG_ADMIN only, audited; omitted keeps them and null clears them', async () => {
      expect(await requester.errorCode(UPDATE_ORGANISATION, { input: { monthlyActiveUsers: 5 } })).toBe('FORBIDDEN');
      expect((await admin.ok(MY_ORGANISATION)).me.organisation.monthlyActiveUsers).toBeNull();
      const set = (await admin.ok(UPDATE_ORGANISATION, { input: { monthlyActiveUsers: 1_200_000 } }))
        .updateOrganisation;
      expect(set.monthlyActiveUsers).toBe(1_200_000);
      const kept = (await admin.ok(UPDATE_ORGANISATION, { input: {} })).updateOrganisation;
      expect(kept.monthlyActiveUsers).toBe(1_200_000);
      expect(await admin.errorCode(UPDATE_ORGANISATION, { input: { monthlyActiveUsers: -1 } })).toBe('BAD_USER_INPUT');
      const cleared = (await admin.ok(UPDATE_ORGANISATION, { input: { monthlyActiveUsers: null } })).updateOrganisation;
      expect(cleared.monthlyActiveUsers).toBeNull();
      const audit = await env.dataSource.query(
        `SELECT payload FROM audit_event WHERE action = 'organisation.updated' AND subject_id = $1 ORDER BY seq`,
        [set.id],
      );
      expect(audit.map((a: { payload: unknown }) => a.payload)).toEqual([
        { changes: { monthlyActiveUsers: { from: null, to: 1_200_000 } } },
        { changes: { monthlyActiveUsers: { from: 1_200_000, to: null } } },
      ]);
    });

    it("are what Llama's 700M threshold is compared with, and say so", async () => {
      const r = await draft(llama3, 'Small use in a large organisation', { expectedUsers: 3_000 });
      const [before] = await compare(r.id, [llama3]);
      expect(before.blocked).toBe(false);
      expect(item(before, 'LICENSE_COMPLIANCE').reasons.find((x) => x.code === 'USER_THRESHOLD_BELOW')?.text).toMatch(
        /this request's users are only a lower bound: record the organisation's figure/,
      );
      await admin.ok(UPDATE_ORGANISATION, { input: { monthlyActiveUsers: 800_000_000 } });
      try {
        const [after] = await compare(r.id, [llama3]);
        expect(after.blocked).toBe(true);
        expect(after.findings).toContainEqual({
          title: "Monthly active users above the licence's user threshold",
          effect: 'BLOCK',
        });
        expect(item(after, 'LICENSE_COMPLIANCE').reasons.find((x) => x.code === 'USER_THRESHOLD_EXCEEDED')?.text).toBe(
          "the organisation's monthly active users 800M (recorded for the organisation) above the licence's 700M threshold; the clause counts the licensee's monthly active users across all its products and services",
        );
      } finally {
        await admin.ok(UPDATE_ORGANISATION, { input: { monthlyActiveUsers: null } });
      }
    });
  });
});

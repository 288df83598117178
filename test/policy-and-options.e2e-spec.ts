import {
  act,
  assessmentInput,
  awaitingDecision,
  CAST_DECISION,
  COMPLETE_REVIEW,
  createTestEnvironment,
  CREATE_REQUEST,
  DECISION_RECORD,
  DemoUser,
  GraphqlClient,
  modelId,
  requestInput,
  SAVE_ASSESSMENT,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
} from '@app/testing';
import { RequestContext, ValidationError } from '@app/core';
import { OrganisationService } from '@app/identity';
import { Db } from '@app/persistence';
import { BASELINE_POLICY_NAME, BASELINE_POLICY_RULES, PolicyService } from '@app/policy';
import { baselineDraft } from '../apps/cli/src/commands/commands';

const POLICY = `id name published { number status rules { id title effect } } draft { number status } versions { number status }`;
const POLICY_RESULT = `__typename ... on Policy { ${POLICY} } ... on ErrorResult { errorCode message } ... on ValidationError { fieldErrors { field message } }`;
const CREATE_POLICY = `mutation($input: CreatePolicyInput!) { r: createPolicy(input: $input) { ${POLICY_RESULT} } }`;
const SAVE_DRAFT = `mutation($id: ID!, $rules: [PolicyRuleInput!]!) { r: savePolicyDraft(policyId: $id, rules: $rules) { ${POLICY_RESULT} } }`;
const PUBLISH = `mutation($id: ID!) { r: publishPolicyVersion(policyId: $id) { ${POLICY_RESULT} } }`;
const POLICIES = `{ policies { ${POLICY} } }`;
const EVALUATE = `query($id: ID!) { evaluatePolicies(requestId: $id) { ruleId title effect message } }`;
const COMPARE = `query($id: ID!, $models: [ID!]!) { compareOptions(requestId: $id, modelIds: $models) {
  model { name weightsAccess } deploymentMode feasibility { status reasons { code field status text } } scored
  tier quorum requiredExpertise requiredConditions blocked
  items { category likelihood impact score nistCategory reasons { code text } } findings { ruleId title effect message } } }`;

const rule = (over: Record<string, unknown> = {}) => ({
  title: 'Agriculture is out of scope',
  description: 'test rule',
  condition: 'request.sector == "AGRICULTURE"',
  effect: 'BLOCK',
  text: 'Agricultural uses are not covered by this programme',
  ...over,
});

describe('policies and options (e2e)', () => {
  let env: TestEnvironment;
  let policyAdmin: GraphqlClient;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let mistral: string;
  let gpt4o: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    [policyAdmin, requester, reviewer] = await Promise.all([env.as('policy'), env.as('requester'), env.as('reviewer')]);
    mistral = await modelId(requester, 'Mistral 7B v0.1');
    gpt4o = await modelId(requester, 'GPT-4o');
  });
  afterAll(() => env?.close());

  describe('policy versions', () => {
    it('starts every organisation with the published baseline policy', async () => {
      const { policies } = await requester.ok(POLICIES);
      expect(policies).toHaveLength(1);
      expect(policies[0]).toMatchObject({
        name: 'Open and closed model baseline',
        published: { number: 1, status: 'PUBLISHED' },
        draft: null,
      });
      expect(policies[0].published.rules.length).toBeGreaterThanOrEqual(8);
    });

    it('creates, drafts, publishes and retires versions, one published at a time', async () => {
      const created = await act(policyAdmin, CREATE_POLICY, {
        input: { name: 'Scope', description: 'What the programme covers' },
      });
      expect(created).toMatchObject({ __typename: 'Policy', published: null, draft: null });
      const drafted = await act(policyAdmin, SAVE_DRAFT, { id: created.id, rules: [rule()] });
      expect(drafted.draft).toMatchObject({ number: 1, status: 'DRAFT' });
      const v1 = await act(policyAdmin, PUBLISH, { id: created.id });
      expect(v1).toMatchObject({ published: { number: 1, status: 'PUBLISHED' }, draft: null });
      await act(policyAdmin, SAVE_DRAFT, { id: created.id, rules: [rule({ condition: 'request.sector == "OTHER"' })] });
      const v2 = await act(policyAdmin, PUBLISH, { id: created.id });
      expect(v2.published.number).toBe(2);
      expect(v2.versions).toEqual([
        { number: 2, status: 'PUBLISHED' },
        { number: 1, status: 'RETIRED' },
      ]);
      expect(await act(policyAdmin, PUBLISH, { id: created.id })).toMatchObject({ __typename: 'ValidationError' });
      const audit = await env.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [
        created.id,
      ]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'policy.created',
        'policy.draft_saved',
        'policy.published',
        'policy.draft_saved',
        'policy.published',
      ]);
    });

    it.each([
      ['a syntax error, with its position', { condition: 'request.sector == ' }, /line 1, column \d+/],
      ['an unknown field', { condition: 'model.colour == "red"' }, /colour/],
      ['a non-boolean condition', { condition: 'request.expectedUsers + 1' }, /bool/],
      ['a missing expertise', { effect: 'REQUIRE_EXPERTISE', text: null }, /expertise/],
      ['a missing tier', { effect: 'MIN_TIER', text: null }, /tier/],
    ])('refuses a rule with %s as VALIDATION, saving nothing', async (_case, change, message) => {
      const { policies } = await policyAdmin.ok(POLICIES);
      const baseline = policies.find((p: { name: string }) => p.name === 'Open and closed model baseline');
      const res = await act(policyAdmin, SAVE_DRAFT, { id: baseline.id, rules: [rule(change)] });
      expect(res).toMatchObject({ __typename: 'ValidationError', errorCode: 'VALIDATION' });
      expect(res.fieldErrors[0].field).toMatch(/^rules\[0\]\./);
      expect(res.message).toMatch(message);
      expect(
        (await policyAdmin.ok(POLICIES)).policies.find((p: { id: string }) => p.id === baseline.id).draft,
      ).toBeNull();
    });

    it.each<DemoUser>(['admin', 'requester', 'reviewer', 'approver1', 'auditor'])(
      'refuses policy changes to %s',
      async (user) => {
        const client = await env.as(user);
        const { policies } = await client.ok(POLICIES);
        expect(await client.errorCode(CREATE_POLICY, { input: { name: `By ${user}` } })).toBe('FORBIDDEN');
        expect(await client.errorCode(SAVE_DRAFT, { id: policies[0].id, rules: [rule()] })).toBe('FORBIDDEN');
        expect(await client.errorCode(PUBLISH, { id: policies[0].id })).toBe('FORBIDDEN');
      },
    );
  });

  describe('policies at work', () => {
    it('refuses submission with PolicyBlockedError listing the BLOCK findings', async () => {
      const created = await act(policyAdmin, CREATE_POLICY, { input: { name: 'No fishing' } });
      await act(policyAdmin, SAVE_DRAFT, {
        id: created.id,
        rules: [
          rule({
            title: 'Fisheries are out of scope',
            condition: 'request.useCase.contains("fish")',
            text: 'Fisheries uses are not covered',
          }),
        ],
      });
      await act(policyAdmin, PUBLISH, { id: created.id });
      const draft = await act(requester, CREATE_REQUEST, {
        input: { ...requestInput(mistral, 'Fish stock advice'), useCase: 'Advise fishermen about fish stocks' },
      });
      const findings = (await requester.ok(EVALUATE, { id: draft.id })).evaluatePolicies;
      expect(findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ effect: 'BLOCK', message: 'Fisheries uses are not covered' }),
        ]),
      );
      const res = await requester.ok(
        `mutation($id: ID!) { r: submitAdoptionRequest(id: $id) { __typename ... on PolicyBlockedError { errorCode message findings { title effect message } } } }`,
        { id: draft.id },
      );
      expect(res.r).toMatchObject({ __typename: 'PolicyBlockedError', errorCode: 'POLICY_BLOCKED' });
      expect(res.r.findings).toEqual([
        expect.objectContaining({ title: 'Fisheries are out of scope', effect: 'BLOCK' }),
      ]);
      expect(
        (await requester.ok(`query($id: ID!) { adoptionRequest(id: $id) { status } }`, { id: draft.id }))
          .adoptionRequest.status,
      ).toBe('DRAFT');
    });

    it('refuses a use the EU AI Act prohibits', async () => {
      const draft = await act(requester, CREATE_REQUEST, {
        input: {
          ...requestInput(mistral, 'Citizen score'),
          useCase: 'Social scoring of citizens to rank their trustworthiness for public benefits',
        },
      });
      const res = await act(requester, SUBMIT, { id: draft.id });
      expect(res).toMatchObject({ __typename: 'PolicyBlockedError' });
      expect(res.message).toMatch(/prohibited|Article 5/i);
    });

    it('REQUIRE_EXPERTISE changes who must approve', async () => {
      const created = await act(policyAdmin, CREATE_POLICY, { input: { name: 'Legal sign-off for schools' } });
      await act(policyAdmin, SAVE_DRAFT, {
        id: created.id,
        rules: [
          rule({
            title: 'Schools need legal sign-off',
            condition: 'request.sector == "EDUCATION"',
            effect: 'REQUIRE_EXPERTISE',
            expertise: 'LEGAL',
            text: null,
          }),
        ],
      });
      await act(policyAdmin, PUBLISH, { id: created.id });
      const r = await awaitingDecision({ requester, reviewer }, mistral, 'LOW', 'Needs a lawyer');
      expect(r.requiredExpertise).toEqual(['LEGAL']);
      const approve = { vote: 'APPROVE', rationale: 'fine', conditions: [] };
      const afterSecurity = await act(await env.as('approver1'), CAST_DECISION, { id: r.id, input: approve });
      expect(afterSecurity).toMatchObject({
        status: 'AWAITING_DECISION',
        approvalProgress: { approvals: 1, missingApprovals: 0, missingExpertise: ['LEGAL'] },
      });
      const afterLegal = await act(await env.as('approver2'), CAST_DECISION, { id: r.id, input: approve });
      expect(afterLegal.status).toBe('APPROVED');
      // Later policy changes do not alter the decision record.
      const before = (await requester.ok(DECISION_RECORD, { id: r.id })).decisionRecord;
      await act(policyAdmin, SAVE_DRAFT, {
        id: created.id,
        rules: [rule({ condition: 'request.sector == "HEALTH"' })],
      });
      await act(policyAdmin, PUBLISH, { id: created.id });
      expect((await requester.ok(DECISION_RECORD, { id: r.id })).decisionRecord).toEqual(before);
      const versions = JSON.parse(before.snapshot).policy.policyVersions.map(
        (v: { name: string; version: number }) => `${v.name} v${v.version}`,
      );
      expect(versions).toContain('Legal sign-off for schools v1');
    });

    it('asks for the marginal-risk analysis for open weights with high misuse risk', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Misuse analysis') });
      await act(requester, SUBMIT, { id: draft.id });
      await act(reviewer, START_REVIEW, { id: draft.id });
      const { marginalRisk: _omitted, ...withoutAnalysis } = assessmentInput('LOW');
      await act(reviewer, SAVE_ASSESSMENT, { id: draft.id, input: withoutAnalysis });
      const refused = await act(reviewer, COMPLETE_REVIEW, { id: draft.id });
      expect(refused.__typename).toBe('ValidationError');
      expect(refused.fieldErrors.map((f: { field: string }) => f.field)).toEqual([
        'marginalRisk.threat',
        'marginalRisk.existingRisk',
        'marginalRisk.existingDefences',
        'marginalRisk.marginalRiskEvidence',
        'marginalRisk.easeOfDefence',
        'marginalRisk.uncertainty',
      ]);
    });
  });

  describe('compareOptions', () => {
    it('keeps the requested deployment mode: a model that does not offer it is INFEASIBLE and not scored', async () => {
      const draft = await act(requester, CREATE_REQUEST, {
        input: {
          ...requestInput(mistral, 'Health records assistant'),
          sector: 'HEALTH',
          dataSensitivity: 'SENSITIVE_PERSONAL',
          intendedAdaptation: 'FINE_TUNING',
          languages: ['sw'],
        },
      });
      const [open, closed] = (await requester.ok(COMPARE, { id: draft.id, models: [mistral, gpt4o] })).compareOptions;
      expect(open).toMatchObject({
        model: { name: 'Mistral 7B v0.1', weightsAccess: 'OPEN' },
        deploymentMode: 'SELF_HOSTED',
        feasibility: { status: 'FEASIBLE' },
        scored: true,
      });
      expect(open.items).toHaveLength(10);
      expect(open.items.every((i: { reasons: unknown[] }) => i.reasons.length > 0)).toBe(true);
      expect(open.items.find((i: { category: string }) => i.category === 'DATA_PROTECTION').nistCategory).toBe(
        'Data Privacy',
      );
      expect(closed).toMatchObject({
        model: { name: 'GPT-4o', weightsAccess: 'CLOSED' },
        deploymentMode: 'SELF_HOSTED',
        feasibility: { status: 'INFEASIBLE' },
        scored: false,
        tier: null,
        quorum: null,
        items: [],
        findings: [],
        requiredExpertise: [],
      });
      expect(closed.feasibility.reasons).toContainEqual({
        code: 'DEPLOYMENT_MODE_NOT_OFFERED',
        field: 'deploymentMode',
        status: 'INFEASIBLE',
        text: 'SELF_HOSTED is not offered for GPT-4o, which is offered only as VENDOR_API',
      });
    });

    it('scores a vendor API option with the data leaving the organisation, and says so', async () => {
      const draft = await act(requester, CREATE_REQUEST, {
        input: {
          ...requestInput(gpt4o, 'Health records assistant through an API'),
          sector: 'HEALTH',
          deploymentMode: 'VENDOR_API',
          dataSensitivity: 'SENSITIVE_PERSONAL',
          dataResidency: ['EEA', 'CH'],
        },
      });
      const [closed, open] = (await requester.ok(COMPARE, { id: draft.id, models: [gpt4o, mistral] })).compareOptions;
      expect(closed).toMatchObject({ deploymentMode: 'VENDOR_API', feasibility: { status: 'FEASIBLE' }, scored: true });
      expect(closed.feasibility.reasons).toContainEqual(
        expect.objectContaining({ field: 'dataResidency', status: 'FEASIBLE', text: expect.stringMatching(/Europe/) }),
      );
      const dataProtection = closed.items.find((i: { category: string }) => i.category === 'DATA_PROTECTION');
      expect(dataProtection.reasons.map((r: { code: string }) => r.code)).toContain('VENDOR_API_SENSITIVE_DATA');
      expect(closed.requiredExpertise).toContain('DATA_PROTECTION');
      expect(closed.requiredConditions.join(' ')).toMatch(/processing agreement/i);
      expect(closed.quorum).toBeGreaterThanOrEqual(1);
      expect(open).toMatchObject({
        deploymentMode: 'VENDOR_API',
        feasibility: { status: 'INFEASIBLE' },
        scored: false,
      });
    });

    it('judges each option with the mode the comparison names for it, and says when that is not the requested one', async () => {
      const draft = await act(requester, CREATE_REQUEST, {
        input: {
          ...requestInput(mistral, 'Open self-hosted beside closed through its API'),
          sector: 'HEALTH',
          dataSensitivity: 'SENSITIVE_PERSONAL',
          dataResidency: ['EEA', 'CH'],
        },
      });
      const COMPARE_OPTIONS = COMPARE.replace(
        'query($id: ID!, $models: [ID!]!) { compareOptions(requestId: $id, modelIds: $models) {',
        'query($id: ID!, $models: [ID!], $options: [CompareOptionInput!]) { compareOptions(requestId: $id, modelIds: $models, options: $options) { deploymentModeAsRequested',
      );
      const [open, closed, closedAsRequested] = (
        await requester.ok(COMPARE_OPTIONS, {
          id: draft.id,
          models: [mistral],
          options: [{ modelId: gpt4o, deploymentMode: 'VENDOR_API' }, { modelId: gpt4o }],
        })
      ).compareOptions;
      expect(open).toMatchObject({ deploymentMode: 'SELF_HOSTED', deploymentModeAsRequested: true, scored: true });
      expect(closed).toMatchObject({
        model: { name: 'GPT-4o' },
        deploymentMode: 'VENDOR_API',
        deploymentModeAsRequested: false,
        feasibility: { status: 'FEASIBLE' },
        scored: true,
      });
      // Judged with the API, the data leaves the organisation: the closed option is not scored as self-hosted.
      const dataProtection = closed.items.find((i: { category: string }) => i.category === 'DATA_PROTECTION');
      expect(dataProtection.reasons.map((r: { code: string }) => r.code)).toContain('VENDOR_API_SENSITIVE_DATA');
      expect(closedAsRequested).toMatchObject({
        deploymentMode: 'SELF_HOSTED',
        deploymentModeAsRequested: true,
        feasibility: { status: 'INFEASIBLE' },
        scored: false,
      });
      expect(await requester.errorCode(COMPARE_OPTIONS, { id: draft.id, options: [{ modelId: 'not-a-model' }] })).toBe(
        'NOT_FOUND',
      );
      expect(await requester.errorCode(COMPARE_OPTIONS, { id: draft.id, options: [] })).toBe('BAD_USER_INPUT');
    });

    it('says a draft without a deployment mode cannot be judged yet, instead of choosing one', async () => {
      const draft = await act(requester, CREATE_REQUEST, {
        input: { ...requestInput(mistral, 'No mode yet'), deploymentMode: null },
      });
      const [option] = (await requester.ok(COMPARE, { id: draft.id, models: [gpt4o] })).compareOptions;
      expect(option).toMatchObject({
        deploymentMode: null,
        feasibility: { status: 'UNKNOWN' },
        scored: false,
        tier: null,
      });
      expect(option.feasibility.reasons).toContainEqual(
        expect.objectContaining({ code: 'DEPLOYMENT_MODE_NOT_STATED', field: 'deploymentMode' }),
      );
    });

    it('refuses more than 10 models, and answers NOT_FOUND for another organisation', async () => {
      const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Too many options') });
      expect(
        await requester.errorCode(COMPARE, {
          id: draft.id,
          models: Array(11)
            .fill(0)
            .map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
        }),
      ).toBe('BAD_USER_INPUT');
      expect(await (await env.as('otherRequester')).errorCode(COMPARE, { id: draft.id, models: [mistral] })).toBe(
        'NOT_FOUND',
      );
    });
  });
  describe('bringing an older organisation up to the current baseline (npm run cli -- baseline-draft)', () => {
    /** The "other" organisation, as the operator command reaches it: a system context in a transaction. */
    const inOther = async <T>(work: (ctx: RequestContext) => Promise<T>): Promise<T> => {
      const db = env.app.get(Db);
      const base = db.context(`test-${Date.now()}`, null, null);
      const org = (await env.app.get(OrganisationService).findBySlug(base, 'other'))!;
      return db.transaction(RequestContext.system(base.requestId, base.em, org.id), work);
    };
    const versionsOfBaseline = () =>
      inOther(async (ctx) => {
        const policies = env.app.get(PolicyService);
        const [baseline] = (await policies.list(ctx)).filter((p) => p.name === BASELINE_POLICY_NAME);
        return policies.versions(ctx, baseline.id);
      });
    const titles = (rules: Array<{ title: string }>) => rules.map((r) => r.title);
    const current = BASELINE_POLICY_RULES.map((r) => r.title.trim());

    it('writes nothing while the published version holds the current rules', async () => {
      const before = await versionsOfBaseline();
      const result = await baselineDraft(env.app, 'other');
      expect(result).toMatchObject({ exitCode: 0, output: { outcome: 'UP_TO_DATE', version: before[0].number } });
      expect(await versionsOfBaseline()).toEqual(before);
    });

    it('saves the current rules as a draft over an older published version, and never overwrites a draft', async () => {
      // An organisation seeded before the last rule was added: its published version lacks that rule.
      await inOther(async (ctx) => {
        const policies = env.app.get(PolicyService);
        const [baseline] = (await policies.list(ctx)).filter((p) => p.name === BASELINE_POLICY_NAME);
        const older = BASELINE_POLICY_RULES.slice(0, -1).map((r) => ({ ...r, description: r.description ?? '' }));
        expect(await policies.saveDraft(ctx, baseline.id, older)).not.toBeInstanceOf(ValidationError);
        expect(await policies.publish(ctx, baseline.id)).not.toBeInstanceOf(ValidationError);
      });
      const published = (await versionsOfBaseline()).find((v) => v.status === 'PUBLISHED')!;
      expect(titles(published.rules)).toEqual(current.slice(0, -1));

      const drafted = await baselineDraft(env.app, 'other');
      expect(drafted).toMatchObject({ exitCode: 0, output: { outcome: 'DRAFTED', version: published.number + 1 } });
      const after = await versionsOfBaseline();
      const draft = after.find((v) => v.status === 'DRAFT')!;
      expect(titles(draft.rules)).toEqual(current);
      // Nothing is published for the organisation: the version in force is still the older one.
      expect(after.find((v) => v.status === 'PUBLISHED')).toEqual(published);

      const again = await baselineDraft(env.app, 'other');
      expect(again).toMatchObject({ exitCode: 1, output: { outcome: 'DRAFT_PENDING', version: draft.number } });
      expect(await versionsOfBaseline()).toEqual(after);
    });

    it('refuses an unknown organisation', async () => {
      await expect(baselineDraft(env.app, 'no-such-org')).rejects.toThrow(/no organisation with slug no-such-org/);
    });
  });
});

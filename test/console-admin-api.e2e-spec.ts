import { RequestContext } from '@app/core';
import { OrganisationService, UserService } from '@app/identity';
import { Db } from '@app/persistence';
import { createTestEnvironment, DemoUser, GraphqlClient, TestEnvironment } from '@app/testing';

const USERS = `query($first: Int, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id email displayName roles expertise active } } } }`;
const CREATE_POLICY = `mutation($input: CreatePolicyInput!) { r: createPolicy(input: $input) { __typename ... on Policy { id } } }`;
const SAVE_DRAFT = `mutation($id: ID!, $rules: [PolicyRuleInput!]!) { r: savePolicyDraft(policyId: $id, rules: $rules) {
  __typename ... on ValidationError { fieldErrors { field message line column } } } }`;
const TEST_RULE = `query($id: ID!, $rule: PolicyRuleInput!) { r: testPolicyRule(requestId: $id, rule: $rule) {
  __typename ... on PolicyRuleTest { matched finding { ruleId title effect message } }
  ... on ValidationError { fieldErrors { field message line column } } } }`;
const AUDIT_COUNT = `{ auditEvents(first: 1) { totalCount } }`;

const rule = (over: Record<string, unknown> = {}) => ({
  title: 'Education needs the education lead',
  description: '',
  condition: 'request.sector == "EDUCATION"',
  effect: 'ADVISE',
  text: 'Ask the education lead',
  ...over,
});
const PASSWORD = 'another-organisation-password';

describe('users list, condition positions and rule tests (e2e)', () => {
  let env: TestEnvironment;
  let admin: GraphqlClient;
  let policyAdmin: GraphqlClient;
  let otherAdmin: GraphqlClient;
  let otherPolicyAdmin: GraphqlClient;
  let requestId: string;
  let reference: string;
  let sector: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    [admin, policyAdmin] = await Promise.all([env.as('admin'), env.as('policy')]);
    // The "other" organisation gets an administrator and a policy author of its own.
    const db = env.app.get(Db);
    const base = db.context(`test-${Date.now()}`, null, null);
    const org = (await env.app.get(OrganisationService).findBySlug(base, 'other'))!;
    await db.transaction(RequestContext.system(base.requestId, base.em, org.id), async (ctx) => {
      const users = env.app.get(UserService);
      await users.createInOrganisation(ctx, org.id, {
        email: 'admin@other.example',
        displayName: 'Olga Admin',
        roles: ['ORG_ADMIN'] as never,
        password: PASSWORD,
      });
      await users.createInOrganisation(ctx, org.id, {
        email: 'policy@other.example',
        displayName: 'Otto Policy',
        roles: ['POLICY_ADMIN'] as never,
        password: PASSWORD,
      });
    });
    otherAdmin = await env.login('admin@other.example', PASSWORD);
    otherPolicyAdmin = await env.login('policy@other.example', PASSWORD);
    const requester = await env.as('requester');
    const { adoptionRequests } = await requester.ok(
      `{ adoptionRequests(first: 1) { edges { node { id reference sector } } } }`,
    );
    ({ id: requestId, reference, sector } = adoptionRequests.edges[0].node);
  });
  afterAll(() => env?.close());

  describe('users', () => {
    it("lists the organisation's users by display name, with roles and expertise", async () => {
      const { users } = await admin.ok(USERS, { first: 100 });
      const names = users.edges.map((e: any) => e.node.displayName);
      expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(users.totalCount).toBe(names.length);
      expect(users.edges.map((e: any) => e.node.email)).toEqual(
        expect.arrayContaining(['admin@example.org', 'approver2@example.org', 'policy@example.org']),
      );
      expect(users.edges.some((e: any) => e.node.email.endsWith('other.example'))).toBe(false);
      expect(users.edges.find((e: any) => e.node.email === 'approver2@example.org').node).toMatchObject({
        roles: ['APPROVER'],
        expertise: ['DATA_PROTECTION', 'LEGAL'],
        active: true,
      });
    });

    it('pages without gaps or repeats', async () => {
      const all = (await admin.ok(USERS, { first: 100 })).users.edges.map((e: any) => e.node.id);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const { users }: any = await admin.ok(USERS, { first: 3, after });
        expect(users.edges.length).toBeLessThanOrEqual(3);
        seen.push(...users.edges.map((e: any) => e.node.id));
        after = users.pageInfo.hasNextPage ? users.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(all);
    });

    it('filters by role, activity and words of the name or address', async () => {
      const emails = async (filter: object) =>
        (await admin.ok(USERS, { filter })).users.edges.map((e: any) => e.node.email).sort();
      expect(await emails({ role: 'APPROVER' })).toEqual([
        'approver1@example.org',
        'approver2@example.org',
        'approver3@example.org',
      ]);
      expect(await emails({ search: 'ravi' })).toEqual(['reviewer@example.org']);
      expect(await emails({ search: 'APPROVER2@' })).toEqual(['approver2@example.org']);
      expect(await emails({ search: '%' })).toEqual([]);
      expect(await emails({ active: false })).toEqual([]);
    });

    it('shows other organisations only their own users', async () => {
      const { users } = await otherAdmin.ok(USERS, {});
      expect(users.edges.map((e: any) => e.node.email).sort()).toEqual([
        'admin@other.example',
        'policy@other.example',
        'requester@other.example',
      ]);
    });

    it.each([
      ['first 0', { first: 0 }],
      ['first 101', { first: 101 }],
      ['a cursor it did not give out', { after: 'bm90LWEtY3Vyc29y' }],
      ['a blank search', { filter: { search: '  ' } }],
    ])('refuses %s', async (_, variables) => {
      expect(await admin.errorCode(USERS, variables)).toBe('BAD_USER_INPUT');
    });

    it.each<DemoUser>(['requester', 'reviewer', 'approver1', 'auditor', 'policy'])(
      'is refused to %s (FORBIDDEN)',
      async (who) => {
        expect(await (await env.as(who)).errorCode(USERS, {})).toBe('FORBIDDEN');
      },
    );

    it('is refused without signing in', async () => {
      expect(await env.anonymous.errorCode(USERS, {})).toBe('UNAUTHENTICATED');
    });
  });

  describe('condition problems carry their line and column', () => {
    it('in savePolicyDraft, keeping the message text', async () => {
      const { r: created } = await policyAdmin.ok(CREATE_POLICY, { input: { name: 'Positions policy' } });
      const { r } = await policyAdmin.ok(SAVE_DRAFT, {
        id: created.id,
        rules: [rule(), rule({ condition: 'request.sector == "EDUCATION" &&\n  model.nonsense' })],
      });
      expect(r.__typename).toBe('ValidationError');
      const [error] = r.fieldErrors;
      expect(error).toMatchObject({ field: 'rules[1].condition', line: 2, column: expect.any(Number) });
      expect(error.message).toContain(`(line 2, column ${error.column})`);
    });

    it('and a problem elsewhere has none', async () => {
      const { r: created } = await policyAdmin.ok(CREATE_POLICY, { input: { name: 'Positions policy 2' } });
      const { r } = await policyAdmin.ok(SAVE_DRAFT, { id: created.id, rules: [rule({ effect: 'MIN_TIER' })] });
      expect(r.fieldErrors).toEqual([
        { field: 'rules[0].tier', message: expect.any(String), line: null, column: null },
      ]);
    });
  });

  describe('testPolicyRule', () => {
    it('says whether an unsaved rule matches a request, and writes nothing', async () => {
      const auditor = await env.as('auditor');
      const before = (await auditor.ok(AUDIT_COUNT)).auditEvents.totalCount;
      const matching = await policyAdmin.ok(TEST_RULE, {
        id: requestId,
        rule: rule({ condition: `request.sector == "${sector}"` }),
      });
      expect(matching.r).toEqual({
        __typename: 'PolicyRuleTest',
        matched: true,
        finding: {
          ruleId: expect.any(String),
          title: rule().title,
          effect: 'ADVISE',
          message: 'Ask the education lead',
        },
      });
      const other = await policyAdmin.ok(TEST_RULE, {
        id: requestId,
        rule: rule({ condition: `request.sector != "${sector}"` }),
      });
      expect(other.r).toEqual({ __typename: 'PolicyRuleTest', matched: false, finding: null });
      expect((await auditor.ok(AUDIT_COUNT)).auditEvents.totalCount).toBe(before);
    });

    it('agrees with the published policies: a BLOCK rule that matches there is a BLOCK finding here', async () => {
      const evaluated = (await (
        await env.as('reviewer')
      ).ok(`query($id: ID!) { evaluatePolicies(requestId: $id) { title effect } }`, { id: requestId })) as any;
      const blockTitles = evaluated.evaluatePolicies.filter((f: any) => f.effect === 'BLOCK').map((f: any) => f.title);
      const { r } = await policyAdmin.ok(TEST_RULE, {
        id: requestId,
        rule: rule({ effect: 'BLOCK', text: 'stop', condition: `request.sector == "${sector}"` }),
      });
      expect(r.finding.effect).toBe('BLOCK');
      expect(blockTitles).not.toContain(rule().title);
    });

    it('answers a condition that does not parse with its line and column', async () => {
      const { r } = await policyAdmin.ok(TEST_RULE, {
        id: requestId,
        rule: rule({ condition: 'request.sector ==\n  "EDUCATION" &&' }),
      });
      expect(r.__typename).toBe('ValidationError');
      expect(r.fieldErrors[0]).toMatchObject({ field: 'rule.condition', line: 2, column: expect.any(Number) });
    });

    it('finds the request by its reference too (what people pass on), in any case', async () => {
      const condition = `request.sector == "${sector}"`;
      for (const id of [reference, ` ${reference.toLowerCase()} `]) {
        const { r } = await policyAdmin.ok(TEST_RULE, { id, rule: rule({ condition }) });
        expect(r).toMatchObject({ __typename: 'PolicyRuleTest', matched: true });
      }
      // Another organisation's reference names nothing here.
      expect(await otherPolicyAdmin.errorCode(TEST_RULE, { id: reference, rule: rule() })).toBe('NOT_FOUND');
    });

    it.each([
      ['an unknown request', '00000000-0000-4000-8000-000000000000', 'NOT_FOUND'],
      ['an unknown reference', 'AR-1999-0001', 'NOT_FOUND'],
      ['a malformed id', 'not-an-id', 'NOT_FOUND'],
    ])('refuses %s', async (_, id, code) => {
      expect(await policyAdmin.errorCode(TEST_RULE, { id, rule: rule() })).toBe(code);
    });

    it('refuses a rule beyond the input limits', async () => {
      expect(await policyAdmin.errorCode(TEST_RULE, { id: requestId, rule: rule({ title: '' }) })).toBe(
        'BAD_USER_INPUT',
      );
    });

    it("answers NOT_FOUND for another organisation's request", async () => {
      expect(await otherPolicyAdmin.errorCode(TEST_RULE, { id: requestId, rule: rule() })).toBe('NOT_FOUND');
    });

    it.each<DemoUser>(['requester', 'reviewer', 'approver1', 'auditor', 'admin'])(
      'is refused to %s (FORBIDDEN)',
      async (who) => {
        expect(await (await env.as(who)).errorCode(TEST_RULE, { id: requestId, rule: rule() })).toBe('FORBIDDEN');
      },
    );
  });
});

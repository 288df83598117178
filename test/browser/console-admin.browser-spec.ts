import { ConsoleHarness, startConsole } from './console-support';

const TEST_RULE = `query($id: ID!, $rule: PolicyRuleInput!) { r: testPolicyRule(requestId: $id, rule: $rule) {
  __typename ... on PolicyRuleTest { matched finding { effect message } }
  ... on ValidationError { fieldErrors { field line column } } } }`;
const POLICIES = `{ policies { id name published { number rules { title condition } } draft { number } } }`;
const USER_BY_EMAIL = `query($s: String!) { users(filter: { search: $s }) { edges { node { email roles expertise } } } }`;

const BROKEN = 'request.sector == "EDUCATION" &&\n  model.weightsAccess ==';
const FIXED = 'request.sector == "EDUCATION"';
const rule = (condition: string) => ({
  title: 'Education needs the education lead',
  description: '',
  condition,
  effect: 'ADVISE',
  text: 'Ask the education lead before adopting',
});

/**
 * The administration screens in Chromium: a policy author writes a rule, sees a syntax error at its line and
 * column, fixes it, tests it against a demo request, saves and publishes; a reviewer reads the policy only.
 * The organisation's administrator lists the users, changes an approver's expertise and meets the refusal of
 * an incompatible role pair next to the roles field.
 */
describe('web console: policies and users', () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsole();
  });
  afterAll(async () => harness?.close());

  it('lets a policy author write, test, save and publish a rule; a reviewer reads it only', async () => {
    const { env } = harness;
    const api = await env.as('policy');
    const requester = await env.as('requester');
    const { adoptionRequests } = await requester.ok(
      `{ adoptionRequests(first: 1) { edges { node { id reference } } } }`,
    );
    const requestId: string = adoptionRequests.edges[0].node.id;
    const reference: string = adoptionRequests.edges[0].node.reference;

    const w = await harness.open();
    await w.signIn('policy');
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
    await w.page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await w.page.getByRole('link', { name: 'Open and closed model baseline' }).waitFor();
    // Away from the link just clicked: axe judges the page, not a hover state.
    await w.page.mouse.move(900, 850);
    await w.expectAccessible('policies');
    await w.shot('policies');

    await w.page.getByLabel('Name').fill('Education programme');
    await w.page.getByLabel('Description').fill('What education uses must check');
    await w.page.getByRole('button', { name: 'Create policy' }).click();
    await w.page.getByRole('heading', { level: 1, name: 'Education programme' }).waitFor();
    await w.page.getByRole('button', { name: 'Add a rule' }).click();
    const ruleCard = w.page.getByRole('region', { name: 'Rule 1' });
    await ruleCard.getByLabel('Title').fill(rule(BROKEN).title);
    await ruleCard.getByLabel('Condition (CEL)').fill(BROKEN);
    await ruleCard.getByLabel('Message shown to people').fill(rule(BROKEN).text);
    await w.page.getByRole('button', { name: 'Save draft' }).click();

    // The position the API reports is the one the editor shows, with the line quoted and a caret.
    const { r: refused } = await api.ok(TEST_RULE, { id: requestId, rule: rule(BROKEN) });
    const { line, column } = refused.fieldErrors[0];
    expect(line).toBe(2);
    await ruleCard.getByText(`Line ${line}, column ${column}:`).waitFor();
    const excerpt = ruleCard.getByLabel(`Line ${line} of the condition, column ${column} marked`);
    const [quoted, caret] = (await excerpt.innerText()).split('\n');
    expect(quoted).toBe(`2 |   model.weightsAccess ==`);
    expect(caret.indexOf('^')).toBe('2 | '.length + column - 1);
    await w.expectAccessible('policy-editor-error');
    await w.shot('policy-editor', { readme: true });

    await ruleCard.getByLabel('Condition (CEL)').fill(FIXED);
    // The refused position belonged to the old text: it goes with the edit.
    expect(await ruleCard.getByText(`Line ${line}, column ${column}:`).count()).toBe(0);
    // A policy author cannot list requests: they name one by the reference colleagues pass on.
    await ruleCard.getByLabel('Request to test rule 1 against').fill(reference);
    await ruleCard.getByRole('button', { name: 'Test rule 1' }).click();
    const { r: tested } = await api.ok(TEST_RULE, { id: requestId, rule: rule(FIXED) });
    await ruleCard
      .getByText(tested.matched ? 'Matched: the rule applies to this request' : 'Not matched: the rule does not apply')
      .waitFor();
    if (tested.matched) await ruleCard.getByText(tested.finding.message, { exact: false }).first().waitFor();
    await w.expectAccessible('policy-editor');
    await w.shot('policy-editor-tested');

    await w.page.getByRole('button', { name: 'Save draft' }).click();
    await w.page.getByText('Draft saved.').waitFor();
    await w.page.getByRole('button', { name: 'Publish draft' }).click();
    await w.page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await w.page.getByText('Published: these rules now apply to every request.').waitFor();
    const policy = (await api.ok(POLICIES)).policies.find((p: any) => p.name === 'Education programme');
    expect(policy).toMatchObject({
      published: { number: 1, rules: [{ title: rule(FIXED).title, condition: FIXED }] },
      draft: null,
    });

    const reviewer = await harness.open();
    await reviewer.signIn('reviewer');
    await reviewer.goto(`/policies/${policy.id}`);
    await reviewer.page.getByRole('heading', { level: 1, name: 'Education programme' }).waitFor();
    await reviewer.page.getByText('Only policy administrators can change policies.').waitFor();
    await reviewer.page.getByText(FIXED).first().waitFor();
    expect(await reviewer.page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    expect(await reviewer.page.getByRole('button', { name: /Publish/ }).count()).toBe(0);
    await reviewer.expectAccessible('policy-read-only');
    await reviewer.shot('policy-read-only');

    for (const x of [w, reviewer]) {
      expect(x.problems).toEqual([]);
      expect(x.foreignRequests).toEqual([]);
    }
  });

  it("lets the organisation's administrator change expertise, and shows a refused role pair beside the roles", async () => {
    const { env } = harness;
    const api = await env.as('admin');
    const w = await harness.open();
    await w.signIn('admin');
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await w.page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const table = w.page.getByRole('table');
    for (const [name, roles] of [
      ['Ada Admin', 'org admin'],
      ['Amara Approver', 'approver'],
      ['Pat Policy', 'policy admin'],
      ['Ravi Reviewer', 'reviewer'],
    ]) {
      await table.getByRole('row').filter({ hasText: name }).getByRole('cell', { name: roles, exact: true }).waitFor();
    }
    await w.page.getByText('8 users in all').waitFor();
    await w.page.mouse.move(900, 850);
    await w.expectAccessible('users');
    await w.shot('users');

    // Amara (approver1) also brings technical expertise.
    await w.page.getByRole('button', { name: 'Edit roles of Amara Approver' }).click();
    const dialog = w.page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Expertise', exact: true }).click();
    await dialog.getByRole('option', { name: 'technical' }).click();
    await w.page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Save roles and expertise' }).click();
    await w.page.getByText('Saved the roles and expertise of Amara Approver.').waitFor();
    const amara = (await api.ok(USER_BY_EMAIL, { s: 'approver1@' })).users.edges[0].node;
    expect(amara).toMatchObject({ roles: ['APPROVER'], expertise: ['SECURITY', 'TECHNICAL'] });
    await table.getByRole('row').filter({ hasText: 'Amara Approver' }).getByText('security, technical').waitFor();

    // An administrator of accounts may not also review: refused next to the roles field.
    await w.page.getByRole('button', { name: 'Edit roles of Ravi Reviewer' }).click();
    await dialog.getByRole('combobox', { name: 'Roles', exact: true }).click();
    await dialog.getByRole('option', { name: 'org admin' }).click();
    await w.page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Save roles and expertise' }).click();
    const refusal = dialog.getByText(/cannot be held by the same user/);
    await refusal.waitFor();
    // The message is the roles field's own error: the field is marked invalid.
    expect(await dialog.getByRole('combobox', { name: 'Roles', exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await w.expectAccessible('users-refused-roles');
    const ravi = (await api.ok(USER_BY_EMAIL, { s: 'reviewer@' })).users.edges[0].node;
    expect(ravi.roles).toEqual(['REVIEWER']);

    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });
});

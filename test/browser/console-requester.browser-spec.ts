import {
  act,
  CREATE_REQUEST,
  GET_REQUEST,
  GraphqlClient,
  modelId,
  REQUEST_CHANGES,
  requestInput,
  START_REVIEW,
  SUBMIT,
} from '@app/testing';
import type { Page } from 'playwright-core';
import { ConsoleHarness, ConsoleWindow, startConsole } from './console-support';

const COMPARE = `query($id: ID!, $options: [CompareOptionInput!]) {
  compareOptions(requestId: $id, options: $options) {
    model { id name weightsAccess } deploymentMode blocked scored tier quorum requiredExpertise
    feasibility { status } items { category band } findings { ruleId } } }`;

const TIER_WORDS: Record<string, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', CRITICAL: 'Critical' };
const FEASIBILITY_WORDS: Record<string, string> = {
  FEASIBLE: 'Feasible',
  INFEASIBLE: 'Not feasible',
  UNKNOWN: 'Unknown',
};

const RISK_WORDS: Record<string, string> = {
  MISUSE: 'Misuse',
  PROVIDER_DEPENDENCY: 'Dependence on the provider',
  TRANSPARENCY: 'Transparency',
  DATA_PROTECTION: 'Data protection',
  INFORMATION_SECURITY: 'Information security',
  LOCAL_FIT: 'Local fit (languages, context)',
  LICENSE_COMPLIANCE: 'Licence compliance',
  BIAS: 'Bias',
  CONFABULATION: 'Made-up answers (confabulation)',
  SUSTAINABILITY_COST: 'Sustainability and cost',
};

/** The input labelled `label` (a required field's label ends with an asterisk hidden from screen readers). */
function field(page: Page, label: string) {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
  // A select's list of options carries its label too: the field is the input or text area.
  return page.getByLabel(name).and(page.locator('input, textarea'));
}

/** Chooses `option` in the Mantine select labelled `label` (typing `search` first for a searchable one). */
async function choose(page: Page, label: string, option: string | RegExp, search?: string) {
  const input = field(page, label);
  await input.click();
  if (search !== undefined) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

async function tags(page: Page, label: string, values: string[]) {
  const input = field(page, label);
  for (const v of values) {
    await input.fill(v);
    await input.press('Enter');
  }
}

/** The comparison table as text: row header → the text of each option's cell. */
async function comparisonTable(page: Page): Promise<{ headers: string[]; rows: Record<string, string[]> }> {
  const table = page.getByRole('table', { name: 'Options side by side' });
  return table.evaluate((el) => {
    const headers = [...el.querySelectorAll('thead th')].slice(1).map((th) => th.textContent ?? '');
    const rows: Record<string, string[]> = {};
    for (const tr of el.querySelectorAll('tbody tr')) {
      const th = tr.querySelector('th');
      const aspect = (th?.childNodes[0]?.textContent ?? '').trim();
      rows[aspect] = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
      if (th?.textContent?.includes('Differs')) rows[`${aspect} differs`] = ['yes'];
    }
    return { headers, rows };
  });
}

/**
 * The requester's journey in Chromium: a draft through the form (an argument refused beside its field first),
 * options compared side by side and checked against the API's compareOptions, one chosen, the request
 * submitted and listed in My requests with what it waits for; then a request sent back for changes: the
 * reviewer's rationale, an edit, the word diff against what the reviewer saw, and the resubmission.
 */
describe('web console: requester', () => {
  let harness: ConsoleHarness;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let mistral: string;
  let gpt4o: string;
  beforeAll(async () => {
    harness = await startConsole();
    requester = await harness.env.as('requester');
    reviewer = await harness.env.as('reviewer');
    mistral = await modelId(requester, 'Mistral 7B v0.1');
    gpt4o = await modelId(requester, 'GPT-4o');
  });
  afterAll(async () => harness?.close());

  it('drafts a request, compares options, submits it and finds it in My requests', async () => {
    const w: ConsoleWindow = await harness.open();
    const { page } = w;
    await w.signIn('requester');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New request' }).click();
    await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();

    // A model but no title: the API's refusal appears beside the title field.
    await choose(page, 'Model', /^Mistral 7B v0\.1 ·/, 'Mistral 7B');
    await page.getByRole('button', { name: 'Save draft' }).click();
    const titleError = page.getByText('Title must be 3 to 200 characters');
    await titleError.waitFor();
    const title = field(page, 'Title');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const errorId = await titleError.getAttribute('id');
    expect(errorId).toBeTruthy();
    expect(await title.getAttribute('aria-describedby')).toContain(errorId);

    await title.fill('Clinic stock forecasting');
    // The message stays until the answer changes.
    expect(await titleError.count()).toBe(0);
    await field(page, 'What the model will be used for').fill(
      'Forecast medicine stock-outs at district clinics from monthly reports',
    );
    await choose(page, 'Sector', 'Health');
    await choose(page, 'How you will adapt it', 'Answers from our own documents (retrieval)');
    await field(page, 'Who is affected').fill('District pharmacists and the clinics they supply');
    await choose(page, 'Most sensitive data it will see', 'Internal documents (no personal data)');
    await choose(page, 'Used by the public', 'No: only our staff or partners');
    await field(page, 'Expected users').fill('300');
    await tags(page, 'Languages', ['en', 'sw']);
    await choose(page, 'How it will run', 'Self-hosted (on servers you control)');
    await choose(page, 'Internet connection where it is used', 'Always online');
    await tags(page, 'Where the data may be processed', ['ANY']);
    await choose(page, 'Hardware available to run it', 'Data-centre GPUs');
    await field(page, 'Why this model').fill(
      'Stock-outs are found only when a clinic runs out; reports are read by hand',
    );
    await page.getByRole('button', { name: 'Add an alternative' }).click();
    await field(page, 'Alternative 1: model').fill('GPT-4o');
    await field(page, 'Alternative 1: why not').fill('stock data would leave the ministry');
    await w.expectAccessible('request-form');
    await w.shot('request-form', { readme: true });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    const id = /\/requests\/([0-9a-f-]{36})$/.exec(page.url())![1];
    const saved = (await requester.ok(GET_REQUEST, { id })).adoptionRequest;
    expect(saved).toMatchObject({ status: 'DRAFT', model: { name: 'Mistral 7B v0.1' } });

    // Compare: the request's own model self-hosted, GPT-4o through its API, GPT-4o self-hosted (not offered).
    await page.getByRole('link', { name: 'Compare options' }).click();
    await page.getByRole('heading', { level: 1, name: /^Compare options/ }).waitFor();
    await field(page, 'Option 2: model').waitFor();
    await choose(page, 'Option 2: model', /^GPT-4o ·/, 'GPT-4o');
    await choose(page, 'Option 2: deployment mode', "Vendor's API (the provider runs the model)");
    await page.getByRole('button', { name: 'Add an option' }).click();
    await choose(page, 'Option 3: model', /^GPT-4o ·/, 'GPT-4o');
    await choose(page, 'Option 3: deployment mode', 'Self-hosted (on servers you control)');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByRole('table', { name: 'Options side by side' }).waitFor();

    const options = [
      { modelId: mistral, deploymentMode: 'SELF_HOSTED' },
      { modelId: gpt4o, deploymentMode: 'VENDOR_API' },
      { modelId: gpt4o, deploymentMode: 'SELF_HOSTED' },
    ];
    const api = (await requester.ok(COMPARE, { id, options })).compareOptions as any[];
    const shown = await comparisonTable(page);
    expect(shown.headers).toHaveLength(3);
    api.forEach((option, n) => {
      expect(shown.headers[n]).toContain(option.model.name);
      expect(shown.rows['Feasible?'][n]).toContain(FEASIBILITY_WORDS[option.feasibility.status]);
      expect(shown.rows['Risk tier'][n]).toContain(option.tier ? TIER_WORDS[option.tier] : 'Not scored');
      expect(shown.rows['Approvals needed'][n]).toBe(option.quorum == null ? '–' : String(option.quorum));
      for (const [category, label] of Object.entries(RISK_WORDS)) {
        const item = option.items.find((i: { category: string }) => i.category === category);
        expect(shown.rows[`Risk: ${label}`][n]).toContain(item ? TIER_WORDS[item.band] : 'Not scored');
      }
    });
    expect(api.map((o) => o.feasibility.status)).toEqual(['FEASIBLE', 'FEASIBLE', 'INFEASIBLE']);
    expect(shown.rows['Feasible?'][2]).toContain('SELF_HOSTED is not offered for GPT-4o');
    // A row on which the options differ says so in words.
    expect(shown.rows['Weights differs']).toEqual(['yes']);
    expect(shown.rows['Feasible? differs']).toEqual(['yes']);
    await w.expectAccessible('comparison');
    await w.shot('comparison', { readme: true });

    // Choosing GPT-4o through its API changes the request's model and mode; then back to the first option.
    await page.getByRole('button', { name: /^Use option 2: GPT-4o/ }).click();
    await page.getByText('The request now uses GPT-4o').waitFor();
    let now = (await requester.ok(GET_REQUEST, { id })).adoptionRequest;
    expect(now.model.name).toBe('GPT-4o');
    await page.getByRole('button', { name: /^Use option 1: Mistral 7B v0\.1/ }).click();
    await page.getByText('The request now uses Mistral 7B v0.1').waitFor();
    now = (await requester.ok(GET_REQUEST, { id })).adoptionRequest;
    expect(now.model.name).toBe('Mistral 7B v0.1');

    // Submit from the request page's panel.
    await page.getByRole('link', { name: 'Back to the request' }).click();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('it now waits for a reviewer').waitFor();
    expect((await requester.ok(GET_REQUEST, { id })).adoptionRequest.status).toBe('SUBMITTED');

    // My requests: the request with its status and what it waits for; the filter goes into the address.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My requests' }).waitFor();
    await field(page, 'Search').fill('stock forecasting');
    await page.waitForURL(/q=stock\+forecasting/);
    const row = page.getByRole('row', { name: /Clinic stock forecasting/ });
    await row.getByText('waiting for a reviewer').waitFor();
    expect(await row.getByRole('cell', { name: 'Submitted', exact: true }).count()).toBe(1);
    // Only the matching request once the search has answered.
    const rows = page.getByRole('table', { name: 'My requests' }).locator('tbody tr');
    for (let waited = 0; (await rows.count()) !== 1 && waited < 10_000; waited += 200) await page.waitForTimeout(200);
    expect(await rows.count()).toBe(1);
    // Away from the navigation link just clicked: its hover shade is not the page's.
    await page.mouse.move(1300, 880);
    await w.expectAccessible('my-requests');
    await w.shot('my-requests');
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('shows the reviewer’s rationale, the changes since as a word diff, and resubmits', async () => {
    const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Teacher guide search') });
    await act(requester, SUBMIT, { id: draft.id });
    await act(reviewer, START_REVIEW, { id: draft.id });
    const back = await act(reviewer, REQUEST_CHANGES, {
      id: draft.id,
      rationale: 'Name the schools that will use it and who checks its answers',
    });
    expect(back).toMatchObject({ status: 'CHANGES_REQUESTED', revision: 1 });

    const w = await harness.open();
    const { page } = w;
    await w.signIn('requester');
    await w.goto(`/requests/${draft.id}`);
    const panel = page.getByRole('region', { name: 'Your request' });
    await panel.getByText('Name the schools that will use it and who checks its answers').waitFor();
    await panel.getByText('changes requested: your answer').waitFor();
    await panel.getByText(/^Nothing yet/).waitFor();

    await panel.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: /^Edit / }).waitFor();
    const affected = field(page, 'Who is affected');
    expect(await affected.inputValue()).toBe('Teachers of the programme');
    await affected.fill('Teachers of the programme in the twelve pilot schools of Kilifi');
    await field(page, 'Expected users').fill('150');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/requests/${draft.id}$`));

    const diff = panel.getByRole('table', { name: 'Changes since the reviewer saw the request' });
    await diff.waitFor();
    const affectedRow = diff.getByRole('row', { name: /Who is affected/ });
    expect((await affectedRow.locator('ins').allTextContents()).join('')).toContain(
      'in the twelve pilot schools of Kilifi',
    );
    const usersRow = diff.getByRole('row', { name: /Expected users/ });
    expect(await usersRow.getByRole('cell').allTextContents()).toEqual(['1,200', '150']);
    await w.expectAccessible('request-panel');
    await w.shot('changes-requested-diff');

    await panel.getByRole('button', { name: 'Resubmit' }).click();
    await panel.getByText('it now waits for a reviewer').waitFor();
    const after = (await requester.ok(GET_REQUEST, { id: draft.id })).adoptionRequest;
    expect(after).toMatchObject({ status: 'SUBMITTED', revision: 2 });
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('withdraws a draft only after a confirmation with a reason', async () => {
    const draft = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, 'Draft to withdraw') });
    const w = await harness.open();
    const { page } = w;
    await w.signIn('requester');
    await w.goto(`/requests/${draft.id}`);
    const panel = page.getByRole('region', { name: 'Your request' });
    await panel.getByRole('button', { name: 'Withdraw' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw this request?' });
    const confirm = dialog.getByRole('button', { name: 'Withdraw the request' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Keep the request' }).click();
    expect((await requester.ok(GET_REQUEST, { id: draft.id })).adoptionRequest.status).toBe('DRAFT');
    await panel.getByRole('button', { name: 'Withdraw' }).click();
    await field(page, 'Why you are withdrawing it').fill('The programme found funding for a clinician instead');
    await confirm.click();
    await panel.getByText('The request is withdrawn').waitFor();
    const after = (await requester.ok(GET_REQUEST, { id: draft.id })).adoptionRequest;
    expect(after).toMatchObject({
      status: 'WITHDRAWN',
      statusReason: 'The programme found funding for a clinician instead',
    });
    // Nothing is left to do on it: no edit, submit or withdraw is offered.
    await panel.getByRole('button', { name: 'Withdraw', exact: true }).waitFor({ state: 'detached' });
    expect(await panel.getByRole('button', { name: /Submit|Withdraw/ }).count()).toBe(0);
    expect(await panel.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });
});

import type { Locator, Page } from 'playwright-core';
import type { GraphqlClient } from '@app/testing';
import { ConsoleHarness, ConsoleWindow, startConsole } from './console-support';

/**
 * The model catalog in Chromium: a requester filters it (weights access, a search word), pages through it and
 * opens a model; every row and every openness fact on screen is compared with what the API answers for the
 * same question, the filters live in the address (a bookmark shows the same view), the "Request this model"
 * button is there for a requester and not for an auditor, and a bad address says the model is not found.
 */

// The words the screens use for the API's values (what a person reads, not the enum).
const WEIGHTS: Record<string, string> = {
  OPEN: 'Open weights',
  GATED: 'Gated weights',
  CLOSED: 'Closed weights',
  UNKNOWN: 'Weights access unknown',
};
const MOF: Record<string, string> = {
  CLASS_I: 'MOF Class I · open science',
  CLASS_II: 'MOF Class II · open tooling',
  CLASS_III: 'MOF Class III · open model',
  UNCLASSIFIED: 'No MOF class',
};
const HOSTING: Record<string, string> = {
  SELF_HOSTED: 'Self-hosted',
  VENDOR_API: 'Vendor API',
  ON_DEVICE: 'On device',
};
const RELEASE: Record<string, string> = {
  FULLY_OPEN: 'Fully open release',
  DOWNLOADABLE: 'Downloadable',
  CLOUD_API: 'Cloud API only',
  HOSTED: 'Hosted access only',
  GRADUAL_STAGED: 'Gradual or staged release',
  FULLY_CLOSED: 'Fully closed',
  UNKNOWN: 'Unknown',
};

const LIST = `
  query CatalogSpecModels($filter: AiModelFilter, $first: Int, $after: String) {
    aiModels(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo { endCursor hasNextPage }
      edges { node { id name producer weightsAccess familySiblings { id } } }
    }
  }`;

const MODEL = `
  query CatalogSpecModel($id: ID!) {
    aiModel(id: $id) {
      id name producer weightsAccess releaseLevel licenseName licenseUrl mofClass trainingDataOpenness
      osaid { conformant missing }
      familySiblings { id name weightsAccess }
      sources { url }
      hostingOptions
      vendorOfferings { offering regions { name } }
      dataQuality { message }
    }
  }`;

interface Page_ {
  totalCount: number;
  totalCountExact: boolean;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  edges: Array<{
    node: { id: string; name: string; producer: string; weightsAccess: string; familySiblings: Array<{ id: string }> };
  }>;
}

async function apiPage(client: GraphqlClient, filter: Record<string, unknown>, after: string | null = null) {
  const data = await client.ok<{ aiModels: Page_ }>(LIST, { filter, first: 20, after });
  return data.aiModels;
}

/** The catalog rows as a person reads them: name, producer, weights access. */
async function rowsShown(page: Page): Promise<string[][]> {
  const table = page.getByRole('table', { name: 'Models in the catalog' });
  if ((await table.count()) === 0) return [];
  return table
    .locator('tbody tr')
    .evaluateAll((rows: any[]) =>
      rows
        .map((r) => Array.from(r.querySelectorAll('td') as ArrayLike<any>).map((td) => (td.textContent ?? '').trim()))
        .map((c) => [c[0], c[1], c[2]]),
    );
}

function rowsOf(connection: Page_): string[][] {
  return connection.edges.map(({ node }) => [node.name, node.producer, WEIGHTS[node.weightsAccess]]);
}

/** Waits (without sleeping) until the table shows `expected`, then asserts it (the diff on failure). */
async function expectRows(page: Page, expected: string[][]) {
  const deadline = Date.now() + 20_000;
  let shown = await rowsShown(page);
  while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    shown = await rowsShown(page);
  }
  expect(shown).toEqual(expected);
}

/** The "This model" cell of a row of the openness profile. */
function fact(page: Page, name: string): Locator {
  return page
    .getByRole('table', { name: 'Openness profile' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
    .getByRole('cell')
    .first();
}

describe('web console: model catalog', () => {
  let harness: ConsoleHarness;
  let requester: GraphqlClient;
  let chosen: { id: string; name: string };
  beforeAll(async () => {
    harness = await startConsole();
    requester = await harness.env.as('requester');
    // A Mistral model with open weights and relatives in the catalog (the demo catalog's curated family).
    const searched = await apiPage(requester, { weightsAccess: 'OPEN', search: 'mistral' });
    const withFamily = searched.edges.find((e) => e.node.familySiblings.length > 0);
    expect(withFamily).toBeDefined();
    chosen = withFamily!.node;
  });
  afterAll(async () => harness?.close());

  it('filters, searches and pages the catalog as the API does, and opens a model', async () => {
    const open = await apiPage(requester, { weightsAccess: 'OPEN' });
    // Preconditions on the demo catalog: enough open models for two pages, some of them Mistral's.
    expect(open.pageInfo.hasNextPage).toBe(true);
    const openPage2 = await apiPage(requester, { weightsAccess: 'OPEN' }, open.pageInfo.endCursor);
    const searched = await apiPage(requester, { weightsAccess: 'OPEN', search: 'mistral' });
    expect(searched.edges.map((e) => e.node.id)).toContain(chosen.id);

    const w = await harness.open();
    await w.signIn('requester');
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Model catalog' }).click();
    await w.page.getByRole('heading', { level: 1, name: 'Model catalog' }).waitFor();
    await w.page.getByRole('button', { name: 'What the openness columns mean' }).click();
    await w.page.getByText(/^The weights are the model itself/).waitFor();
    // Unfiltered first: the API's first page of the whole catalog.
    await expectRows(w.page, rowsOf(await apiPage(requester, {})));

    await w.page.getByRole('combobox', { name: 'Weights access' }).click();
    await w.page.getByRole('option', { name: 'Open weights' }).click();
    await expectRows(w.page, rowsOf(open));
    expect(new URL(w.page.url()).searchParams.get('weights')).toBe('OPEN');
    const pager = w.page.getByRole('navigation', { name: 'models pages' });
    if (open.totalCountExact) await pager.getByText(`Page 1 · ${open.totalCount} models in all`).waitFor();

    await pager.getByRole('button', { name: 'Next page' }).click();
    await expectRows(w.page, rowsOf(openPage2));
    await pager.getByText(/^Page 2/).waitFor();
    await pager.getByRole('button', { name: 'Previous page' }).click();
    await expectRows(w.page, rowsOf(open));
    await pager.getByText(/^Page 1/).waitFor();

    // A new filter starts again at page 1.
    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.getByText(/^Page 2/).waitFor();
    await w.page.getByRole('searchbox', { name: 'Search' }).fill('mistral');
    await expectRows(w.page, rowsOf(searched));
    await pager.getByText(/^Page 1/).waitFor();
    const params = new URL(w.page.url()).searchParams;
    expect([params.get('weights'), params.get('q')]).toEqual(['OPEN', 'mistral']);
    await w.expectAccessible('catalog');
    await w.shot('catalog', { readme: true });

    // Nothing matches: the empty state, not an empty table.
    await w.page.getByRole('searchbox', { name: 'Search' }).fill('no-such-model-anywhere');
    await w.page.getByText('No model matches these filters.').waitFor();
    expect(await w.page.getByRole('table', { name: 'Models in the catalog' }).count()).toBe(0);
    await w.page.getByRole('searchbox', { name: 'Search' }).fill('mistral');
    await expectRows(w.page, rowsOf(searched));

    await w.page
      .getByRole('table', { name: 'Models in the catalog' })
      .getByRole('link', { name: chosen.name, exact: true })
      .click();
    await expectModelPage(w, chosen.id);
    const request = w.page.getByRole('link', { name: 'Request this model' });
    expect(await request.getAttribute('href')).toBe(`/requests/new?modelId=${chosen.id}`);
    await w.expectAccessible('model-page');
    await w.shot('model-page');

    // A sibling's link opens the sibling: the last one, the least open (siblings come open weights first).
    const model = await requester.ok<{ aiModel: { familySiblings: Array<{ id: string; name: string }> } }>(MODEL, {
      id: chosen.id,
    });
    const sibling = model.aiModel.familySiblings[model.aiModel.familySiblings.length - 1];
    await w.page
      .getByRole('table', { name: 'Family siblings' })
      .getByRole('link', { name: sibling.name, exact: true })
      .click();
    await expectModelPage(w, sibling.id);
    await w.shot('model-page-sibling');

    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('shows an auditor the bookmarked view and the model without the request button; a bad address is not found', async () => {
    const auditor = await harness.env.as('auditor');
    const w = await harness.open();
    await w.signIn('auditor');
    await w.goto('/catalog?weights=OPEN&q=mistral');
    await expectRows(w.page, rowsOf(await apiPage(auditor, { weightsAccess: 'OPEN', search: 'mistral' })));
    await expect(w.page.getByRole('searchbox', { name: 'Search' }).inputValue()).resolves.toBe('mistral');

    await w.page
      .getByRole('table', { name: 'Models in the catalog' })
      .getByRole('link', { name: chosen.name, exact: true })
      .click();
    await expectModelPage(w, chosen.id);
    expect(await w.page.getByRole('link', { name: 'Request this model' }).count()).toBe(0);
    expect(await w.page.getByRole('button', { name: 'Request this model' }).count()).toBe(0);

    await w.goto('/catalog/00000000-0000-4000-8000-000000000000');
    await w.page.getByRole('heading', { level: 1, name: 'Model not found' }).waitFor();
    await w.goto('/catalog/not-an-id');
    await w.page.getByRole('heading', { level: 1, name: 'Model not found' }).waitFor();
    await w.expectAccessible('model-not-found');

    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  /** The model page shows the API's openness facts and family siblings, in the API's order. */
  async function expectModelPage(w: ConsoleWindow, id: string) {
    const { aiModel: m } = await requester.ok<{ aiModel: any }>(MODEL, { id });
    await w.page.getByRole('heading', { level: 1, name: m.name, exact: true }).waitFor();
    expect(new URL(w.page.url()).pathname).toBe(`/catalog/${id}`);
    expect(await fact(w.page, 'Weights access').textContent()).toContain(WEIGHTS[m.weightsAccess]);
    expect(await fact(w.page, 'Release level').textContent()).toBe(RELEASE[m.releaseLevel]);
    expect(await fact(w.page, 'MOF class').textContent()).toContain(MOF[m.mofClass]);
    const osaid = (await fact(w.page, 'Open source AI (OSAID 1.0)').textContent())!;
    expect(osaid.startsWith(m.osaid.conformant ? 'Conformant' : 'Not conformant')).toBe(true);
    for (const reason of m.osaid.missing) expect(osaid).toContain(reason);
    if (m.licenseName) {
      const licence = fact(w.page, 'Licence');
      expect(await licence.textContent()).toContain(m.licenseName);
      if (m.licenseUrl) {
        const link = licence.getByRole('link');
        expect(await link.getAttribute('href')).toBe(m.licenseUrl);
        expect(await link.getAttribute('target')).toBe('_blank');
        expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
      }
    }
    const siblings = w.page.getByRole('table', { name: 'Family siblings' });
    if (m.familySiblings.length === 0) {
      expect(await siblings.count()).toBe(0);
    } else {
      const shown = await siblings.locator('tbody tr').evaluateAll((rows: any[]) =>
        rows.map((r) =>
          Array.from(r.querySelectorAll('td') as ArrayLike<any>)
            .slice(0, 2)
            .map((td) => (td.textContent ?? '').trim()),
        ),
      );
      expect(shown).toEqual(m.familySiblings.map((s: any) => [s.name, WEIGHTS[s.weightsAccess]]));
    }
    const hosting = w.page.getByRole('region', { name: 'Hosting and where data goes' });
    const hostingText = (await hosting.textContent())!;
    for (const h of m.hostingOptions) expect(hostingText).toContain(HOSTING[h]);
    if (m.vendorOfferings === null) expect(hostingText).toContain('cannot be checked');
    else
      for (const o of m.vendorOfferings) {
        await hosting.getByRole('link', { name: o.offering }).waitFor();
        for (const r of o.regions) expect(hostingText).toContain(r.name);
      }
    for (const q of m.dataQuality) await w.page.getByText(q.message, { exact: true }).waitFor();
    const sources = w.page.getByRole('region', { name: 'Sources' }).getByRole('link');
    expect(await sources.count()).toBe(m.sources.length);
    for (let i = 0; i < m.sources.length; i++) {
      expect(await sources.nth(i).getAttribute('href')).toBe(m.sources[i].url);
      expect(await sources.nth(i).getAttribute('rel')).toBe('noopener noreferrer');
      expect(await sources.nth(i).getAttribute('target')).toBe('_blank');
    }
  }
});

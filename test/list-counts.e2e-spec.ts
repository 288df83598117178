import { AdoptionRequestEntity } from '@app/adoption';
import { RequestContext } from '@app/core';
import { countWithin, Db } from '@app/persistence';
import { createTestEnvironment, TestEnvironment } from '@app/testing';

const MODELS = `query($f: AiModelFilter) { aiModels(filter: $f, first: 100) { totalCount totalCountExact edges { node { id } } } }`;
const REQUESTS = `query($f: AdoptionRequestFilter) { adoptionRequests(filter: $f, first: 100) { totalCount totalCountExact edges { node { id } } } }`;
const EVENTS = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { totalCount totalCountExact edges { node { seq } } } }`;

/** Lists count exactly up to LIST_EXACT_COUNT_LIMIT and flag the planner's estimate above it. */
describe('list counts (e2e)', () => {
  let env: TestEnvironment;
  const LIMIT = 3;

  beforeAll(async () => {
    env = await createTestEnvironment({ LIST_EXACT_COUNT_LIMIT: String(LIMIT) });
  });
  afterAll(async () => env?.close());

  it('gives the exact count when the filter matches at most the limit, and flags an estimate above it', async () => {
    const requester = await env.as('requester');
    const auditor = await env.as('auditor');

    const all = (await requester.ok(REQUESTS, {})).adoptionRequests;
    expect(all.edges.length).toBeGreaterThan(LIMIT); // the demo drafts
    expect(all.totalCountExact).toBe(false);
    expect(all.totalCount).toBeGreaterThan(LIMIT);
    const one = (await requester.ok(REQUESTS, { f: { search: 'Crisis information' } })).adoptionRequests;
    expect(one).toMatchObject({ totalCount: 1, totalCountExact: true });

    const models = (await auditor.ok(MODELS, {})).aiModels;
    expect(models.edges.length).toBeGreaterThan(LIMIT);
    expect(models).toMatchObject({ totalCountExact: false });
    expect(models.totalCount).toBeGreaterThan(LIMIT);
    const olmo = (await auditor.ok(MODELS, { f: { search: 'OLMo 7B' } })).aiModels;
    expect(olmo.totalCountExact).toBe(true);
    expect(olmo.totalCount).toBe(olmo.edges.length);

    const events = (await auditor.ok(EVENTS, {})).auditEvents;
    expect(events).toMatchObject({ totalCountExact: false });
    expect(events.totalCount).toBeGreaterThan(LIMIT);
    const created = (await auditor.ok(EVENTS, { f: { subjectId: one.edges[0].node.id } })).auditEvents;
    expect(created.totalCountExact).toBe(true);
    expect(created.totalCount).toBe(created.edges.length);
    expect(created.totalCount).toBeGreaterThan(0);
  });

  it.each([
    [5, { totalCount: 5, exact: true }],
    [6, { totalCount: 5, exact: true }],
  ])('counts 5 rows exactly with a limit of %i', async (limit, expected) => {
    expect(await countDrafts(limit)).toEqual(expected);
  });

  it('estimates 5 rows with a limit of 4, never below limit + 1', async () => {
    const count = await countDrafts(4);
    expect(count.exact).toBe(false);
    expect(count.totalCount).toBeGreaterThanOrEqual(5);
  });

  /** The demo organisation's five drafts, counted by countWithin. */
  async function countDrafts(limit: number) {
    const db = env.app.get(Db);
    const base = db.context('count-test', null, null);
    const [{ id }] = (await base.em.query(`SELECT id FROM organisation WHERE slug = 'demo'`)) as Array<{ id: string }>;
    const ctx = RequestContext.system('count-test', base.em, id);
    const query = db
      .repo(ctx, AdoptionRequestEntity)
      .createQueryBuilder('r')
      .where('r.organisation_id = :org', { org: id })
      .andWhere(`r.status = 'DRAFT'`);
    expect(await query.getCount()).toBe(5);
    return countWithin(ctx, query, limit);
  }
});

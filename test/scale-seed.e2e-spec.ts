import { randomUUID } from 'node:crypto';
import { AuditVerificationService } from '@app/audit';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { SCALE_STATUS_MIX, scaleUserEmail, seedScale } from '@app/testing/scale-seed';

describe('scale data generator (e2e)', () => {
  let env: TestEnvironment;
  const org = `scale-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => env?.close());

  async function verify() {
    const db = env.app.get(Db);
    const [{ id }] = (await db
      .context('t', null, null)
      .em.query(`SELECT id FROM organisation WHERE slug = $1`, [org])) as Array<{ id: string }>;
    return env.app.get(AuditVerificationService).verify(RequestContext.system('t', db.context('t', null, null).em, id));
  }

  async function count(sql: string): Promise<number> {
    const rows = (await env.app.get(Db).context('t', null, null).em.query(sql, [org])) as Array<{ n: number }>;
    return Number(rows[0].n);
  }

  it('fills a new organisation with requests in every state and a chain that verifies, decision records included', async () => {
    const result = await seedScale(env.app, { requests: 300, org, password: 'scale-test-password' });
    expect(result.requests).toBe(300);
    expect(result.users.map((u) => u.email)).toContain(scaleUserEmail(org, 'auditor'));
    const states = SCALE_STATUS_MIX.map(([s]) => s).filter((s) => s !== 'EXPIRED' && s !== 'REVOKED');
    for (const s of states) expect(result.byStatus[s]).toBeGreaterThan(0);
    const stored = await count(
      `SELECT count(*)::int AS n FROM adoption_request r JOIN organisation o ON o.id = r.organisation_id WHERE o.slug = $1`,
    );
    expect(stored).toBe(300);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM decision_record d JOIN organisation o ON o.id = d.organisation_id WHERE o.slug = $1`,
      ),
    ).toBe(result.decisionRecords);
    const verification = await verify();
    expect(verification).toMatchObject({ valid: true, reason: null });
    expect(verification.checked).toBeGreaterThanOrEqual(result.auditEvents);
    // The decision records' snapshots were checked against the hashes bound into the chain.
    expect(verification.checks).toContainEqual({
      name: 'decision-record-snapshots',
      checked: result.decisionRecords,
      unbound: 0,
      problems: 0,
    });
  });

  it('refuses to fill the same organisation twice, and appends when asked', async () => {
    await expect(seedScale(env.app, { requests: 10, org, password: 'scale-test-password' })).rejects.toThrow(
      /already has 300 requests: pass --append/,
    );
    const appended = await seedScale(env.app, { requests: 50, org, password: 'scale-test-password', append: true });
    expect(appended.requests).toBe(50);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM adoption_request r JOIN organisation o ON o.id = r.organisation_id WHERE o.slug = $1`,
      ),
    ).toBe(350);
    // References stay unique (a constraint) and the chain still verifies from its first event.
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('builds the secondary indexes again, the same as before, when it dropped them for a large load', async () => {
    const indexes = async () =>
      (await env.app
        .get(Db)
        .context('t', null, null)
        .em.query(
          `SELECT indexname, indexdef FROM pg_indexes
          WHERE tablename IN ('adoption_request', 'audit_event', 'risk_assessment', 'decision_vote', 'decision_record')
          ORDER BY indexname`,
        )) as Array<{ indexname: string; indexdef: string }>;
    const before = await indexes();
    const result = await seedScale(env.app, {
      requests: 20,
      org: `${org}-indexes`,
      password: 'scale-test-password',
      rebuildIndexes: true,
    });
    // PostgreSQL takes the rows through COPY and rebuilds; the embedded database keeps its indexes.
    if (env.config.embedded) expect(result.indexesRebuilt).toBe(0);
    else expect(result.indexesRebuilt).toBeGreaterThanOrEqual(10);
    expect(await indexes()).toEqual(before);
    expect(before.map((i) => i.indexname)).toEqual(
      expect.arrayContaining(['adoption_request_org_status_updated_idx', 'audit_event_org_request_idx']),
    );
  });

  it('refuses a number of requests that is not a positive whole number', async () => {
    await expect(seedScale(env.app, { requests: 0, org: 'unused', password: 'x'.repeat(12) })).rejects.toThrow(
      /requests must be a positive whole number/,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashEvent } from '@app/audit';
import {
  act,
  activateAccount,
  awaitingDecision,
  CAST_DECISION,
  createTestEnvironment,
  DemoUser,
  GraphqlClient,
  modelId,
  TestEnvironment,
} from '@app/testing';
import { createAdmin } from '../apps/cli/src/commands/commands';

const EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) { auditEvents(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { seq occurredAt actor actorRoles action subjectType subjectId fromState toState payload requestId previousHash hash } } } }`;
const VERIFY = `query($from: SafeInt, $to: SafeInt, $checkpoints: [AuditCheckpointInput!]) {
  verifyAuditChain(fromSeq: $from, toSeq: $to, checkpoints: $checkpoints) {
    valid checked firstInvalidSeq reason headSeq headHash checkpointMismatches { seq reason expectedHash actualHash } } }`;
const CHECKPOINT = `mutation { createAuditCheckpoint { organisation organisationId seq hash signedAt signature publicKey keyId } }`;
const PORTFOLIO = `{ portfolio { byStatus { key count } byTier { key count } approvedByWeightsAccess { key count } approvedByReleaseLevel { key count }
  dependencyByProducer { key count share flagged } dependencyByHosting { key count share flagged } concentrationThreshold
  expiringIn30Days expiringIn60Days expiringIn90Days medianDecisionHours decisionsMeasured } }`;
const SCRIPT = join(__dirname, '..', 'scripts', 'verify-audit-export.mjs');

describe('audit oversight (e2e)', () => {
  let env: TestEnvironment;
  let auditor: GraphqlClient;
  let approvedId: string;
  const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));

  beforeAll(async () => {
    env = await createTestEnvironment();
    auditor = await env.as('auditor');
    const [requester, reviewer] = await Promise.all([env.as('requester'), env.as('reviewer')]);
    const r = await awaitingDecision(
      { requester, reviewer },
      await modelId(requester, 'Mistral 7B v0.1'),
      'LOW',
      'Audited request',
    );
    await act(await env.as('approver1'), CAST_DECISION, {
      id: r.id,
      input: { vote: 'APPROVE', rationale: 'ok', conditions: [] },
    });
    approvedId = r.id;
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh organisation with a few events, whose chain a test may tamper with. */
  async function organisation(slug: string) {
    const invited = await createAdmin(env.app, {
      org: slug,
      orgName: slug,
      email: `admin@${slug}.example`,
      displayName: 'Admin',
    });
    const admin = await activateAccount(env.anonymous, String(invited.output.activationLink), 'a-long-enough-password');
    for (let i = 0; i < 4; i++) {
      await admin.ok(
        `mutation { inviteUser(input: { email: "u${i}@${slug}.example", displayName: "U${i}", roles: [REQUESTER] }) { __typename } }`,
      );
    }
    const [{ id }] = await env.dataSource.query(`SELECT id FROM organisation WHERE slug = $1`, [slug]);
    return { admin, orgId: id as string };
  }

  async function tamper(sql: string, params: unknown[]) {
    await env.dataSource.transaction(async (em) => {
      await em.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
      await em.query(sql, params);
      await em.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
    });
  }

  describe('reading', () => {
    it('lets auditors read and filter events, with actor, roles, states and hashes', async () => {
      const reference = (
        await auditor.ok(`query($id: ID!) { adoptionRequest(id: $id) { reference } }`, { id: approvedId })
      ).adoptionRequest.reference;
      const { auditEvents } = await auditor.ok(EVENTS, { filter: { reference }, first: 50 });
      const actions = auditEvents.edges.map((e: any) => e.node.action);
      expect(actions).toEqual(expect.arrayContaining(['adoption_request.submitted', 'adoption_request.approved']));
      const approved = auditEvents.edges.find((e: any) => e.node.action === 'adoption_request.approved').node;
      expect(approved).toMatchObject({
        actor: 'approver1@example.org',
        actorRoles: ['APPROVER'],
        fromState: 'AWAITING_DECISION',
        toState: 'APPROVED',
        requestId: approvedId,
      });
      expect(approved.hash).toMatch(/^[0-9a-f]{64}$/);
      const byAction = (await auditor.ok(EVENTS, { filter: { action: 'user.created' }, first: 100 })).auditEvents;
      expect(byAction.totalCount).toBeGreaterThanOrEqual(7);
      expect(byAction.edges.every((e: any) => e.node.action === 'user.created')).toBe(true);
      const future = (await auditor.ok(EVENTS, { filter: { from: '2999-01-01T00:00:00Z' } })).auditEvents;
      expect(future.totalCount).toBe(0);
    });

    it('pages through every event exactly once, in sequence order', async () => {
      const seqs: number[] = [];
      let after: string | null = null;
      for (let i = 0; i < 50; i++) {
        const { auditEvents }: any = await auditor.ok(EVENTS, { first: 7, after });
        seqs.push(...auditEvents.edges.map((e: any) => e.node.seq));
        if (!auditEvents.pageInfo.hasNextPage) break;
        after = auditEvents.pageInfo.endCursor;
      }
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    });

    it.each<DemoUser>(['requester', 'reviewer', 'approver1', 'policy'])('refuses the audit log to %s', async (user) => {
      const client = await env.as(user);
      expect(await client.errorCode(EVENTS, {})).toBe('FORBIDDEN');
      expect(await client.errorCode(VERIFY, {})).toBe('FORBIDDEN');
      expect(await client.errorCode(CHECKPOINT, {})).toBe('FORBIDDEN');
    });

    it("lets ORG_ADMIN read too, and never shows another organisation's events", async () => {
      const { admin } = await organisation('tenant-b');
      const theirs = (await admin.ok(EVENTS, { first: 100 })).auditEvents;
      expect(theirs.edges[0].node.action).toBe('organisation.created');
      expect(theirs.edges.some((e: any) => e.node.requestId === approvedId)).toBe(false);
      expect((await admin.ok(EVENTS, { filter: { subjectId: approvedId } })).auditEvents.totalCount).toBe(0);
      const res = await fetch(`${env.baseUrl}/audit/requests/${approvedId}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(res.status).toBe(404);
    });
  });

  describe('verification', () => {
    it('verifies a normal history, and a kept checkpoint still matches', async () => {
      const { createAuditCheckpoint: cp } = await auditor.ok(CHECKPOINT);
      expect(cp).toMatchObject({ organisation: 'demo' });
      const { verifyAuditChain } = await auditor.ok(VERIFY, { checkpoints: [cp] });
      expect(verifyAuditChain).toMatchObject({
        valid: true,
        firstInvalidSeq: null,
        reason: null,
        checkpointMismatches: [],
      });
      expect(verifyAuditChain.checked).toBe(verifyAuditChain.headSeq);
      const range = (await auditor.ok(VERIFY, { from: 3, to: 6 })).verifyAuditChain;
      expect(range).toMatchObject({ valid: true, checked: 4, headSeq: 6 });
      expect((await auditor.ok(`{ auditCheckpoints { seq hash } }`)).auditCheckpoints[0]).toEqual({
        seq: cp.seq,
        hash: cp.hash,
      });
    });

    it('finds a changed payload', async () => {
      const { admin, orgId } = await organisation('tamper-payload');
      await tamper(
        // Seq 7 is the admin's activation, which already names ORG_ADMIN: the forged grant adds APPROVER.
        `UPDATE audit_event SET payload = payload || '{"roles":["ORG_ADMIN","APPROVER"]}' WHERE organisation_id = $1 AND seq = 7`,
        [orgId],
      );
      expect((await admin.ok(VERIFY)).verifyAuditChain).toMatchObject({
        valid: false,
        firstInvalidSeq: 7,
        reason: 'HASH_MISMATCH',
      });
    });

    it('finds a deleted event', async () => {
      const { admin, orgId } = await organisation('tamper-delete');
      await tamper(`DELETE FROM audit_event WHERE organisation_id = $1 AND seq = 7`, [orgId]);
      expect((await admin.ok(VERIFY)).verifyAuditChain).toMatchObject({
        valid: false,
        firstInvalidSeq: 8,
        reason: 'GAP',
      });
    });

    it('finds events swapped in order', async () => {
      const { admin, orgId } = await organisation('tamper-swap');
      await env.dataSource.transaction(async (em) => {
        await em.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
        await em.query(`UPDATE audit_event SET seq = 1000000007 WHERE organisation_id = $1 AND seq = 7`, [orgId]);
        await em.query(`UPDATE audit_event SET seq = 7 WHERE organisation_id = $1 AND seq = 8`, [orgId]);
        await em.query(`UPDATE audit_event SET seq = 8 WHERE organisation_id = $1 AND seq = 1000000007`, [orgId]);
        await em.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
      });
      expect((await admin.ok(VERIFY)).verifyAuditChain).toMatchObject({
        valid: false,
        firstInvalidSeq: 7,
        reason: 'BROKEN_LINK',
      });
    });

    it('finds a rewritten history with recomputed hashes, and a truncated one, through kept checkpoints', async () => {
      const { admin, orgId } = await organisation('tamper-rehash');
      const { createAuditCheckpoint: kept } = await admin.ok(CHECKPOINT);
      // Rewrite event 7 and recompute every hash from there: the chain alone looks valid again.
      const rows = await env.dataSource.query(
        `SELECT * FROM audit_event WHERE organisation_id = $1 AND seq >= 7 ORDER BY seq`,
        [orgId],
      );
      let previousHash = rows[0].previous_hash;
      await env.dataSource.transaction(async (em) => {
        await em.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
        for (const r of rows) {
          const payload = Number(r.seq) === 7 ? { ...r.payload, roles: ['ORG_ADMIN', 'APPROVER'] } : r.payload;
          const event = {
            organisationId: r.organisation_id,
            seq: Number(r.seq),
            occurredAt: new Date(r.occurred_at),
            actorId: r.actor_id,
            actorLabel: r.actor_label,
            actorRoles: r.actor_roles,
            action: r.action,
            subjectType: r.subject_type,
            subjectId: r.subject_id,
            fromState: r.from_state,
            toState: r.to_state,
            payload,
            requestId: r.request_id,
            correlationId: r.correlation_id,
            previousHash,
          };
          const hash = hashEvent(event);
          await em.query(`UPDATE audit_event SET payload = $2, previous_hash = $3, hash = $4 WHERE id = $1`, [
            r.id,
            JSON.stringify(payload),
            previousHash,
            hash,
          ]);
          previousHash = hash;
        }
        await em.query(`UPDATE audit_chain_head SET hash = $2 WHERE organisation_id = $1`, [orgId, previousHash]);
        await em.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
      });
      const rewritten = (await admin.ok(VERIFY, { checkpoints: [kept] })).verifyAuditChain;
      expect(rewritten.firstInvalidSeq).toBeNull();
      expect(rewritten.valid).toBe(false);
      expect(rewritten.checkpointMismatches).toEqual([
        expect.objectContaining({ seq: kept.seq, reason: 'HASH_DIFFERS', expectedHash: kept.hash }),
      ]);
      // Truncate the tail: what is left links up, but it ends before the stored head, and the checkpoint names
      // events that are gone.
      await tamper(`DELETE FROM audit_event WHERE organisation_id = $1 AND seq > 6`, [orgId]);
      const truncated = (await admin.ok(VERIFY, { checkpoints: [kept] })).verifyAuditChain;
      expect(truncated).toMatchObject({ firstInvalidSeq: 7, reason: 'TRUNCATED', headSeq: 6, valid: false });
      expect(truncated.checkpointMismatches).toEqual([expect.objectContaining({ seq: kept.seq, reason: 'TRUNCATED' })]);
      // A forged checkpoint is not trusted.
      const forged = { ...kept, hash: 'f'.repeat(64) };
      expect((await admin.ok(VERIFY, { checkpoints: [forged] })).verifyAuditChain.checkpointMismatches[0].reason).toBe(
        'BAD_SIGNATURE',
      );
    });
  });

  describe('export', () => {
    const get = (path: string, token?: string | null) =>
      fetch(`${env.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('answers 401 without a token and 403 to other roles', async () => {
      expect((await get('/audit/export')).status).toBe(401);
      expect((await get('/audit/export', (await env.as('requester')).token)).status).toBe(403);
      expect((await get('/audit/export?format=xml', auditor.token)).status).toBe(400);
    });

    it('streams every event, the head and a checkpoint, which the offline script verifies', async () => {
      const res = await get('/audit/export?format=ndjson', auditor.token);
      expect(res.status).toBe(200);
      const text = await res.text();
      const lines = text.trim().split('\n');
      const [{ n }] = await env.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event e JOIN organisation o ON o.id = e.organisation_id WHERE o.slug = 'demo'`,
      );
      expect(lines).toHaveLength(n + 2);
      expect(JSON.parse(lines[n]).type).toBe('head');
      expect(JSON.parse(lines[n + 1]).type).toBe('checkpoint');
      const file = join(dir, 'export.ndjson');
      writeFileSync(file, text);
      expect(execFileSync('node', [SCRIPT, file], { encoding: 'utf8' })).toMatch(/^VALID: \d+ events/);
      const edited =
        lines.map((l, i) => (i === 4 ? l.replace('"payload":{', '"payload":{"x":1,') : l)).join('\n') + '\n';
      writeFileSync(file, edited);
      let failure: { status?: number; stdout?: string } = {};
      try {
        execFileSync('node', [SCRIPT, file], { encoding: 'utf8' });
      } catch (e) {
        failure = e as typeof failure;
      }
      expect(failure.status).toBe(1);
      expect(failure.stdout).toMatch(/^INVALID at seq 5/);
    });

    it('exports a range as CSV, and one request with its decision record', async () => {
      const csv = await (await get('/audit/export?format=csv&from=2&to=4', auditor.token)).text();
      const rows = csv.trim().split('\r\n');
      expect(rows).toHaveLength(1 + 3 + 2);
      expect(rows[0]).toMatch(/^type,seq,/);
      const file = join(dir, 'export-2-4.csv');
      writeFileSync(file, csv);
      expect(execFileSync('node', [SCRIPT, file], { encoding: 'utf8', stdio: 'pipe' })).toMatch(
        /^VALID: 3 events, head seq 4 /,
      );
      const record = (await (await get(`/audit/requests/${approvedId}`, auditor.token)).json()) as any;
      expect(record.decisionRecords).toHaveLength(1);
      expect(record.decisionRecords[0].outcome).toBe('APPROVED');
      expect(record.events.map((e: { action: string }) => e.action)).toContain('adoption_request.approved');
    });
  });

  describe('portfolio', () => {
    it('shows oversight figures to auditors, approvers and admins, and to nobody else', async () => {
      const { portfolio } = await auditor.ok(PORTFOLIO);
      expect(portfolio.byStatus).toEqual(expect.arrayContaining([{ key: 'APPROVED', count: 1 }]));
      expect(portfolio.approvedByWeightsAccess).toEqual([{ key: 'OPEN', count: 1 }]);
      expect(portfolio.dependencyByProducer).toEqual([{ key: 'Mistral AI', count: 1, share: 1, flagged: true }]);
      expect(portfolio.expiringIn90Days).toBe(0);
      expect(portfolio.decisionsMeasured).toBe(1);
      expect(portfolio.medianDecisionHours).toBeGreaterThanOrEqual(0);
      expect((await (await env.as('approver2')).request(PORTFOLIO)).errors).toBeUndefined();
      expect((await (await env.as('admin')).request(PORTFOLIO)).errors).toBeUndefined();
      expect(await (await env.as('requester')).errorCode(PORTFOLIO)).toBe('FORBIDDEN');
      expect(await (await env.as('reviewer')).errorCode(PORTFOLIO)).toBe('FORBIDDEN');
    });
  });
});

describe('least-privilege database role (e2e)', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env?.close());

  it('docker/db-roles.sql leaves the service role unable to change or remove audit events', async () => {
    const role = `gov_app_${Date.now().toString(36)}`;
    const sql = readFileSync(join(__dirname, '..', 'docker', 'db-roles.sql'), 'utf8')
      .split('\n')
      .filter((l: string) => !l.startsWith('--') && l.trim())
      .join('\n')
      .replaceAll(':app_role', role)
      .replaceAll(':app_password', `'not-used-here'`);
    const runner = env.dataSource.createQueryRunner();
    await runner.connect();
    try {
      for (const statement of sql
        .split(';')
        .map((s: string) => s.trim())
        .filter(Boolean))
        await runner.query(statement);
      await runner.query(`SET ROLE ${role}`);
      expect((await runner.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBeGreaterThan(0);
      await expect(runner.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(runner.query(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/permission denied/);
      await expect(runner.query(`TRUNCATE audit_event CASCADE`)).rejects.toThrow(/permission denied/);
      await expect(
        runner.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`),
      ).rejects.toThrow(/owner|permission/);
      await runner.query(`RESET ROLE`);
    } finally {
      await runner.query(`RESET ROLE`).catch(() => undefined);
      await runner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`).catch(() => undefined);
      await runner.query(`REVOKE ALL ON SCHEMA public FROM ${role}`).catch(() => undefined);
      await runner.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await runner.release();
    }
  });
});

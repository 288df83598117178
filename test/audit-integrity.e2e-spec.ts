import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { EntityManager } from 'typeorm';
import {
  act,
  awaitingDecision,
  CAST_DECISION,
  createTestEnvironment,
  DECISION_RECORD,
  GraphqlClient,
  modelId,
  TestEnvironment,
} from '@app/testing';
import { verifyAudit } from '../apps/cli/src/commands/commands';

const VERIFY = (args = '') => `{ verifyAuditChain${args} {
  valid checked firstInvalidSeq reason headSeq headHash storedHeadSeq storedHeadHash
  checkpointMismatches { seq reason }
  problems { check code message seq subjectType subjectId expected actual }
  checks { name checked unbound problems } } }`;
const CHECKPOINT = `mutation { createAuditCheckpoint { organisation organisationId seq hash signedAt signature publicKey keyId } }`;
const CREATE_MODEL = `mutation($name: String!) { createAiModel(input: { name: $name, producer: "Example Lab",
  releaseLevel: DOWNLOADABLE, licenseName: "Apache-2.0", hostingOptions: [SELF_HOSTED] }) { __typename } }`;
const SCRIPT = join(__dirname, '..', 'scripts', 'verify-audit-export.mjs');
const SNAPSHOT_CHECK = 'decision-record-snapshots';

/** What an auditor computes by hand: SHA-256 of the RFC 8785 form of the snapshot. */
const snapshotHash = (snapshot: unknown) => createHash('sha256').update(canonicalize(snapshot)!, 'utf8').digest('hex');

/**
 * Tampering as someone with full database access would do it (switching the append-only triggers off), and
 * what the checks auditors run report. Each test puts the rows back as they were, so the suite's tests do
 * not depend on each other's order.
 */
describe('audit integrity (e2e)', () => {
  let env: TestEnvironment;
  let auditor: GraphqlClient;
  let demoOrg: string;
  let requestId: string;
  let record: { id: string; snapshot: string; auditSeq: number; auditEventId: string };
  const dir = mkdtempSync(join(tmpdir(), 'audit-integrity-'));

  beforeAll(async () => {
    env = await createTestEnvironment();
    auditor = await env.as('auditor');
    [{ id: demoOrg }] = await env.dataSource.query(`SELECT id FROM organisation WHERE slug = 'demo'`);
    const [requester, reviewer] = await Promise.all([env.as('requester'), env.as('reviewer')]);
    const r = await awaitingDecision(
      { requester, reviewer },
      await modelId(requester, 'Mistral 7B v0.1'),
      'LOW',
      'Integrity',
    );
    await act(await env.as('approver1'), CAST_DECISION, {
      id: r.id,
      input: { vote: 'APPROVE', rationale: 'meets the baseline', conditions: ['review in a year'] },
    });
    requestId = r.id;
    record = (await auditor.ok(DECISION_RECORD, { id: r.id })).decisionRecord;
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `fn` with a table's triggers off, in one transaction on the test's own connection. */
  async function behindTriggers(table: string, fn: (em: EntityManager) => Promise<void>) {
    await env.dataSource.transaction(async (em) => {
      await em.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await fn(em);
      await em.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    });
  }

  async function exportVerdict(client: GraphqlClient): Promise<{ status: number; stdout: string }> {
    const res = await fetch(`${env.baseUrl}/audit/export`, { headers: { authorization: `Bearer ${client.token}` } });
    expect(res.status).toBe(200);
    const file = join(dir, `export-${Date.now()}.ndjson`);
    writeFileSync(file, await res.text());
    try {
      return { status: 0, stdout: execFileSync('node', [SCRIPT, file], { encoding: 'utf8', stdio: 'pipe' }) };
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      return { status: failed.status, stdout: failed.stdout };
    }
  }

  const intact = expect.objectContaining({ valid: true, reason: null, firstInvalidSeq: null, problems: [] });

  it('an intact chain verifies against its stored head, with every decision record bound and matching', async () => {
    const { verifyAuditChain: sut } = await auditor.ok(VERIFY());
    expect(sut).toEqual(intact);
    expect(sut).toMatchObject({ storedHeadSeq: sut.headSeq, storedHeadHash: sut.headHash, checked: sut.headSeq });
    expect(sut.checks).toEqual([{ name: SNAPSHOT_CHECK, checked: 1, unbound: 0, problems: 0 }]);

    // The binding an auditor can check by hand: the event right after the decision carries the snapshot's hash.
    const [binding] = await env.dataSource.query(
      `SELECT seq::int, payload, request_id FROM audit_event
       WHERE organisation_id = $1 AND action = 'decision_record.frozen' AND subject_id = $2`,
      [demoOrg, record.id],
    );
    expect(binding).toEqual({
      seq: record.auditSeq + 1,
      request_id: requestId,
      payload: expect.objectContaining({ outcome: 'APPROVED', decisionSeq: record.auditSeq }),
    });
    expect(binding.payload.snapshotHash).toBe(snapshotHash(JSON.parse(record.snapshot)));

    expect(await verifyAudit(env.app, 'demo')).toMatchObject({ exitCode: 0, output: { valid: true, problems: [] } });
    expect((await exportVerdict(auditor)).stdout).toMatch(`VALID: ${sut.headSeq} events, head seq ${sut.headSeq} `);
  });

  it('reports events deleted from the end behind the triggers as TRUNCATED, with the expected and found heads', async () => {
    const policy = await env.as('policy');
    for (const name of ['Truncated Model A', 'Truncated Model B']) await policy.ok(CREATE_MODEL, { name });
    const [head] = await env.dataSource.query(
      `SELECT seq::int, hash FROM audit_chain_head WHERE organisation_id = $1`,
      [demoOrg],
    );
    const removed = await env.dataSource.query(
      `SELECT * FROM audit_event WHERE organisation_id = $1 AND seq > $2 ORDER BY seq`,
      [demoOrg, head.seq - 2],
    );
    expect(removed.map((e: { action: string }) => e.action)).toEqual(['ai_model.created', 'ai_model.created']);
    const [kept] = await env.dataSource.query(`SELECT hash FROM audit_event WHERE organisation_id = $1 AND seq = $2`, [
      demoOrg,
      head.seq - 2,
    ]);
    await behindTriggers('audit_event', (em) =>
      em.query(`DELETE FROM audit_event WHERE organisation_id = $1 AND seq > $2`, [demoOrg, head.seq - 2]),
    );
    try {
      const { verifyAuditChain: sut } = await auditor.ok(VERIFY());
      expect(sut).toMatchObject({
        valid: false,
        reason: 'TRUNCATED',
        firstInvalidSeq: head.seq - 1,
        headSeq: head.seq - 2,
        storedHeadSeq: head.seq,
        storedHeadHash: head.hash,
      });
      expect(sut.problems).toEqual([
        expect.objectContaining({
          check: 'chain',
          code: 'TRUNCATED',
          seq: head.seq - 1,
          expected: `${head.seq}:${head.hash}`,
          actual: `${head.seq - 2}:${kept.hash}`,
        }),
      ]);
      // A range that ends before the removed events is still intact.
      expect((await auditor.ok(VERIFY('(toSeq: 3)'))).verifyAuditChain).toEqual(intact);

      const cli = await verifyAudit(env.app, 'demo');
      expect(cli).toMatchObject({ exitCode: 1, output: { valid: false, reason: 'TRUNCATED' } });

      // The export ends with the recorded head, so the offline verifier sees the cut too.
      const offline = await exportVerdict(auditor);
      expect(offline.status).toBe(1);
      expect(offline.stdout).toMatch(`INVALID at seq ${head.seq - 1}: TRUNCATED`);

      // A checkpoint signs the recorded head, never the shortened chain.
      const { createAuditCheckpoint: checkpoint } = await auditor.ok(CHECKPOINT);
      expect(checkpoint).toMatchObject({ seq: head.seq, hash: head.hash });
    } finally {
      await env.dataSource.query(
        `INSERT INTO audit_event SELECT * FROM json_populate_recordset(null::audit_event, $1::json)`,
        [JSON.stringify(removed)],
      );
    }
    expect((await auditor.ok(VERIFY())).verifyAuditChain).toEqual(intact);
  });

  it('reports a decision record whose snapshot was rewritten, naming the record', async () => {
    const [{ snapshot }] = await env.dataSource.query(`SELECT snapshot FROM decision_record WHERE id = $1`, [
      record.id,
    ]);
    const rewritten = { ...snapshot, conditions: [] };
    await behindTriggers('decision_record', (em) =>
      em.query(`UPDATE decision_record SET snapshot = $2::jsonb WHERE id = $1`, [record.id, JSON.stringify(rewritten)]),
    );
    try {
      const { verifyAuditChain: sut } = await auditor.ok(VERIFY());
      expect(sut).toMatchObject({ valid: false, reason: null, firstInvalidSeq: null });
      expect(sut.problems).toEqual([
        {
          check: SNAPSHOT_CHECK,
          code: 'SNAPSHOT_MISMATCH',
          message: expect.stringContaining(record.id),
          seq: record.auditSeq + 1,
          subjectType: 'DecisionRecord',
          subjectId: record.id,
          expected: snapshotHash(snapshot),
          actual: snapshotHash(rewritten),
        },
      ]);
      expect(sut.checks).toEqual([{ name: SNAPSHOT_CHECK, checked: 1, unbound: 0, problems: 1 }]);
      const cli = await verifyAudit(env.app, 'demo');
      expect(cli).toMatchObject({
        exitCode: 1,
        output: {
          valid: false,
          problems: [expect.objectContaining({ code: 'SNAPSHOT_MISMATCH', subjectId: record.id })],
        },
      });
    } finally {
      await behindTriggers('decision_record', (em) =>
        em.query(`UPDATE decision_record SET snapshot = $2::jsonb WHERE id = $1`, [
          record.id,
          JSON.stringify(snapshot),
        ]),
      );
    }
    expect((await auditor.ok(VERIFY())).verifyAuditChain).toEqual(intact);
  });

  it('reports a bound decision record that was deleted', async () => {
    const rows = await env.dataSource.query(`SELECT * FROM decision_record WHERE id = $1`, [record.id]);
    await behindTriggers('decision_record', (em) => em.query(`DELETE FROM decision_record WHERE id = $1`, [record.id]));
    try {
      const { verifyAuditChain: sut } = await auditor.ok(VERIFY());
      expect(sut.valid).toBe(false);
      expect(sut.problems).toEqual([
        expect.objectContaining({ check: SNAPSHOT_CHECK, code: 'RECORD_MISSING', subjectId: record.id }),
      ]);
    } finally {
      await env.dataSource.query(
        `INSERT INTO decision_record SELECT * FROM json_populate_recordset(null::decision_record, $1::json)`,
        [JSON.stringify(rows)],
      );
    }
    expect((await auditor.ok(VERIFY())).verifyAuditChain).toEqual(intact);
  });

  it('counts a record frozen before snapshots were bound as unbound, not as tampering', async () => {
    // Such a record has no decision_record.frozen event: only the row, linked to its decision's event.
    const [legacy] = await env.dataSource.query(
      `INSERT INTO decision_record (organisation_id, request_id, revision, outcome, snapshot, audit_event_id, audit_seq)
       SELECT organisation_id, request_id, revision, outcome, snapshot, audit_event_id, audit_seq
       FROM decision_record WHERE id = $1 RETURNING id`,
      [record.id],
    );
    try {
      const { verifyAuditChain: sut } = await auditor.ok(VERIFY());
      expect(sut).toEqual(intact);
      expect(sut.checks).toEqual([{ name: SNAPSHOT_CHECK, checked: 1, unbound: 1, problems: 0 }]);
    } finally {
      await behindTriggers('decision_record', (em) =>
        em.query(`DELETE FROM decision_record WHERE id = $1`, [legacy.id]),
      );
    }
  });
});

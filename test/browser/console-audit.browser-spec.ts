import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, awaitingDecision, CAST_DECISION, GraphqlClient, modelId } from '@app/testing';
import type { Download, Locator } from 'playwright-core';
import { ConsoleHarness, ConsoleWindow, startConsole } from './console-support';

const VERIFIER = join(__dirname, '..', '..', 'scripts', 'verify-audit-export.mjs');

/** Runs the offline verifier as an auditor would: its exit code and its one-line verdict. */
function verifyOffline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFIER, ...args], (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const approve = { vote: 'APPROVE', rationale: 'benefits outweigh the residual risks', conditions: [] };

/** The rows of a table as its cells' texts (header cells of a row included). */
async function rows(table: Locator): Promise<string[][]> {
  const out: string[][] = [];
  for (const tr of await table.locator('tbody tr').all())
    out.push((await tr.locator('th, td').allTextContents()).map((t) => t.trim()));
  return out;
}

const words = (key: string) => {
  const s = key.replaceAll('_', ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/**
 * The auditor's screens in Chromium: the audit log filtered (in the address) and paged, with an event's payload
 * and hashes; the chain verified in steps with the same count as the API's own verification; a checkpoint signed
 * and downloaded; NDJSON and CSV exports downloaded and verified by the offline script with the checkpoint's key;
 * the portfolio's figures (the tables beside the charts) equal to the API's; and an event rewritten behind the
 * database's triggers shown as the first invalid one, with the reason.
 */
describe('web console: audit', () => {
  let harness: ConsoleHarness;
  let w: ConsoleWindow;
  let auditor: GraphqlClient;
  let dir: string;
  let checkpointFile: string;
  let checkpoint: Record<string, unknown>;
  const approved: Array<{ id: string; reference: string }> = [];

  const nav = (name: string) =>
    w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

  async function download(click: () => Promise<void>, name: string): Promise<string> {
    const [file] = await Promise.all([w.page.waitForEvent('download'), click()]);
    const path = join(dir, name);
    await (file as Download).saveAs(path);
    return path;
  }

  /** axe on the screen as it rests: the pointer moved off the control it last clicked (no hover state). */
  async function check(screen: string) {
    await w.page.mouse.move(1, 1);
    await w.expectAccessible(screen);
  }

  beforeAll(async () => {
    harness = await startConsole();
    const env = harness.env;
    const [requester, reviewer, ...approvers] = await Promise.all([
      env.as('requester'),
      env.as('reviewer'),
      env.as('approver1'),
      env.as('approver2'),
      env.as('approver3'),
    ]);
    auditor = await env.as('auditor');
    const mistral = await modelId(requester, 'Mistral 7B v0.1');
    const llama = await modelId(requester, 'Llama 3.1 8B Instruct');
    // Three approved uses, two of one producer: above the 50% concentration threshold.
    for (const [model, title] of [
      [mistral, 'Lesson planning assistant'],
      [mistral, 'Clinic visit summaries'],
      [llama, 'Field report translation'],
    ]) {
      const r = await awaitingDecision({ requester, reviewer }, model, 'LOW', title);
      // Approvers vote until the quorum and the expertise the request needs are there.
      let done = r;
      for (const approver of approvers) {
        if (done.status === 'APPROVED') break;
        done = await act(approver, CAST_DECISION, { id: r.id, input: approve });
      }
      expect(done).toMatchObject({ status: 'APPROVED' });
      approved.push({ id: done.id, reference: done.reference });
    }
    // One approval ends in three weeks.
    await env.dataSource.query(`UPDATE adoption_request SET expires_at = now() + interval '20 days' WHERE id = $1`, [
      approved[2].id,
    ]);
    dir = mkdtempSync(join(tmpdir(), 'console-audit-'));
    w = await harness.open();
    await w.signIn('auditor');
  });
  afterAll(async () => {
    await harness?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('filters the audit events in the address, pages them and opens one', async () => {
    const all = (
      await auditor.ok(`{ auditEvents(first: 100) { totalCount edges { node { seq action hash previousHash } } } }`)
    ).auditEvents;
    expect(all.totalCount).toBeGreaterThan(25);
    await nav('Audit events').click();
    const table = w.page.getByRole('table', { name: 'Audit events' });
    await w.page.getByText(`${all.totalCount} events match.`).waitFor();
    expect((await rows(table))[0][0]).toBe('1');
    expect(await rows(table)).toHaveLength(25);

    // Paging: the second page starts after the first 25.
    await w.page.getByRole('button', { name: 'Next page' }).click();
    await table.getByRole('cell', { name: '26', exact: true }).waitFor();
    expect((await rows(table))[0][0]).toBe('26');
    await w.page.getByRole('button', { name: 'Previous page' }).click();
    await table.getByRole('cell', { name: '1', exact: true }).waitFor();

    // A filter goes into the address and matches the API's own answer.
    const action = 'adoption_request.approved';
    const filtered = (
      await auditor.ok(`query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { totalCount } }`, {
        f: { action, reference: approved[0].reference },
      })
    ).auditEvents;
    await w.page.getByLabel('Action').fill(action);
    await w.page.getByLabel('Request reference').fill(approved[0].reference);
    await w.page.getByRole('button', { name: 'Apply filters' }).click();
    await w.page.getByText('1 event matches the filters.').waitFor();
    const url = new URL(w.page.url());
    expect(url.pathname).toBe('/audit');
    expect(url.searchParams.get('action')).toBe(action);
    expect(url.searchParams.get('reference')).toBe(approved[0].reference);
    const shown = await rows(table);
    expect(shown).toHaveLength(filtered.totalCount);
    expect(filtered.totalCount).toBe(1);
    expect(shown[0][3]).toBe(action);
    expect(shown[0][5]).toBe('AWAITING_DECISION → APPROVED');

    // An event opened: its payload and its hashes, as the API has them.
    const seq = Number(shown[shown.length - 1][0]);
    const event = (
      await auditor.ok(
        `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { edges { node { seq payload hash previousHash } } } }`,
        { f: { action, reference: approved[0].reference } },
      )
    ).auditEvents.edges
      .map((e: { node: { seq: number } }) => e.node)
      .find((n: { seq: number }) => n.seq === seq);
    await w.page.getByRole('button', { name: `Show event ${seq}`, exact: true }).click();
    const details = w.page.getByRole('group', { name: `Event ${seq} in detail` });
    await details.waitFor();
    expect(await details.getByText(event.hash, { exact: true }).count()).toBe(1);
    expect(await details.getByText(event.previousHash, { exact: true }).count()).toBe(1);
    const payload = await details
      .getByRole('figure', { name: `Payload of event ${seq}` })
      .locator('pre')
      .textContent();
    expect(JSON.parse(payload!)).toEqual(JSON.parse(event.payload));
    await check('audit events');
    await w.shot('audit-view', { readme: true });

    // Clearing the filters shows every event again.
    await w.page.getByRole('button', { name: 'Clear filters' }).click();
    await w.page.getByText(`${all.totalCount} events match.`).waitFor();
    expect(new URL(w.page.url()).search).toBe('');
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('verifies the chain in steps with progress, with the count the API verifies', async () => {
    const api = (await auditor.ok(`{ verifyAuditChain { valid checked headSeq } }`)).verifyAuditChain;
    expect(api.valid).toBe(true);
    await nav('Verify the chain').click();
    // Small steps: several requests, each from the stored hash of the event before it.
    await w.page.getByLabel('Events per step').fill('20');
    await w.page.getByRole('button', { name: 'Verify the chain' }).click();
    await w.page.getByText(`Valid: events 1–${api.checked} verified.`).waitFor();
    await w.page.getByText(`${api.checked} of ${api.checked} events verified`).waitFor();
    expect(await w.page.getByRole('progressbar', { name: 'Events verified' }).getAttribute('aria-valuenow')).toBe(
      '100',
    );
    await check('verify');
    await w.shot('audit-verify');

    // Cancel stops after the step under way: the events verified so far are said, not a verdict on the rest.
    await w.page.route('**/graphql', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await w.page.getByLabel('Events per step').fill('10');
    await w.page.getByRole('button', { name: 'Verify the chain' }).click();
    await w.page.getByText(`10 of ${api.checked} events verified`).waitFor();
    await w.page.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = w.page.getByText(/^Cancelled: events 1–\d+ were verified and valid so far/);
    await cancelled.waitFor();
    const upTo = Number(/1–(\d+)/.exec((await cancelled.textContent())!)![1]);
    expect(upTo).toBeGreaterThanOrEqual(10);
    expect(upTo).toBeLessThan(api.checked);
    await w.page.unroute('**/graphql');
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('signs a checkpoint and downloads it as JSON', async () => {
    await nav('Checkpoints').click();
    await w.page.getByRole('heading', { name: 'Audit checkpoints', level: 1 }).waitFor();
    await w.page.getByRole('button', { name: 'Sign a checkpoint now' }).click();
    await w.page.getByText('Checkpoint signed', { exact: true }).waitFor();
    checkpointFile = await download(
      () => w.page.getByRole('button', { name: 'Download JSON of the new checkpoint' }).click(),
      'kept-checkpoint.json',
    );
    checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8'));
    const [newest] = (
      await auditor.ok(
        `{ auditCheckpoints(first: 1) { organisation organisationId seq hash signedAt signature publicKey keyId } }`,
      )
    ).auditCheckpoints;
    expect(checkpoint).toEqual(newest);
    // The list shows it, with a download of its own.
    const table = w.page.getByRole('table', { name: 'Signed checkpoints' });
    await table
      .getByRole('button', { name: new RegExp(`^Download JSON of the checkpoint at seq ${newest.seq},`) })
      .waitFor();
    const again = await download(
      () =>
        table
          .getByRole('button', { name: new RegExp(`^Download JSON of the checkpoint at seq ${newest.seq},`) })
          .first()
          .click(),
      'listed-checkpoint.json',
    );
    expect(JSON.parse(readFileSync(again, 'utf8'))).toEqual(newest);
    await check('checkpoints');
    await w.shot('checkpoints');

    // The kept checkpoint pasted back into the verification matches the chain.
    await nav('Verify the chain').click();
    await w.page.getByLabel('Checkpoints you kept (optional)').fill(readFileSync(checkpointFile, 'utf8'));
    await w.page.getByRole('button', { name: 'Verify the chain' }).click();
    await w.page.getByText(/Valid: events 1–\d+ verified\. .*The checkpoint you kept matches the chain\./).waitFor();
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('downloads NDJSON and CSV exports that the offline script verifies with the checkpoint’s key', async () => {
    const head = (await auditor.ok(`{ verifyAuditChain { storedHeadSeq } }`)).verifyAuditChain.storedHeadSeq;
    await nav('Exports').click();
    await w.page.getByRole('heading', { name: 'Audit exports', level: 1 }).waitFor();
    const ndjson = await download(
      () => w.page.getByRole('button', { name: 'Download export' }).click(),
      'audit.ndjson',
    );
    await w.page
      .getByText(
        new RegExp(`^audit-1\\.ndjson: ${head} events, [\\d,]+ bytes, ending with the chain head at seq ${head}\\.`),
      )
      .waitFor();
    const lines = readFileSync(ndjson, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(head + 2);
    const key = String(checkpoint.publicKey);
    const offline = await verifyOffline([ndjson, '--public-key', key, '--checkpoint', checkpointFile]);
    expect(offline).toMatchObject({ code: 0 });
    expect(offline.stdout).toMatch(new RegExp(`^VALID: ${head} events, head seq ${head} .*1 kept checkpoints match`));

    await w.page.getByRole('radio', { name: /^CSV/ }).check();
    const csv = await download(() => w.page.getByRole('button', { name: 'Download export' }).click(), 'audit.csv');
    await w.page.getByText(new RegExp(`^audit-1\\.csv: ${head} events`)).waitFor();
    expect(readFileSync(csv, 'utf8').startsWith('type,seq,')).toBe(true);
    const offlineCsv = await verifyOffline([csv, '--public-key', key]);
    expect(offlineCsv).toMatchObject({ code: 0 });
    expect(offlineCsv.stdout).toMatch(new RegExp(`^VALID: ${head} events`));

    // A range: events 3 to 7 only (verified from the hash the first one links to).
    await w.page.getByRole('radio', { name: /^NDJSON/ }).check();
    await w.page.getByLabel('First event (seq, optional)').fill('3');
    await w.page.getByLabel('Last event (seq, optional)').fill('7');
    const range = await download(() => w.page.getByRole('button', { name: 'Download export' }).click(), 'range.ndjson');
    await w.page.getByText(/^audit-3\.ndjson: 5 events/).waitFor();
    expect(await verifyOffline([range, '--public-key', key])).toMatchObject({ code: 0 });
    await check('exports');
    await w.shot('exports');
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('shows the portfolio as charts with tables holding the API’s figures', async () => {
    const p = (
      await auditor.ok(`{ portfolio { byStatus { key count } byTier { key count } approvedByWeightsAccess { key count }
        dependencyByProducer { key count share flagged } concentrationThreshold expiringIn30Days expiringIn90Days } }`)
    ).portfolio;
    await nav('Portfolio').click();
    const byStatus = w.page.getByRole('table', { name: 'Requests by status' });
    await byStatus.waitFor();
    expect(await rows(byStatus)).toEqual(
      p.byStatus.map((r: { key: string; count: number }) => [words(r.key), String(r.count)]),
    );
    const byTier = await rows(w.page.getByRole('table', { name: 'Requests by risk tier' }));
    expect(byTier.sort()).toEqual(
      p.byTier.map((r: { key: string; count: number }) => [words(r.key), String(r.count)]).sort(),
    );
    const access = await rows(w.page.getByRole('table', { name: 'Approved uses by weights access' }));
    expect(access.map((r) => r.slice(0, 2))).toEqual(
      p.approvedByWeightsAccess.map((r: { key: string; count: number }) => [words(r.key), String(r.count)]),
    );
    const producers = await rows(w.page.getByRole('table', { name: 'Approved uses by producer' }));
    expect(producers).toEqual(
      p.dependencyByProducer.map((d: { key: string; count: number; share: number; flagged: boolean }) => [
        d.key,
        String(d.count),
        `${Math.round(d.share * 1000) / 10}%`,
        d.flagged ? 'Yes' : 'No',
      ]),
    );
    // Two of the three approved uses are Mistral's: named above the threshold, in words.
    const flagged = p.dependencyByProducer.filter((d: { flagged: boolean }) => d.flagged);
    expect(flagged.map((d: { key: string }) => d.key)).toEqual(['Mistral AI']);
    await w.page.getByText(/^Above the 50% threshold: Mistral AI \(66\.7% of approved uses, 2 of 3\)\.$/).waitFor();
    // Approvals ending: the counts, and the request ending in three weeks linked.
    const ending = await rows(w.page.getByRole('table', { name: 'Approvals ending soon' }));
    expect(ending[0]).toEqual(['Within 30 days', String(p.expiringIn30Days)]);
    expect(ending[2]).toEqual(['Within 90 days', String(p.expiringIn90Days)]);
    expect(p.expiringIn30Days).toBe(1);
    const list = w.page.getByRole('table', { name: 'Approved requests ending within 90 days' });
    const link = list.getByRole('link', { name: new RegExp(`^${approved[2].reference}: Field report translation`) });
    expect(await link.getAttribute('href')).toBe(`/requests/${approved[2].id}`);
    // The charts are drawn (hidden from assistive technology: the tables say the same), the threshold as a line.
    expect(await w.page.locator('svg.recharts-surface').count()).toBeGreaterThanOrEqual(4);
    expect(await w.page.locator('.recharts-reference-line').count()).toBe(1);
    await check('portfolio');
    await w.shot('portfolio');
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });

  it('shows the first invalid event and why when an event was rewritten behind the triggers', async () => {
    const env = harness.env;
    const [{ id: orgId }] = await env.dataSource.query(`SELECT id FROM organisation WHERE slug = 'demo'`);
    await env.dataSource.transaction(async (em) => {
      await em.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
      await em.query(
        `UPDATE audit_event SET payload = payload || '{"tampered":true}' WHERE organisation_id = $1 AND seq = 5`,
        [orgId],
      );
      await em.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
    });
    const api = (await auditor.ok(`{ verifyAuditChain { valid firstInvalidSeq reason } }`)).verifyAuditChain;
    expect(api).toEqual({ valid: false, firstInvalidSeq: 5, reason: 'HASH_MISMATCH' });

    await nav('Verify the chain').click();
    await w.page.getByRole('button', { name: 'Verify the chain' }).click();
    const alert = w.page.getByRole('alert').filter({ hasText: 'Not valid' });
    await alert.waitFor();
    await alert
      .getByText(/First invalid event: seq 5\. Reason: HASH_MISMATCH — the event’s content was changed/)
      .waitFor();
    expect(await alert.getByText('Events before it verified: 4.').count()).toBe(1);
    await check('verify (invalid)');
    await w.shot('audit-verify-invalid');
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });
});

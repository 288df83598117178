import { AuditEventEntity } from '@app/audit';
import { activateAccount, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createAdmin, verifyAudit } from '../apps/cli/src/commands/commands';

const INVITE_USER = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { ... on User { id email } } }`;
const SET_ROLES = `mutation($id: ID!, $roles: [Role!]!, $expertise: [Expertise!]) {
  setUserRoles(userId: $id, roles: $roles, expertise: $expertise) { __typename } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(userId: $id) { ... on User { id } } }`;

const input = (email: string) => ({
  email,
  displayName: 'Someone',
  roles: ['REQUESTER'],
  expertise: [],
});

describe('audit log (e2e)', () => {
  let env: TestEnvironment;
  let demoOrg: string;
  beforeAll(async () => {
    env = await createTestEnvironment();
    [{ id: demoOrg }] = await env.dataSource.query(`SELECT id FROM organisation WHERE slug = 'demo'`);
  });
  afterAll(() => env?.close());

  const events = (subjectId: string) =>
    env.dataSource.query(
      `SELECT seq::int, action, actor_label, actor_roles, from_state, to_state, payload, correlation_id
       FROM audit_event WHERE organisation_id = $1 AND subject_id = $2 ORDER BY seq`,
      [demoOrg, subjectId],
    );

  it('records who created, changed and deactivated a user, in order, with the request id', async () => {
    const admin = await env.as('admin');
    const created = await admin.request(
      INVITE_USER,
      { input: input('audited@example.org') },
      { 'x-request-id': 'req-create-0001' },
    );
    const id = created.data!.inviteUser.id;
    await admin.ok(SET_ROLES, { id, roles: ['REVIEWER', 'REQUESTER'], expertise: ['ETHICS'] });
    await admin.ok(DEACTIVATE, { id });
    const rows = await events(id);
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'user.invited',
      'user.roles_changed',
      'user.deactivated',
    ]);
    expect(rows[0]).toMatchObject({
      actor_label: 'admin@example.org',
      actor_roles: ['ORG_ADMIN'],
      correlation_id: 'req-create-0001',
      payload: { email: 'audited@example.org', roles: ['REQUESTER'], expertise: [] },
    });
    expect(rows[1].payload).toEqual({
      email: 'audited@example.org',
      before: { roles: ['REQUESTER'], expertise: [] },
      after: { roles: ['REQUESTER', 'REVIEWER'], expertise: ['ETHICS'] },
    });
    expect(rows[2]).toMatchObject({ from_state: 'ACTIVE', to_state: 'INACTIVE' });
    expect(rows[1].seq).toBe(rows[0].seq + 1);
    expect(rows[2].seq).toBe(rows[1].seq + 1);
  });

  it('keeps each organisation on its own chain, which verifies', async () => {
    const demo = await verifyAudit(env.app, 'demo');
    const other = await verifyAudit(env.app, 'other');
    expect(demo).toMatchObject({ exitCode: 0, output: { valid: true } });
    expect(other).toMatchObject({ exitCode: 0, output: { valid: true } });
    const [{ o }] = await env.dataSource.query(
      `SELECT count(*)::int AS o FROM audit_event e JOIN organisation g ON g.id = e.organisation_id WHERE g.slug = 'other'`,
    );
    expect(other.output.checked).toBe(o);
    expect(o).toBeGreaterThanOrEqual(3); // at least the organisation, its catalog and its user
    const [{ n }] = await env.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1`,
      [demoOrg],
    );
    expect(demo.output.checked).toBe(n);
  });

  it.each([
    ['UPDATE', `UPDATE audit_event SET action = 'forged' WHERE seq = 1`],
    ['DELETE', `DELETE FROM audit_event WHERE seq = 1`],
    ['TRUNCATE', `TRUNCATE audit_event CASCADE`],
  ])('the database refuses %s on audit_event', async (_op, sql) => {
    await expect(env.dataSource.query(sql)).rejects.toThrow(/append-only/);
    const [{ n }] = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'forged'`);
    expect(n).toBe(0);
  });

  it('detects a row rewritten behind the triggers', async () => {
    // What someone with full database access could do: switch the trigger off, rewrite, switch it on.
    await env.dataSource.transaction(async (em) => {
      await em.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
      await em.query(
        `UPDATE audit_event SET payload = payload || '{"slug":"tampered"}'
         WHERE organisation_id = (SELECT id FROM organisation WHERE slug = 'other') AND seq = 1`,
      );
      await em.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
    });
    const result = await verifyAudit(env.app, 'other');
    expect(result).toMatchObject({
      exitCode: 1,
      output: { valid: false, firstInvalidSeq: 1, reason: 'HASH_MISMATCH' },
    });
  });

  it('20 concurrent inviteUser calls leave a gapless, valid chain', async () => {
    const admin = await env.as('admin');
    const [{ head: before }] = await env.dataSource.query(
      `SELECT seq::int AS head FROM audit_chain_head WHERE organisation_id = $1`,
      [demoOrg],
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => admin.request(INVITE_USER, { input: input(`concurrent-${i}@example.org`) })),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const rows: Array<{ seq: number }> = await env.dataSource.query(
      `SELECT seq::int FROM audit_event WHERE organisation_id = $1 AND seq > $2 ORDER BY seq`,
      [demoOrg, before],
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
    expect(await verifyAudit(env.app, 'demo')).toMatchObject({
      exitCode: 0,
      output: { valid: true, headSeq: before + 20 },
    });
  });

  it('refuses a query whose where clause holds an undefined value instead of matching every row', async () => {
    const repo = env.dataSource.getRepository(AuditEventEntity);
    await expect(repo.find({ where: { organisationId: undefined } })).rejects.toThrow(/undefined/i);
  });

  it('create-admin starts a new organisation with its own chain', async () => {
    const result = await createAdmin(env.app, {
      org: 'new-org',
      orgName: 'New Org',
      email: 'first.admin@new-org.example',
      displayName: 'First Admin',
    });
    expect(result.exitCode).toBe(0);
    const client = await activateAccount(env.anonymous, String(result.output.activationLink), 'a-long-enough-password');
    const { me } = await client.ok(`{ me { roles organisation { slug } } }`);
    expect(me).toEqual({ roles: ['ORG_ADMIN'], organisation: { slug: 'new-org' } });
    const chain = await verifyAudit(env.app, 'new-org');
    expect(chain).toMatchObject({ output: { valid: true, firstInvalidSeq: null } });
    const actions = await env.dataSource.query(
      `SELECT e.action FROM audit_event e JOIN organisation g ON g.id = e.organisation_id WHERE g.slug = 'new-org' ORDER BY seq`,
    );
    expect(actions[0].action).toBe('organisation.created');
    expect(actions.slice(-2).map((a: { action: string }) => a.action)).toEqual(['user.invited', 'user.activated']);
    expect(chain.output.checked).toBe(actions.length);
  });
});

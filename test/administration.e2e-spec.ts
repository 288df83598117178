import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { LoginLimits } from '@app/identity';
import {
  ACTIVATE_ACCOUNT,
  activateAccount,
  addTestUser,
  awaitingDecision,
  CAST_DECISION,
  createTestEnvironment,
  DEMO_PASSWORD,
  DEMO_USERS,
  GraphqlClient,
  INVITE_USER,
  LOGIN,
  modelId,
  TestEnvironment,
  tokenOf,
} from '@app/testing';
import { createAdmin, invitationLink } from '../apps/cli/src/commands/commands';

const PASSWORD = 'my-own-chosen-passphrase';
const PUBLIC_URL = 'https://governance.example.org';
const ME = `{ me { id email roles active activatedAt } }`;
const SET_ROLES = `mutation($id: ID!, $roles: [Role!]!, $expertise: [Expertise!]) {
  setUserRoles(userId: $id, roles: $roles, expertise: $expertise) {
    __typename ... on User { id roles expertise } ... on ValidationError { message fieldErrors { field message } } } }`;
const EVERY_USER_FIELD = `mutation($input: InviteUserInput!) { inviteUser(input: $input) {
  __typename ... on User { id email displayName roles expertise active activatedAt organisation { id slug name } } } }`;
const PORTFOLIO = `{ portfolio { recentAccessChanges { kind userId userEmail userDisplayName roles by occurredAt } } }`;
const UNUSABLE = 'this activation link is invalid, already used or expired: ask your administrator for a new one';

interface Mail {
  to: string[];
  body: string;
}

/** An SMTP server in this process that keeps what it receives. */
async function startMailbox(): Promise<{ server: SMTPServer; url: string; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body: decodeQuotedPrintable(chunks) });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return { server, url: `smtp://127.0.0.1:${port}`, mails };
}

/** Mail bodies arrive quoted-printable: soft line breaks and =XX escapes are undone to read the link. */
function decodeQuotedPrintable(chunks: Buffer[]): string {
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const linkIn = (mail: Mail) => {
  const match = /https:\/\/governance\.example\.org\/activate#token=[\w-]+/.exec(mail.body);
  if (!match) throw new Error(`no activation link in ${mail.body}`);
  return match[0];
};

describe('administration under separation of duties (e2e)', () => {
  let env: TestEnvironment;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let admin: GraphqlClient;
  let seq = 0;
  const colleague = (roles: string[] = ['REQUESTER'], expertise: string[] = []) => ({
    email: `colleague-${++seq}@example.org`,
    displayName: `Colleague ${seq}`,
    roles,
    expertise,
  });
  const auditCount = async () => (await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
  const invite = async (input: ReturnType<typeof colleague>) => (await admin.ok(INVITE_USER, { input })).inviteUser;
  const mailTo = (email: string) => {
    const mail = mailbox.mails.filter((m) => m.to.includes(email)).at(-1);
    if (!mail) throw new Error(`no mail to ${email}`);
    return mail;
  };
  const activate = async (token: string, password = PASSWORD) =>
    (await env.anonymous.ok(ACTIVATE_ACCOUNT, { token, password })).activateAccount;

  beforeAll(async () => {
    mailbox = await startMailbox();
    env = await createTestEnvironment({
      SMTP_URL: mailbox.url,
      PUBLIC_URL,
      MAIL_FROM: 'Governance <governance@example.org>',
    });
    admin = await env.as('admin');
  });
  afterAll(async () => {
    await env?.close();
    await new Promise<void>((resolve) => mailbox?.server.close(() => resolve()));
  });

  describe('incompatible role pairs', () => {
    it.each([
      [['ORG_ADMIN', 'APPROVER'], 'ORG_ADMIN and APPROVER'],
      [['REVIEWER', 'ORG_ADMIN'], 'ORG_ADMIN and REVIEWER'],
    ])('refuses inviting a user with %j, naming the pair, and writes nothing', async (roles, pair) => {
      const before = await auditCount();
      const input = colleague(roles);
      const result = await invite(input);
      expect(result).toEqual({
        __typename: 'ValidationError',
        message: expect.stringContaining(pair),
        fieldErrors: [{ field: 'input.roles', message: expect.stringContaining(pair) }],
      });
      expect(await auditCount()).toBe(before);
      expect(mailbox.mails.filter((m) => m.to.includes(input.email))).toEqual([]);
      expect((await invite(input)).__typename).toBe('ValidationError');
    });

    it('refuses setUserRoles that would join a pair, leaving the roles as they were', async () => {
      const invited = await invite(colleague(['APPROVER'], ['SECURITY']));
      const before = await auditCount();
      const { setUserRoles } = await admin.ok(SET_ROLES, { id: invited.id, roles: ['APPROVER', 'ORG_ADMIN'] });
      expect(setUserRoles).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: [{ field: 'roles', message: expect.stringContaining('ORG_ADMIN and APPROVER') }],
      });
      expect(await auditCount()).toBe(before);
      const [row] = await env.dataSource.query(`SELECT roles FROM app_user WHERE id = $1`, [invited.id]);
      expect(row.roles).toEqual(['APPROVER']);
    });

    it('holds on the system paths too (demo seed, fixtures): a user with a pair is never created', async () => {
      await expect(
        addTestUser(env.app, 'demo', {
          email: 'system-pair@example.org',
          roles: ['ORG_ADMIN', 'REVIEWER'],
          password: PASSWORD,
        }),
      ).rejects.toThrow(/ORG_ADMIN and REVIEWER/);
      const rows = await env.dataSource.query(`SELECT 1 FROM app_user WHERE email = 'system-pair@example.org'`);
      expect(rows).toEqual([]);
    });

    it('the seeded demo users hold no incompatible pair', async () => {
      const rows: Array<{ roles: string[] }> = await env.dataSource.query(`SELECT roles FROM app_user`);
      for (const { roles } of rows) {
        expect(roles.includes('ORG_ADMIN') && (roles.includes('APPROVER') || roles.includes('REVIEWER'))).toBe(false);
      }
    });
  });

  describe('one ORG_ADMIN trying to meet a quorum alone', () => {
    it('an admin can neither grant itself APPROVER, nor vote, nor learn the password of an approver it invites', async () => {
      const { me } = await admin.ok(ME);
      const everyExpertise = ['SECURITY', 'LEGAL', 'DATA_PROTECTION', 'ETHICS', 'TECHNICAL'];
      const grant = await admin.ok(SET_ROLES, {
        id: me.id,
        roles: ['ORG_ADMIN', 'APPROVER'],
        expertise: everyExpertise,
      });
      expect(grant.setUserRoles.__typename).toBe('ValidationError');
      expect((await admin.ok(ME)).me.roles).toEqual(['ORG_ADMIN']);

      // A second approver "with a password it chose": the API has no way to set one.
      const withPassword = await admin.request(INVITE_USER, {
        input: { ...colleague(['APPROVER'], everyExpertise), password: 'chosen-by-the-admin' },
      });
      expect(withPassword.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      const accomplice = colleague(['APPROVER'], everyExpertise);
      const answer = await admin.request(EVERY_USER_FIELD, { input: accomplice });
      expect(answer.data?.inviteUser).toMatchObject({ __typename: 'User', activatedAt: null });
      const token = tokenOf(linkIn(mailTo(accomplice.email)));
      expect(JSON.stringify(answer)).not.toContain(token);
      expect(await env.anonymous.errorCode(LOGIN, { email: accomplice.email, password: 'chosen-by-the-admin' })).toBe(
        'UNAUTHENTICATED',
      );

      // So a HIGH request still needs real approvers: the admin's own vote is refused.
      const [requester, reviewer] = await Promise.all([env.as('requester'), env.as('reviewer')]);
      const request = await awaitingDecision(
        { requester, reviewer },
        await modelId(requester, 'Mistral 7B v0.1'),
        'HIGH',
        'One-admin quorum attempt',
      );
      const vote = await admin.request(CAST_DECISION, {
        id: request.id,
        input: { vote: 'APPROVE', rationale: 'I approve of myself' },
      });
      expect(vote.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('invitations', () => {
    it('sends a one-time link by e-mail; the invitee cannot sign in before using it, and it works once', async () => {
      const input = colleague(['REVIEWER']);
      const invited = await invite(input);
      expect(invited).toMatchObject({ __typename: 'User', email: input.email, activatedAt: null, active: true });
      const mail = mailTo(input.email);
      expect(mail.body).toContain('From: Governance <governance@example.org>');
      const link = linkIn(mail);
      expect(await env.anonymous.errorCode(LOGIN, { email: input.email, password: PASSWORD })).toBe('UNAUTHENTICATED');

      // A weak password is refused without using up the link.
      const weak = await activate(tokenOf(link), 'short');
      expect(weak).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ field: 'password' }] });
      const derived = await activate(tokenOf(link), `${input.email.split('@')[0]}-2026!`);
      expect(derived).toMatchObject({
        fieldErrors: [{ field: 'password', message: expect.stringMatching(/address/) }],
      });

      const done = await activate(tokenOf(link));
      expect(done).toMatchObject({ __typename: 'AuthPayload', user: { email: input.email } });
      const { me } = await env.anonymous.withToken(done.accessToken).ok(ME);
      expect(me.activatedAt).not.toBeNull();
      expect((await env.anonymous.ok(LOGIN, { email: input.email, password: PASSWORD })).login.user.email).toBe(
        input.email,
      );

      const again = await activate(tokenOf(link), 'another-fine-passphrase');
      expect(again).toEqual({
        __typename: 'ValidationError',
        message: `token: ${UNUSABLE}`,
        fieldErrors: [{ field: 'token', message: UNUSABLE }],
      });
      expect((await env.anonymous.ok(LOGIN, { email: input.email, password: PASSWORD })).login).toBeDefined();
    });

    it('refuses an expired link and an unknown one with the same answer as a used one', async () => {
      const input = colleague();
      const invited = await invite(input);
      const link = linkIn(mailTo(input.email));
      const expectedHours = env.config.INVITATION_TTL_HOURS;
      const [row] = await env.dataSource.query(
        `SELECT round(extract(epoch FROM expires_at - issued_at) / 3600)::int AS hours FROM user_invitation WHERE user_id = $1`,
        [invited.id],
      );
      expect(row.hours).toBe(expectedHours);
      await env.dataSource.query(
        `UPDATE user_invitation SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [invited.id],
      );
      const expired = await activate(tokenOf(link));
      const unknown = await activate(randomBytes(32).toString('base64url'));
      const garbage = await activate('not a token at all');
      for (const answer of [expired, unknown, garbage]) {
        expect(answer).toEqual({
          __typename: 'ValidationError',
          message: `token: ${UNUSABLE}`,
          fieldErrors: [{ field: 'token', message: UNUSABLE }],
        });
      }
      expect(await env.anonymous.errorCode(LOGIN, { email: input.email, password: PASSWORD })).toBe('UNAUTHENTICATED');
    });

    it('keeps only a hash of the token, and the invitation of a deactivated user dies with it', async () => {
      const input = colleague();
      const invited = await invite(input);
      const token = tokenOf(linkIn(mailTo(input.email)));
      const rows = await env.dataSource.query(`SELECT * FROM user_invitation WHERE user_id = $1`, [invited.id]);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);
      await admin.ok(`mutation($id: ID!) { deactivateUser(userId: $id) { ... on User { id } } }`, { id: invited.id });
      expect(await activate(token)).toMatchObject({ fieldErrors: [{ field: 'token', message: UNUSABLE }] });
    });

    it('the operator CLI hands out a fresh link (the earlier one stops working), and only for a pending invitation', async () => {
      const input = colleague(['AUDITOR']);
      await invite(input);
      const mailed = linkIn(mailTo(input.email));
      const result = await invitationLink(env.app, input.email.toUpperCase());
      expect(result).toMatchObject({ exitCode: 0, output: { email: input.email, expiresAt: expect.any(String) } });
      const fresh = String(result.output.activationLink);
      expect(fresh.startsWith(`${PUBLIC_URL}/activate#token=`)).toBe(true);
      expect(await activate(tokenOf(mailed))).toMatchObject({ fieldErrors: [{ field: 'token' }] });
      const client = await activateAccount(env.anonymous, fresh, PASSWORD);
      expect((await client.ok(ME)).me.email).toBe(input.email);
      await expect(invitationLink(env.app, input.email)).rejects.toThrow(/no pending invitation/);
      await expect(invitationLink(env.app, 'nobody@example.org')).rejects.toThrow(/no pending invitation/);
    });

    it('create-admin invites the first ORG_ADMIN of a new organisation by e-mail when SMTP is configured', async () => {
      const result = await createAdmin(env.app, {
        org: 'invited-org',
        orgName: 'Invited Org',
        email: 'first@invited-org.example',
        displayName: 'First',
      });
      expect(result.output).toMatchObject({ delivery: 'sent by e-mail' });
      expect(result.output).not.toHaveProperty('activationLink');
      const client = await activateAccount(env.anonymous, linkIn(mailTo('first@invited-org.example')), PASSWORD);
      expect((await client.ok(ME)).me.roles).toEqual(['ORG_ADMIN']);
    });

    it('records invitation, renewal and activation in the audit log, without the token', async () => {
      const input = colleague(['REQUESTER']);
      const invited = await invite(input);
      const link = String((await invitationLink(env.app, input.email)).output.activationLink);
      await activateAccount(env.anonymous, link, PASSWORD);
      const events: Array<{ action: string; actor_label: string; payload: object }> = await env.dataSource.query(
        `SELECT action, actor_label, payload FROM audit_event WHERE subject_id = $1 ORDER BY seq`,
        [invited.id],
      );
      expect(events.map((e) => [e.action, e.actor_label])).toEqual([
        ['user.invited', DEMO_USERS.admin],
        ['user.invitation_renewed', 'system'],
        ['user.activated', input.email],
      ]);
      expect(events[0].payload).toMatchObject({ email: input.email, roles: ['REQUESTER'], delivery: 'EMAIL' });
      expect(events[1].payload).toMatchObject({ delivery: 'OPERATOR' });
      const text = JSON.stringify(events);
      expect(text).not.toContain(tokenOf(link));
      expect(text).not.toContain(tokenOf(linkIn(mailTo(input.email))));
    });
  });

  describe('logins are global', () => {
    it('refuses an address of another organisation with the same neutral answer as one of this organisation', async () => {
      const elsewhere = await invite({ ...colleague(), email: DEMO_USERS.otherRequester });
      const here = await invite({ ...colleague(), email: DEMO_USERS.auditor.toUpperCase() });
      const neutral = {
        __typename: 'ValidationError',
        message: 'input.email: this address cannot be used',
        fieldErrors: [{ field: 'input.email', message: 'this address cannot be used' }],
      };
      expect(elsewhere).toEqual(neutral);
      expect(here).toEqual(neutral);
      await expect(
        createAdmin(env.app, { org: 'demo', email: DEMO_USERS.otherRequester, displayName: 'Again' }),
      ).rejects.toThrow(/this address cannot be used/);
    });
  });

  describe('portfolio', () => {
    it('shows the role grants and activations of the last 30 days: who, which roles, by whom, when', async () => {
      const input = colleague(['REQUESTER']);
      const invited = await invite(input);
      await activateAccount(env.anonymous, linkIn(mailTo(input.email)), PASSWORD);
      await admin.ok(SET_ROLES, { id: invited.id, roles: ['REQUESTER', 'APPROVER'], expertise: ['LEGAL'] });
      const { portfolio } = await (await env.as('auditor')).ok(PORTFOLIO);
      const mine = portfolio.recentAccessChanges.filter((c: { userId: string }) => c.userId === invited.id);
      expect(mine).toEqual([
        {
          kind: 'ROLES_GRANTED',
          userId: invited.id,
          userEmail: input.email,
          userDisplayName: input.displayName,
          roles: ['APPROVER'],
          by: DEMO_USERS.admin,
          occurredAt: expect.any(String),
        },
        {
          kind: 'ACCOUNT_ACTIVATED',
          userId: invited.id,
          userEmail: input.email,
          userDisplayName: input.displayName,
          roles: ['REQUESTER'],
          by: input.email,
          occurredAt: expect.any(String),
        },
        {
          kind: 'ROLES_GRANTED',
          userId: invited.id,
          userEmail: input.email,
          userDisplayName: input.displayName,
          roles: ['REQUESTER'],
          by: DEMO_USERS.admin,
          occurredAt: expect.any(String),
        },
      ]);
      for (const change of mine) expect(Date.now() - Date.parse(change.occurredAt)).toBeLessThan(30 * 86_400_000);
      await env.dataSource.query(`UPDATE role_grant SET occurred_at = now() - interval '31 days' WHERE user_id = $1`, [
        invited.id,
      ]);
      const later = await (await env.as('auditor')).ok(PORTFOLIO);
      expect(later.portfolio.recentAccessChanges.filter((c: { userId: string }) => c.userId === invited.id)).toEqual(
        [],
      );
    });
  });

  describe('concurrent sign-ins', () => {
    it('refuses a sign-in as RATE_LIMITED with Retry-After while every argon2 slot and queue place is taken', async () => {
      const limits = env.app.get(LoginLimits);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const occupied = Array.from({ length: env.config.LOGIN_MAX_CONCURRENT * 5 }, () => limits.verify(() => held));
      const busy = await env.anonymous.request(LOGIN, { email: DEMO_USERS.requester, password: DEMO_PASSWORD });
      expect(busy.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
      expect(busy.errors?.[0].message).toMatch(/busy/);
      expect(busy.status).toBe(429);
      expect(busy.headers.get('retry-after')).toBe('1');
      release();
      await Promise.all(occupied);
      const served = await env.anonymous.request(LOGIN, { email: DEMO_USERS.requester, password: DEMO_PASSWORD });
      expect(served.errors).toBeUndefined();
    });
  });
});

describe('sign-in limit per client address (e2e)', () => {
  const LIMIT = 5;
  const attempt = (env: TestEnvironment, i: number, forwardedFor: string) =>
    env.anonymous.request(
      LOGIN,
      { email: `nobody-${i}@example.org`, password: 'not-the-password' },
      {
        'x-forwarded-for': forwardedFor,
      },
    );

  describe('without TRUST_PROXY (the default)', () => {
    let env: TestEnvironment;
    beforeAll(async () => {
      env = await createTestEnvironment({ LOGIN_IP_MAX_PER_MINUTE: String(LIMIT) });
    });
    afterAll(() => env?.close());

    it('counts every attempt of the connection, whatever X-Forwarded-For claims, then refuses with Retry-After', async () => {
      for (let i = 0; i < LIMIT; i++) {
        expect((await attempt(env, i, `203.0.113.${i}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      const refused = await env.anonymous.request(
        LOGIN,
        { email: DEMO_USERS.requester, password: DEMO_PASSWORD },
        { 'x-forwarded-for': '198.51.100.77' },
      );
      const wait = refused.errors?.[0].extensions?.retryAfterSeconds as number;
      expect(refused.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(refused.errors?.[0].message).toMatch(/from your address/);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe(String(wait));
      expect(refused.data).toBeNull();
    });
  });

  describe('with TRUST_PROXY naming the proxy', () => {
    let env: TestEnvironment;
    beforeAll(async () => {
      env = await createTestEnvironment({ LOGIN_IP_MAX_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'loopback' });
    });
    afterAll(() => env?.close());

    it('counts each forwarded client on its own', async () => {
      for (let i = 0; i < LIMIT; i++) {
        expect((await attempt(env, i, '203.0.113.7')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect((await attempt(env, LIMIT, '203.0.113.7')).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect((await attempt(env, LIMIT, '198.51.100.9')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // IPv6 clients are counted by their /64: rotating within it does not help.
      for (let i = 0; i < LIMIT; i++) {
        expect((await attempt(env, i, `2001:db8:1:2::${i + 1}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect((await attempt(env, LIMIT, '2001:db8:1:2:ffff::9')).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    });
  });
});

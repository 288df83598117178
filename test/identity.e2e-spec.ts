import { SignJWT } from 'jose';
import {
  activateAccount,
  createTestEnvironment,
  DEMO_PASSWORD,
  DEMO_USERS,
  DemoUser,
  INVITE_USER,
  inviteAndActivate,
  LOGIN,
  TestEnvironment,
} from '@app/testing';
import { createAdmin } from '../apps/cli/src/commands/commands';

const ME = `{ me { id email displayName roles expertise active organisation { id slug name } } }`;
const SET_ROLES = `mutation($id: ID!, $roles: [Role!]!, $expertise: [Expertise!]) {
  setUserRoles(userId: $id, roles: $roles, expertise: $expertise) {
    __typename ... on User { id roles expertise } ... on ValidationError { message } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(userId: $id) {
    __typename ... on User { id active } ... on ValidationError { message fieldErrors { field message } } } }`;
const USER = `query($id: ID!) { user(id: $id) { id email } }`;

const PASSWORD = 'a-long-enough-password';
const newUser = (email: string) => ({ email, displayName: 'New Colleague', roles: ['REQUESTER'], expertise: [] });

describe('identity (e2e)', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env?.close());

  /** A colleague invited by the demo admin who has activated their account with PASSWORD. */
  const joined = async (input: { email: string; displayName: string; roles: string[]; expertise?: string[] }) =>
    inviteAndActivate(env, await env.as('admin'), input, PASSWORD);

  describe('login', () => {
    it('returns an expiring token and the user', async () => {
      const data = await env.anonymous.ok(LOGIN, { email: DEMO_USERS.requester, password: DEMO_PASSWORD });
      expect(data.login.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const expiresIn = new Date(data.login.expiresAt).getTime() - Date.now();
      expect(expiresIn).toBeGreaterThan(3500_000);
      expect(expiresIn).toBeLessThanOrEqual(3600_000);
      expect(data.login.user.email).toBe(DEMO_USERS.requester);
    });

    it('accepts the email in any case', async () => {
      const data = await env.anonymous.ok(LOGIN, { email: 'Reviewer@Example.org', password: DEMO_PASSWORD });
      expect(data.login.user.email).toBe(DEMO_USERS.reviewer);
    });

    it('answers unknown email and wrong password with the same UNAUTHENTICATED error', async () => {
      const unknown = await env.anonymous.request(LOGIN, { email: 'nobody@example.org', password: DEMO_PASSWORD });
      const wrong = await env.anonymous.request(LOGIN, { email: DEMO_USERS.auditor, password: 'not-the-password' });
      expect(unknown.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(unknown.errors?.[0].message).toBe(wrong.errors?.[0].message);
      expect(unknown.data).toBeNull();
    });

    it('throttles repeated failures for one account, then refuses even the right password', async () => {
      const email = 'throttled@example.org';
      await joined(newUser(email));
      for (let i = 0; i < env.config.LOGIN_MAX_FAILURES; i++) {
        expect(await env.anonymous.errorCode(LOGIN, { email, password: 'wrong-password-' + i })).toBe(
          'UNAUTHENTICATED',
        );
      }
      const locked = await env.anonymous.request(LOGIN, { email, password: PASSWORD });
      expect(locked.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(locked.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
      // Other accounts are unaffected.
      expect(
        (await env.anonymous.request(LOGIN, { email: DEMO_USERS.auditor, password: DEMO_PASSWORD })).errors,
      ).toBeUndefined();
    });
  });

  describe('me', () => {
    it.each<[DemoUser, string[], string[], string]>([
      ['admin', ['ORG_ADMIN'], [], 'demo'],
      ['requester', ['REQUESTER'], [], 'demo'],
      ['reviewer', ['REVIEWER'], [], 'demo'],
      ['approver1', ['APPROVER'], ['SECURITY'], 'demo'],
      ['approver2', ['APPROVER'], ['DATA_PROTECTION', 'LEGAL'], 'demo'],
      ['approver3', ['APPROVER'], ['ETHICS', 'TECHNICAL'], 'demo'],
      ['auditor', ['AUDITOR'], [], 'demo'],
      ['policy', ['POLICY_ADMIN'], [], 'demo'],
      ['otherRequester', ['REQUESTER'], [], 'other'],
    ])('shows %s who they are', async (user, roles, expertise, slug) => {
      const { me } = await (await env.as(user)).ok(ME);
      expect(me).toMatchObject({ email: DEMO_USERS[user], roles, expertise, active: true, organisation: { slug } });
    });

    it('refuses a request without a token', async () => {
      expect(await env.anonymous.errorCode(ME)).toBe('UNAUTHENTICATED');
    });

    it('refuses an expired token', async () => {
      const { me } = await (await env.as('requester')).ok(ME);
      const expired = await new SignJWT({ org: me.organisation.id })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(me.id)
        .setIssuer(env.config.JWT_ISSUER)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(new TextEncoder().encode(env.config.jwtSecret));
      const res = await env.anonymous.withToken(expired).request(ME);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].message).toMatch(/expired/);
    });

    it('refuses a forged token (signed with another key) and garbage', async () => {
      const { me } = await (await env.as('admin')).ok(ME);
      const forged = await new SignJWT({ org: me.organisation.id })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(me.id)
        .setIssuer(env.config.JWT_ISSUER)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
      expect(await env.anonymous.withToken(forged).errorCode(ME)).toBe('UNAUTHENTICATED');
      expect(await env.anonymous.withToken('not.a.token').errorCode(ME)).toBe('UNAUTHENTICATED');
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: me.id, iss: env.config.JWT_ISSUER })).toString('base64url')}.`;
      expect(await env.anonymous.withToken(unsigned).errorCode(ME)).toBe('UNAUTHENTICATED');
    });
  });

  describe('user administration', () => {
    it('lets ORG_ADMIN invite a user who, once activated, can sign in', async () => {
      const admin = await env.as('admin');
      const { inviteUser } = await admin.ok(INVITE_USER, {
        input: { ...newUser('new.approver@example.org'), roles: ['APPROVER'], expertise: ['ETHICS'] },
      });
      expect(inviteUser).toMatchObject({
        __typename: 'User',
        email: 'new.approver@example.org',
        roles: ['APPROVER'],
        expertise: ['ETHICS'],
        active: true,
        activatedAt: null,
      });
      const { client } = await inviteAndActivate(env, admin, newUser('colleague.joins@example.org'), PASSWORD);
      expect((await client.ok(ME)).me.organisation.slug).toBe('demo');
    });

    it.each<DemoUser>(['requester', 'reviewer', 'approver1', 'auditor', 'policy', 'otherRequester'])(
      'refuses inviteUser for %s with FORBIDDEN',
      async (user) => {
        const res = await (await env.as(user)).request(INVITE_USER, { input: newUser(`by-${user}@example.org`) });
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      },
    );

    it.each<DemoUser>(['requester', 'reviewer', 'approver1', 'auditor', 'policy'])(
      'refuses setUserRoles and deactivateUser for %s with FORBIDDEN',
      async (user) => {
        const { me } = await (await env.as('requester')).ok(ME);
        const client = await env.as(user);
        expect(await client.errorCode(SET_ROLES, { id: me.id, roles: ['ORG_ADMIN'] })).toBe('FORBIDDEN');
        expect(await client.errorCode(DEACTIVATE, { id: me.id })).toBe('FORBIDDEN');
      },
    );

    it('refuses bad input with a message naming the field, and writes nothing', async () => {
      const admin = await env.as('admin');
      const before = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
      const bad = await admin.request(INVITE_USER, { input: { ...newUser('not-an-email'), displayName: '' } });
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0].message).toMatch(/email/);
      expect(bad.errors?.[0].message).toMatch(/displayName/);
      const dup = await admin.ok(INVITE_USER, { input: newUser(DEMO_USERS.auditor.toUpperCase()) });
      expect(dup.inviteUser).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: [{ field: 'input.email', message: 'this address cannot be used' }],
      });
      const role = await admin.request(INVITE_USER, { input: { ...newUser('x@example.org'), roles: ['KING'] } });
      expect(role.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const after = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
      expect(after[0].n).toBe(before[0].n);
    });

    it('changes roles and expertise; the change applies to the next request', async () => {
      const admin = await env.as('admin');
      const { id, client: user } = await joined(newUser('promoted@example.org'));
      expect(await user.errorCode(INVITE_USER, { input: newUser('x1@example.org') })).toBe('FORBIDDEN');
      const { setUserRoles } = await admin.ok(SET_ROLES, {
        id,
        roles: ['ORG_ADMIN', 'AUDITOR'],
        expertise: ['LEGAL'],
      });
      expect(setUserRoles).toMatchObject({ roles: ['AUDITOR', 'ORG_ADMIN'], expertise: ['LEGAL'] });
      expect((await user.request(INVITE_USER, { input: newUser('x2@example.org') })).errors).toBeUndefined();
      // Taking a role away applies as soon, with the same token (verified before, and remembered).
      await admin.ok(SET_ROLES, { id, roles: ['AUDITOR'], expertise: [] });
      expect(await user.errorCode(INVITE_USER, { input: newUser('x3@example.org') })).toBe('FORBIDDEN');
      expect((await user.ok(ME)).me).toMatchObject({ roles: ['AUDITOR'], expertise: [] });
    });

    it('deactivated users can neither sign in nor use a token they already hold', async () => {
      const admin = await env.as('admin');
      const { id, client: user } = await joined(newUser('leaving@example.org'));
      // The token has been used (and so verified and remembered) before the deactivation.
      expect((await user.ok(ME)).me).toMatchObject({ id, active: true });
      const { deactivateUser } = await admin.ok(DEACTIVATE, { id });
      expect(deactivateUser).toMatchObject({ __typename: 'User', id, active: false });
      expect(await user.errorCode(ME)).toBe('UNAUTHENTICATED');
      expect(await env.anonymous.errorCode(LOGIN, { email: 'leaving@example.org', password: PASSWORD })).toBe(
        'UNAUTHENTICATED',
      );
    });
  });

  describe('refusals are results', () => {
    it('refuses deactivating yourself with a ValidationError naming userId, and writes nothing', async () => {
      const admin = await env.as('admin');
      const { me } = await admin.ok(ME);
      const before = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
      const { deactivateUser } = await admin.ok(DEACTIVATE, { id: me.id });
      expect(deactivateUser).toEqual({
        __typename: 'ValidationError',
        message: 'userId: you cannot deactivate yourself',
        fieldErrors: [{ field: 'userId', message: 'you cannot deactivate yourself' }],
      });
      const after = await env.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
      expect(after[0].n).toBe(before[0].n);
      expect((await admin.ok(ME)).me.active).toBe(true);
    });
  });

  describe('tenant isolation', () => {
    it('answers NOT_FOUND for users of another organisation, even to its admin', async () => {
      const { me: demoRequester } = await (await env.as('requester')).ok(ME);
      // An admin of `other`, created the way an operator would (invited by the CLI, then activated).
      const invited = await createAdmin(env.app, {
        org: 'other',
        email: 'temp-admin@example.org',
        displayName: 'Temp',
      });
      const outsider = await activateAccount(env.anonymous, String(invited.output.activationLink), PASSWORD);
      expect((await outsider.ok(ME)).me.organisation.slug).toBe('other');
      expect(await outsider.errorCode(USER, { id: demoRequester.id })).toBe('NOT_FOUND');
      expect(await outsider.errorCode(SET_ROLES, { id: demoRequester.id, roles: ['ORG_ADMIN'] })).toBe('NOT_FOUND');
      expect(await outsider.errorCode(DEACTIVATE, { id: demoRequester.id })).toBe('NOT_FOUND');
      const still = await (await env.as('requester')).ok(ME);
      expect(still.me.roles).toEqual(['REQUESTER']);
    });

    it('answers NOT_FOUND for ids that are not ids at all', async () => {
      expect(await (await env.as('admin')).errorCode(USER, { id: 'nonsense' })).toBe('NOT_FOUND');
    });
  });
});

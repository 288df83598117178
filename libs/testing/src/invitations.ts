import { invitationLink } from '../../../apps/cli/src/commands/commands';
import { GraphqlClient } from './graphql-client';
import type { TestEnvironment } from './test-environment';

export const INVITE_USER = `mutation($input: InviteUserInput!) { inviteUser(input: $input) {
  __typename ... on User { id email roles expertise active activatedAt } ... on ValidationError { message fieldErrors { field message } } } }`;

export const ACTIVATE_ACCOUNT = `mutation($token: String!, $password: String!) { activateAccount(token: $token, password: $password) {
  __typename ... on AuthPayload { accessToken user { id email } } ... on ValidationError { message fieldErrors { field message } } } }`;

/** The one-time token of an activation link (it travels in the fragment: `…/activate#token=…`). */
export function tokenOf(link: string): string {
  const token = new URL(link).hash.replace(/^#token=/, '');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** Activates an account the way the invitee does, and returns a client signed in as them. */
export async function activateAccount(
  anonymous: GraphqlClient,
  link: string,
  password: string,
): Promise<GraphqlClient> {
  const { activateAccount: result } = await anonymous.ok(ACTIVATE_ACCOUNT, { token: tokenOf(link), password });
  if (result.__typename !== 'AuthPayload') throw new Error(`activation refused: ${JSON.stringify(result)}`);
  return anonymous.withToken(result.accessToken);
}

/**
 * Invites a user through the API as `admin`, has the operator issue a link (the CLI's path where no mail is
 * configured) and activates it with `password`: the whole way a new colleague joins. Returns their id and
 * a client signed in as them.
 */
export async function inviteAndActivate(
  env: TestEnvironment,
  admin: GraphqlClient,
  input: { email: string; displayName: string; roles: string[]; expertise?: string[] },
  password: string,
): Promise<{ id: string; client: GraphqlClient }> {
  const { inviteUser } = await admin.ok(INVITE_USER, { input });
  if (inviteUser.__typename !== 'User') throw new Error(`invitation refused: ${JSON.stringify(inviteUser)}`);
  const { output } = await invitationLink(env.app, input.email);
  return { id: inviteUser.id, client: await activateAccount(env.anonymous, String(output.activationLink), password) };
}

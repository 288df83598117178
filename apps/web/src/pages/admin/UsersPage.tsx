import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Pager, useCursorPages } from '../../components/Pager';
import { graphql } from '../../gql';
import type { AdminUsersQuery, Expertise, Role } from '../../gql/graphql';
import { ActionError, fieldErrors, isErrorResult, QueryError, unshownFieldErrors } from '../../lib/errors';
import { useSession } from '../../lib/session';

const USERS = graphql(`
  query AdminUsers($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          email
          displayName
          roles
          expertise
          active
          activatedAt
        }
      }
    }
  }
`);

const SET_ROLES = graphql(`
  mutation AdminSetUserRoles($userId: ID!, $roles: [Role!]!, $expertise: [Expertise!]) {
    setUserRoles(userId: $userId, roles: $roles, expertise: $expertise) {
      __typename
      ... on User {
        id
        roles
        expertise
      }
      ...Refusal
    }
  }
`);

const INVITE = graphql(`
  mutation AdminInviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      __typename
      ... on User {
        id
        email
        displayName
        roles
        activatedAt
      }
      ...Refusal
    }
  }
`);

const DEACTIVATE = graphql(`
  mutation AdminDeactivateUser($userId: ID!) {
    deactivateUser(userId: $userId) {
      __typename
      ... on User {
        id
        active
      }
      ...Refusal
    }
  }
`);

type UserRow = AdminUsersQuery['users']['edges'][number]['node'];

const ROLES: Role[] = ['REQUESTER', 'REVIEWER', 'APPROVER', 'AUDITOR', 'POLICY_ADMIN', 'ORG_ADMIN'];
const EXPERTISE: Expertise[] = ['DATA_PROTECTION', 'ETHICS', 'LEGAL', 'SECURITY', 'TECHNICAL'];
const words = (s: string) => s.toLowerCase().replaceAll('_', ' ');
const roleOptions = ROLES.map((r) => ({ value: r, label: words(r) }));
const expertiseOptions = EXPERTISE.map((e) => ({ value: e, label: words(e) }));

/** A refusal to show beside the action, unless every message it holds is already shown beside its field. */
function refusalNotShownBesideFields(answer: unknown, prefix: string, shown: string[]) {
  if (!isErrorResult(answer)) return undefined;
  if (answer.fieldErrors?.length && unshownFieldErrors(answer, prefix, shown).length === 0) return undefined;
  return answer;
}

function statusOf(u: UserRow): string {
  if (!u.active) return 'Deactivated';
  return u.activatedAt ? 'Active' : 'Invited (not yet signed in)';
}

function EditUser({ user, onDone }: { user: UserRow; onDone: () => void }) {
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [expertise, setExpertise] = useState<string[]>(user.expertise);
  const [result, setUserRoles] = useMutation(SET_ROLES);
  const answer = result.data?.setUserRoles;
  const errors = fieldErrors(answer);
  return (
    <Stack
      component="form"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await setUserRoles({ userId: user.id, roles: roles as Role[], expertise: expertise as Expertise[] });
        if (r.data?.setUserRoles.__typename === 'User') onDone();
      }}
    >
      <MultiSelect
        searchable
        comboboxProps={{ withinPortal: false }}
        label="Roles"
        data={roleOptions}
        value={roles}
        onChange={setRoles}
        error={errors.roles}
      />
      <MultiSelect
        searchable
        comboboxProps={{ withinPortal: false }}
        label="Expertise"
        description="What this person brings to approvals that need it (approvers)."
        data={expertiseOptions}
        value={expertise}
        onChange={setExpertise}
        error={errors.expertise}
      />
      <ActionError
        result={refusalNotShownBesideFields(answer, '', ['roles', 'expertise'])}
        error={result.error}
        shownFields={['roles', 'expertise']}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={result.fetching}>
          Save roles and expertise
        </Button>
      </Group>
    </Stack>
  );
}

function InviteUser({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>(['REQUESTER']);
  const [expertise, setExpertise] = useState<string[]>([]);
  const [result, invite] = useMutation(INVITE);
  const answer = result.data?.inviteUser;
  const errors = fieldErrors(answer, 'input.');
  return (
    <Stack
      component="form"
      maw={560}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await invite({
          input: { email, displayName, roles: roles as Role[], expertise: expertise as Expertise[] },
        });
        if (r.data?.inviteUser.__typename === 'User') {
          setEmail('');
          setDisplayName('');
          onInvited();
        }
      }}
    >
      <Title order={2}>Invite a colleague</Title>
      <TextInput
        label="E-mail address"
        required
        type="email"
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={errors.email}
      />
      <TextInput
        label="Name"
        required
        value={displayName}
        onChange={(e) => setDisplayName(e.currentTarget.value)}
        error={errors.displayName}
      />
      <MultiSelect
        label="Roles of the new user"
        data={roleOptions}
        value={roles}
        onChange={setRoles}
        error={errors.roles}
      />
      <MultiSelect
        label="Expertise of the new user"
        data={expertiseOptions}
        value={expertise}
        onChange={setExpertise}
        error={errors.expertise}
      />
      <Group>
        <Button type="submit" loading={result.fetching}>
          Send invitation
        </Button>
      </Group>
      <ActionError
        result={refusalNotShownBesideFields(answer, 'input.', ['email', 'displayName', 'roles', 'expertise'])}
        error={result.error}
        prefix="input."
        shownFields={['email', 'displayName', 'roles', 'expertise']}
      />
      {answer?.__typename === 'User' && (
        <Alert color="green.9" variant="outline" role="status" title="Invitation created">
          {answer.displayName} ({answer.email}) is invited as {answer.roles.map(words).join(', ')}. They receive a
          one-time link to choose their password: by e-mail when the service sends mail, otherwise ask your operator for
          the link. The link is never shown here.
        </Alert>
      )}
    </Stack>
  );
}

/** The organisation's users (ORG_ADMIN): roles and expertise, invitations, deactivation. */
export default function UsersPage() {
  const { user: me } = useSession();
  const pages = useCursorPages();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const filter = { search: search.trim() || null, role: (role as Role) ?? null };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: USERS,
    variables: { first: 20, after: pages.after, filter },
  });
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [deactivating, setDeactivating] = useState<UserRow | null>(null);
  const [deactivated, deactivate] = useMutation(DEACTIVATE);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const deactivateAnswer = deactivated.data?.deactivateUser;
  const deactivateErrors = fieldErrors(deactivateAnswer);

  return (
    <Stack>
      <Title order={1}>Users</Title>
      <Text>
        The people of your organisation, what they may do (roles) and what they bring to approvals (expertise). An
        administrator of accounts may not also review or approve requests: such role pairs are refused.
      </Text>
      <Group align="flex-end">
        <TextInput
          label="Search by name or e-mail"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            pages.reset();
          }}
        />
        <Select
          label="Role"
          placeholder="Any role"
          clearable
          data={roleOptions}
          value={role}
          onChange={(v) => {
            setRole(v);
            pages.reset();
          }}
        />
      </Group>
      {error && <QueryError error={error} what="the users" />}
      {fetching && !data && <Text>Loading users…</Text>}
      {notice && (
        <Alert color="green.9" variant="outline" role="status">
          {notice}
        </Alert>
      )}
      {deactivating === null && isErrorResult(deactivateAnswer) && (
        <Alert color="red" title="Not deactivated" role="alert">
          {deactivateErrors.userId ?? deactivateAnswer.message}
        </Alert>
      )}
      {data && (
        <>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>E-mail</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Expertise</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.users.edges.map(({ node: u }) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>{u.roles.map(words).join(', ') || '—'}</Table.Td>
                  <Table.Td>{u.expertise.map(words).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color={u.active ? 'teal.9' : 'gray.8'}>
                      {statusOf(u)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(u)}
                        aria-label={`Edit roles of ${u.displayName}`}
                      >
                        Edit roles
                      </Button>
                      {u.active && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setDeactivating(u)}
                          aria-label={`Deactivate ${u.displayName}`}
                        >
                          Deactivate
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager
            pages={pages}
            hasNextPage={data.users.pageInfo.hasNextPage}
            endCursor={data.users.pageInfo.endCursor}
            totalCount={data.users.totalCount}
            label="users"
          />
        </>
      )}

      <Modal
        lockScroll={false}
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={`Roles and expertise of ${editing?.displayName ?? ''}`}
      >
        {editing && (
          <EditUser
            user={editing}
            onDone={() => {
              setNotice(`Saved the roles and expertise of ${editing.displayName}.`);
              setEditing(null);
              reload();
            }}
          />
        )}
      </Modal>

      <Modal
        lockScroll={false}
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={deactivating !== null}
        onClose={() => setDeactivating(null)}
        title={`Deactivate ${deactivating?.displayName ?? ''}?`}
      >
        {deactivating && (
          <Stack>
            <Text size="sm">
              {deactivating.displayName} will no longer be able to sign in, and a pending invitation link stops working.
              {deactivating.id === me?.id ? ' You cannot deactivate yourself.' : ''}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeactivating(null)}>
                Cancel
              </Button>
              <Button
                color="red.9"
                loading={deactivated.fetching}
                onClick={async () => {
                  const who = deactivating;
                  const r = await deactivate({ userId: who.id });
                  setDeactivating(null);
                  if (r.data?.deactivateUser.__typename === 'User') {
                    setNotice(`${who.displayName} is deactivated.`);
                    reload();
                  } else setNotice(null);
                }}
              >
                Deactivate
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <InviteUser
        onInvited={() => {
          setNotice(null);
          reload();
        }}
      />
    </Stack>
  );
}

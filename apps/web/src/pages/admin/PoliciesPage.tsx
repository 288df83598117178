import { Badge, Button, Group, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ActionError, fieldErrors, isErrorResult, QueryError } from '../../lib/errors';
import { useSession } from '../../lib/session';

const POLICIES = graphql(`
  query AdminPolicies {
    policies {
      id
      name
      description
      published {
        id
        number
      }
      draft {
        id
        number
      }
    }
  }
`);

const CREATE_POLICY = graphql(`
  mutation AdminCreatePolicy($input: CreatePolicyInput!) {
    createPolicy(input: $input) {
      __typename
      ... on Policy {
        id
      }
      ...Refusal
    }
  }
`);

function NewPolicyForm() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [created, create] = useMutation(CREATE_POLICY);
  const answer = created.data?.createPolicy;
  const errors = fieldErrors(answer, 'input.');
  return (
    <Stack
      component="form"
      gap="sm"
      maw={560}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await create({ input: { name, description } });
        const policy = r.data?.createPolicy;
        if (policy?.__typename === 'Policy') navigate(`/policies/${policy.id}`);
      }}
    >
      <Title order={2}>New policy</Title>
      <Text size="sm">A new policy has no rules and decides nothing until you write its rules and publish them.</Text>
      <TextInput
        label="Name"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
      />
      <Textarea
        label="Description"
        description="What the policy is for, in plain words."
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={errors.description}
      />
      <Group>
        <Button type="submit" loading={created.fetching}>
          Create policy
        </Button>
      </Group>
      <ActionError
        result={isErrorResult(answer) ? answer : undefined}
        error={created.error}
        prefix="input."
        shownFields={['name', 'description']}
      />
    </Stack>
  );
}

/** The organisation's policies: what is in force, what is being drafted; policy admins create new ones. */
export default function PoliciesPage() {
  const { hasRole } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: POLICIES });
  const canManage = hasRole('POLICY_ADMIN');
  return (
    <Stack>
      <Title order={1}>Policies</Title>
      <Text>
        Policies are rules checked against every adoption request: they can block a request, ask for an approver with
        certain expertise, add a condition to the approval, raise the risk tier or give advice. Only the published
        version of a policy is applied; a draft changes nothing until it is published.
      </Text>
      {error && <QueryError error={error} what="the policies" />}
      {fetching && !data && <Text>Loading policies…</Text>}
      {data && (
        <Stack gap="xs">
          <Title order={2}>Policies of your organisation</Title>
          {data.policies.length === 0 ? (
            <Text>There are no policies yet.</Text>
          ) : (
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Published version</Table.Th>
                  <Table.Th>Draft</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.policies.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Link to={`/policies/${p.id}`}>{p.name}</Link>
                    </Table.Td>
                    <Table.Td>{p.description || '—'}</Table.Td>
                    <Table.Td>{p.published ? `Version ${p.published.number}` : 'None (not applied)'}</Table.Td>
                    <Table.Td>
                      {p.draft ? (
                        <Badge variant="light" color="yellow.9">
                          Yes, version {p.draft.number}
                        </Badge>
                      ) : (
                        'No'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
      {canManage && <NewPolicyForm />}
    </Stack>
  );
}

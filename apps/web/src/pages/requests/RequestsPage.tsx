import {
  Anchor,
  Button,
  Group,
  Loader,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Pager, useCursorPages } from '../../components/Pager';
import { options, STATUS, TIER } from '../../components/request/requestLabels';
import { waitingFor } from '../../components/request/waitingFor';
import { graphql } from '../../gql';
import type { AdoptionStatus, RiskTier } from '../../gql/graphql';
import { QueryError } from '../../lib/errors';
import { useSession } from '../../lib/session';

const REQUESTS = graphql(`
  query RequesterRequests($filter: AdoptionRequestFilter, $after: String) {
    adoptionRequests(filter: $filter, first: 20, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          reference
          title
          status
          tier
          updatedAt
          model {
            id
            name
          }
          requester {
            id
            displayName
          }
          approvalProgress {
            approvals
            quorum
            missingApprovals
            missingExpertise
          }
        }
      }
    }
  }
`);

const STATUSES = Object.keys(STATUS) as AdoptionStatus[];
const TIERS = Object.keys(TIER) as RiskTier[];

/** /requests: the requests the viewer may read (requesters: their own; the API decides), filtered by the address. */
export default function RequestsPage() {
  const { user, hasRole } = useSession();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is AdoptionStatus => STATUSES.includes(s as AdoptionStatus));
  const tierParam = params.get('tier');
  const tier = TIERS.includes(tierParam as RiskTier) ? (tierParam as RiskTier) : null;
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [debounced] = useDebouncedValue(search, 400);
  const pages = useCursorPages();
  const { reset } = pages;

  const update = (key: string, value: string | null) => {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
    reset();
  };
  useEffect(() => {
    if (debounced.trim() !== q.trim()) update('q', debounced.trim() || null);
    // Only the typed text drives this; the address follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const filter = {
    ...(status.length ? { status } : {}),
    ...(tier ? { tier } : {}),
    ...(q.trim() ? { search: q.trim().slice(0, 200) } : {}),
  };
  const [{ data, fetching, error }] = useQuery({ query: REQUESTS, variables: { filter, after: pages.after } });
  const pureRequester = user!.roles.length > 0 && user!.roles.every((r) => r === 'REQUESTER');
  const connection = data?.adoptionRequests;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{pureRequester ? 'My requests' : 'Requests'}</Title>
        {hasRole('REQUESTER') && (
          <Button component={Link} to="/requests/new">
            New request
          </Button>
        )}
      </Group>
      <Group align="flex-end" role="search" aria-label="Filter requests">
        <TextInput
          label="Search"
          description="Words in the title, reference or use"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maxLength={200}
        />
        <MultiSelect
          label="Status"
          description="Any status when empty"
          data={options(STATUS)}
          value={status}
          onChange={(v) => update('status', v.join(',') || null)}
          clearable
          miw={220}
        />
        <Select
          label="Risk tier"
          description="Set when the review is done"
          data={options(TIER)}
          value={tier}
          onChange={(v) => update('tier', v)}
          clearable
          placeholder="Any tier"
        />
      </Group>
      {error && <QueryError error={error} what="the requests" />}
      {!connection && fetching && <Loader aria-label="Loading the requests" />}
      {connection && (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover aria-label={pureRequester ? 'My requests' : 'Requests'}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Reference</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Model</Table.Th>
                  {!pureRequester && <Table.Th>Requester</Table.Th>}
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Waiting for</Table.Th>
                  <Table.Th>Tier</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {connection.edges.map(({ node: r }) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.reference}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/requests/${r.id}`}>
                        {r.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{r.model.name}</Table.Td>
                    {!pureRequester && <Table.Td>{r.requester.displayName}</Table.Td>}
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {STATUS[r.status]}
                      </Text>
                    </Table.Td>
                    <Table.Td>{waitingFor(r, r.requester.id === user!.id)}</Table.Td>
                    <Table.Td>{r.tier ? TIER[r.tier] : 'Not assessed'}</Table.Td>
                    <Table.Td>{new Date(r.updatedAt).toLocaleDateString('en-GB')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {connection.edges.length === 0 && (
            <Text>
              {status.length || tier || q
                ? 'No request matches these filters.'
                : pureRequester
                  ? 'You have no requests yet.'
                  : 'There are no requests yet.'}
            </Text>
          )}
          <Pager
            pages={pages}
            hasNextPage={connection.pageInfo.hasNextPage}
            endCursor={connection.pageInfo.endCursor}
            totalCount={connection.totalCountExact ? connection.totalCount : null}
            label="requests"
          />
        </>
      )}
    </Stack>
  );
}

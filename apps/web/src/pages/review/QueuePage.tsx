import { Anchor, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { STATUS_COLOUR, TIER_COLOUR, waitingFor, when, Words } from '../../components/review/format';
import { graphql } from '../../gql';
import { QueryError } from '../../lib/errors';
import { Tag } from '../../components/review/Tag';

const QUEUE = graphql(`
  query ReviewQueue {
    myQueue {
      id
      reference
      title
      status
      tier
      updatedAt
      model {
        id
        name
        weightsAccess
      }
      approvalProgress {
        approvals
        quorum
        missingApprovals
        missingExpertise
      }
    }
  }
`);

/** The API lists at most this many, those waiting longest first. */
const QUEUE_LIMIT = 100;

/**
 * What waits for the signed-in person's action, by their roles: requests to review, decisions to cast,
 * changes to make. The API answers with the 100 waiting longest, oldest first; nothing here decides who may act.
 */
export default function QueuePage() {
  const [{ data, fetching, error }] = useQuery({ query: QUEUE });
  const queue = data?.myQueue;
  return (
    <Stack>
      <Title order={1}>My queue</Title>
      <Text size="sm">
        Requests waiting for you, those waiting longest first. The list shows at most {QUEUE_LIMIT}: when it is full,
        act on the oldest and the next ones appear.
      </Text>
      {error && <QueryError error={error} what="your queue" />}
      {fetching && !queue && <Loader aria-label="Loading your queue" />}
      {queue && queue.length === 0 && <Text>Nothing waits for you now.</Text>}
      {queue && queue.length > 0 && (
        <>
          <Table striped highlightOnHover aria-label="Requests waiting for you">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reference</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Tier</Table.Th>
                <Table.Th>Waiting since</Table.Th>
                <Table.Th>Waiting for</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.reference}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/requests/${r.id}`}>
                      {r.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {r.model.name}
                    <Text size="xs">{Words(r.model.weightsAccess)} weights</Text>
                  </Table.Td>
                  <Table.Td>
                    <Tag colour={STATUS_COLOUR[r.status] ?? 'gray'}>{Words(r.status)}</Tag>
                  </Table.Td>
                  <Table.Td>
                    {r.tier ? (
                      <Tag colour={TIER_COLOUR[r.tier]}>{Words(r.tier)}</Tag>
                    ) : (
                      <Text size="sm">Not assessed yet</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{when(r.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{waitingFor(r.status, r.approvalProgress)}</Text>
                    {r.status === 'AWAITING_DECISION' && (
                      <Text size="xs">
                        {r.approvalProgress.approvals} of {r.approvalProgress.quorum} approvals so far
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" role="status">
            {queue.length} request{queue.length === 1 ? '' : 's'} waiting
            {queue.length >= QUEUE_LIMIT ? ` (the ${QUEUE_LIMIT} waiting longest are shown; more are waiting)` : ''}.
          </Text>
        </>
      )}
    </Stack>
  );
}

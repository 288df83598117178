import { Group, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import type { VoteChoice } from '../../gql/graphql';
import { useSession } from '../../lib/session';
import { when, words } from './format';
import type { ReviewRequestData } from './types';
import { votersOf } from './voters';
import { Tag } from './Tag';

export const VOTE_LABEL: Record<VoteChoice, string> = {
  APPROVE: 'Approve',
  REJECT: 'Reject',
  REQUEST_CHANGES: 'Send back for changes',
};

const VOTE_COLOUR: Record<VoteChoice, string> = { APPROVE: 'teal', REJECT: 'red', REQUEST_CHANGES: 'yellow' };

/** Where the decision stands: approvals against the quorum, what is still missing, and the votes so far. */
export function ApprovalProgressPanel({ request: r }: { request: ReviewRequestData }) {
  const { user } = useSession();
  const p = r.approvalProgress;
  const deciding = r.status === 'AWAITING_DECISION';
  if (!deciding && r.votes.length === 0) return null;
  const names = votersOf(r.history, r.votes);
  const who = (vote: { id: string; approverId: string }) =>
    vote.approverId === user?.id ? `You (${user.email})` : (names.get(vote.id) ?? 'An approver');
  return (
    <Stack gap="xs">
      <Title order={2}>Approval progress</Title>
      {deciding ? (
        <>
          <Group gap="sm" align="center">
            <Text size="sm" fw={600} aria-live="polite">
              {p.approvals} of {p.quorum} approval{p.quorum === 1 ? '' : 's'}
            </Text>
            <Progress
              value={p.quorum ? Math.min(100, (100 * p.approvals) / p.quorum) : 0}
              w={200}
              aria-label={`${p.approvals} of ${p.quorum} approvals`}
            />
          </Group>
          <Text size="sm">
            {p.missingApprovals > 0
              ? `${p.missingApprovals} more approval${p.missingApprovals === 1 ? '' : 's'} needed, each from a different approver.`
              : 'No more approvals needed.'}
          </Text>
        </>
      ) : (
        <Text size="sm">
          The decision on revision {r.revision} is {words(r.status)}
          {r.status === 'APPROVED' ? ` with ${p.approvals} of ${p.quorum} approvals` : ''}.
        </Text>
      )}
      {(p.requiredExpertise.length > 0 || p.missingExpertise.length > 0) && (
        <Text size="sm">
          Expertise required: {p.requiredExpertise.map(words).join(', ') || 'none'}
          {p.missingExpertise.length > 0 && ` · still missing: ${p.missingExpertise.map(words).join(', ')}`}
        </Text>
      )}
      {p.requiredConditions.length > 0 && (
        <div>
          <Text size="sm" fw={600}>
            Conditions the approval must carry (from the policies)
          </Text>
          <List size="sm">
            {p.requiredConditions.map((c) => (
              <List.Item key={c}>{c}</List.Item>
            ))}
          </List>
        </div>
      )}
      {r.votes.length === 0 ? (
        <Text size="sm">No votes yet.</Text>
      ) : (
        <Table striped aria-label="Votes so far">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Who</Table.Th>
              <Table.Th>Vote</Table.Th>
              <Table.Th>Rationale</Table.Th>
              <Table.Th>Conditions</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.votes.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>
                  <Text size="sm">{who(v)}</Text>
                  {v.expertise.length > 0 && <Text size="xs">Expertise: {v.expertise.map(words).join(', ')}</Text>}
                  {v.revision !== r.revision && <Text size="xs">On revision {v.revision}</Text>}
                </Table.Td>
                <Table.Td>
                  <Tag colour={VOTE_COLOUR[v.vote]}>{VOTE_LABEL[v.vote]}</Tag>
                </Table.Td>
                <Table.Td>{v.rationale}</Table.Td>
                <Table.Td>
                  {v.conditions.length ? (
                    <List size="sm">
                      {v.conditions.map((c) => (
                        <List.Item key={c}>{c}</List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text size="sm">None</Text>
                  )}
                </Table.Td>
                <Table.Td>{when(v.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

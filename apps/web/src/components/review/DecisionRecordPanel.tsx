import { Code, List, Stack, Table, Text, Title } from '@mantine/core';
import type { VoteChoice } from '../../gql/graphql';
import { useSession } from '../../lib/session';
import { VOTE_LABEL } from './ApprovalProgressPanel';
import { STATUS_COLOUR, when, Words, words } from './format';
import type { ReviewRequestData } from './types';
import { payloadOf, votersOf } from './voters';
import { Tag } from './Tag';

/** The parts of the frozen snapshot this panel reads (it holds much more: request, model, assessment, policy). */
interface Snapshot {
  outcome?: string;
  decidedAt?: string;
  request?: { tier?: string | null; reference?: string };
  assessment?: { tier?: string | null } | null;
  votes?: Array<{
    id: string;
    approverId: string;
    vote: VoteChoice;
    rationale: string;
    conditions: string[];
    expertise: string[];
    revision: number;
  }>;
  conditions?: string[];
}

function parse(snapshot: string): Snapshot {
  try {
    return JSON.parse(snapshot) as Snapshot;
  } catch {
    return {};
  }
}

/**
 * The frozen record of the latest final outcome, shown as it was recorded: it never changes, whatever happens
 * later to the request, the model or the policies. Its hash is the one bound into the audit chain.
 */
export function DecisionRecordPanel({ request: r }: { request: ReviewRequestData }) {
  const { user } = useSession();
  const record = r.decisionRecord!;
  const snap = parse(record.snapshot);
  const votes = snap.votes ?? [];
  const names = votersOf(r.history, votes);
  // The `decision_record.frozen` event carries the hash of the snapshot's canonical JSON.
  const frozen = r.history.find((h) => {
    if (h.action !== 'decision_record.frozen') return false;
    const p = payloadOf<{ revision: number; outcome: string; decisionSeq: number }>(h.payload);
    return p.decisionSeq === record.auditSeq || (p.revision === record.revision && p.outcome === record.outcome);
  });
  const hash = frozen ? payloadOf<{ snapshotHash: string }>(frozen.payload).snapshotHash : undefined;
  const tier = snap.request?.tier ?? snap.assessment?.tier ?? null;
  return (
    <Stack gap="xs">
      <Title order={2}>Decision record</Title>
      <Text size="sm">
        The evidence frozen when the decision was taken: it does not change afterwards, and its hash is kept in the
        audit chain so that any later change to it would be detected.
      </Text>
      <Table variant="vertical" withTableBorder aria-label="Decision record">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row" w="30%">
              Outcome
            </Table.Th>
            <Table.Td>
              <Tag colour={STATUS_COLOUR[record.outcome] ?? 'gray'}>{Words(record.outcome)}</Tag>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Decided at</Table.Th>
            <Table.Td>{when(snap.decidedAt ?? record.createdAt)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Revision</Table.Th>
            <Table.Td>{record.revision}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Tier</Table.Th>
            <Table.Td>{tier ? Words(tier) : 'Not recorded'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Conditions</Table.Th>
            <Table.Td>
              {snap.conditions?.length ? (
                <List size="sm">
                  {snap.conditions.map((c) => (
                    <List.Item key={c}>{c}</List.Item>
                  ))}
                </List>
              ) : (
                'None'
              )}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Audit event</Table.Th>
            <Table.Td>number {record.auditSeq}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Snapshot hash (SHA-256)</Table.Th>
            <Table.Td>
              {hash ? <Code style={{ wordBreak: 'break-all' }}>{hash}</Code> : 'Not found in the history'}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Title order={3}>Votes in the record</Title>
      {votes.length === 0 ? (
        <Text size="sm">No votes (the outcome was not decided by a vote).</Text>
      ) : (
        <Table striped aria-label="Votes in the decision record">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Who</Table.Th>
              <Table.Th>Vote</Table.Th>
              <Table.Th>Rationale</Table.Th>
              <Table.Th>Conditions</Table.Th>
              <Table.Th>Expertise</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {votes.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>
                  {v.approverId === user?.id ? `You (${user.email})` : (names.get(v.id) ?? 'An approver')}
                </Table.Td>
                <Table.Td>{VOTE_LABEL[v.vote] ?? v.vote}</Table.Td>
                <Table.Td>{v.rationale}</Table.Td>
                <Table.Td>{v.conditions.length ? v.conditions.join('; ') : 'None'}</Table.Td>
                <Table.Td>{v.expertise.length ? v.expertise.map(words).join(', ') : 'None'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

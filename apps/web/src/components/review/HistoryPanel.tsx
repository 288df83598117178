import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { when, Words, words } from './format';
import type { ReviewRequestData } from './types';

const PAGE = 20;

/** `adoption_request.review_started` → "Review started"; other subjects keep their name. */
function actionLabel(action: string): string {
  const [subject, verb] = action.split('.', 2);
  if (!verb) return Words(action);
  return subject === 'adoption_request' ? Words(verb) : `${Words(subject)}: ${words(verb)}`;
}

/** Every recorded step of the request, oldest first, a page at a time. */
export function HistoryPanel({ history }: { history: ReviewRequestData['history'] }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(history.length / PAGE));
  const shown = history.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <Stack gap="xs">
      <Title order={2}>History</Title>
      {history.length === 0 ? (
        <Text size="sm">Nothing recorded yet.</Text>
      ) : (
        <>
          <Table striped aria-label="History of the request">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Status change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((h) => (
                <Table.Tr key={h.seq}>
                  <Table.Td>{when(h.occurredAt)}</Table.Td>
                  <Table.Td>{actionLabel(h.action)}</Table.Td>
                  <Table.Td>
                    {h.actor}
                    {h.actorRoles.length > 0 && <Text size="xs">{h.actorRoles.map(words).join(', ')}</Text>}
                  </Table.Td>
                  <Table.Td>
                    {h.fromState || h.toState
                      ? `${h.fromState ? Words(h.fromState) : 'New'} → ${h.toState ? Words(h.toState) : 'unchanged'}`
                      : 'No change'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {pages > 1 && (
            <Group justify="space-between" role="navigation" aria-label="History pages">
              <Text size="sm">
                Page {page + 1} of {pages} · {history.length} steps in all
              </Text>
              <Group gap="xs">
                <Button variant="default" size="xs" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  Previous page
                </Button>
                <Button variant="default" size="xs" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
                  Next page
                </Button>
              </Group>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

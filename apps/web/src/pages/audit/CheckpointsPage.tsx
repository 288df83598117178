import { Alert, Anchor, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ActionError, QueryError } from '../../lib/errors';
import { count, downloadCheckpoint, utcTime } from './audit-shared';

const CHECKPOINTS = graphql(`
  query AuditCheckpointsList($first: Int) {
    auditCheckpoints(first: $first) {
      organisation
      organisationId
      seq
      hash
      signedAt
      signature
      publicKey
      keyId
    }
  }
`);

const CREATE = graphql(`
  mutation AuditCreateCheckpoint {
    createAuditCheckpoint {
      organisation
      organisationId
      seq
      hash
      signedAt
      signature
      publicKey
      keyId
    }
  }
`);

/** The API lists at most this many, newest first. */
const MAX = 100;
const STEP = 20;

export default function CheckpointsPage() {
  const [first, setFirst] = useState(STEP);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CHECKPOINTS, variables: { first } });
  const [created, create] = useMutation(CREATE);
  const made = created.data?.createAuditCheckpoint;

  const sign = async () => {
    const res = await create({});
    if (res.data) reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <Stack>
      <Title order={1}>Audit checkpoints</Title>
      <Text>
        A checkpoint is a statement, signed by the service with its Ed25519 key, of where the audit chain stood: the
        last event’s number and hash. A hash chain alone does not stop someone with full database access from rewriting
        history and recomputing every hash. A checkpoint <strong>you keep outside the service</strong> (in your own
        files or a ticket) does: if history is rewritten later, the event at the checkpoint’s position no longer has the
        hash it records.
      </Text>
      <Text size="sm">
        Download the checkpoints you want to keep. Later, paste them on{' '}
        <Anchor inherit component={Link} to="/audit/verify">
          Verify the chain
        </Anchor>
        , or give the file to the offline verifier with <Code>--checkpoint</Code> (see{' '}
        <Anchor inherit component={Link} to="/audit/exports">
          Exports
        </Anchor>
        ).
      </Text>

      <Stack gap="xs">
        <Title order={2} size="h4">
          Sign a checkpoint now
        </Title>
        <Text size="sm">The service signs the current end of the chain. The service also signs one every day.</Text>
        <Group>
          <Button onClick={() => void sign()} loading={created.fetching}>
            Sign a checkpoint now
          </Button>
        </Group>
        <ActionError error={created.error} title="No checkpoint signed" />
        {made && (
          <Alert color="green" title="Checkpoint signed">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              Event {count(made.seq)}, hash <Code>{made.hash}</Code>, signed {utcTime(made.signedAt)} with key{' '}
              <Code>{made.keyId}</Code>. Download it and keep it outside the service.
            </Text>
            <Button mt="xs" size="xs" onClick={() => downloadCheckpoint(made)}>
              Download JSON of the new checkpoint
            </Button>
          </Alert>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={2} size="h4">
          Signed checkpoints
        </Title>
        {error && <QueryError error={error} what="the checkpoints" />}
        {!data && fetching && <Loader aria-label="Loading checkpoints" />}
        {data && data.auditCheckpoints.length === 0 && (
          <Alert color="gray" title="No checkpoint yet">
            The service has not signed a checkpoint yet. Sign one now.
          </Alert>
        )}
        {data && data.auditCheckpoints.length > 0 && (
          <Table.ScrollContainer minWidth={800}>
            <Table striped withTableBorder aria-label="Signed checkpoints">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Event (seq)</Table.Th>
                  <Table.Th scope="col">Signed at</Table.Th>
                  <Table.Th scope="col">Hash of the event</Table.Th>
                  <Table.Th scope="col">Key id</Table.Th>
                  <Table.Th scope="col">Keep</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.auditCheckpoints.map((c) => (
                  <Table.Tr key={`${c.seq}-${c.signedAt}`}>
                    <Table.Td>{count(c.seq)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{utcTime(c.signedAt)}</Table.Td>
                    <Table.Td>
                      <Code title={c.hash}>{c.hash.slice(0, 16)}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Code>{c.keyId}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Download JSON of the checkpoint at seq ${c.seq}, signed ${utcTime(c.signedAt)}`}
                        onClick={() => downloadCheckpoint(c)}
                      >
                        Download JSON
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {data && (
          <Group justify="space-between">
            <Text size="sm">
              Newest first; {data.auditCheckpoints.length} shown
              {data.auditCheckpoints.length < first ? ' (all there are)' : ''}
              {data.auditCheckpoints.length >= MAX ? ' (the service lists the newest 100)' : ''}.
            </Text>
            {data.auditCheckpoints.length >= first && first < MAX && (
              <Button variant="default" size="xs" onClick={() => setFirst((n) => Math.min(MAX, n + STEP))}>
                Show older checkpoints
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Stack>
  );
}

import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { diffWords } from 'diff';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ActionError, QueryError } from '../../lib/errors';
import { useSession } from '../../lib/session';
import { ADAPTATION, CONNECTIVITY, DATA_SENSITIVITY, DEPLOYMENT_MODE, HARDWARE, SECTOR, STATUS } from './requestLabels';
import { waitingFor } from './waitingFor';

const PANEL = graphql(`
  query RequesterPanel($id: ID!) {
    adoptionRequest(id: $id) {
      id
      status
      statusReason
      revision
      version
      requester {
        id
      }
      approvalProgress {
        approvals
        missingApprovals
        missingExpertise
      }
      viewerCan {
        edit
        submit
        withdraw
      }
      history {
        seq
        action
        actor
        occurredAt
        payload
      }
    }
  }
`);

const SUBMIT = graphql(`
  mutation RequesterSubmit($id: ID!) {
    submitAdoptionRequest(id: $id) {
      __typename
      ... on AdoptionRequest {
        id
        status
        revision
        version
      }
      ...Refusal
    }
  }
`);

const WITHDRAW = graphql(`
  mutation RequesterWithdraw($id: ID!, $reason: String!) {
    withdrawAdoptionRequest(id: $id, reason: $reason) {
      __typename
      ... on AdoptionRequest {
        id
        status
        version
      }
      ...Refusal
    }
  }
`);

const MODEL_NAME = graphql(`
  query RequesterPanelModelName($id: ID!) {
    aiModel(id: $id) {
      id
      name
    }
  }
`);

type Event = { seq: number; action: string; actor: string; occurredAt: string; payload: string };

/** A field's value before the reviewer's request and now (null: not stated). */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

function parse(payload: string): Record<string, unknown> {
  try {
    return JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * What changed since the reviewers last saw the request: the edits recorded after the last time it was sent
 * back (`adoption_request.changes_requested`), field by field, from the value then to the value now. A field
 * changed and changed back is left out.
 */
export function changesSinceReview(history: readonly Event[]): FieldChange[] {
  let start = -1;
  history.forEach((e, n) => {
    if (e.action === 'adoption_request.changes_requested') start = n;
  });
  if (start < 0) return [];
  const byField = new Map<string, FieldChange>();
  for (const e of history.slice(start + 1)) {
    if (e.action !== 'adoption_request.updated') continue;
    const changes = parse(e.payload).changes as Record<string, { from: unknown; to: unknown }> | undefined;
    for (const [field, c] of Object.entries(changes ?? {})) {
      const seen = byField.get(field);
      byField.set(field, { field, from: seen ? seen.from : c.from, to: c.to });
    }
  }
  return [...byField.values()].filter((c) => JSON.stringify(c.from) !== JSON.stringify(c.to));
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  modelId: 'Model',
  useCase: 'Use',
  affectedPopulation: 'Who is affected',
  sector: 'Sector',
  dataSensitivity: 'Data sensitivity',
  deploymentMode: 'How it will run',
  connectivity: 'Internet connection',
  dataResidency: 'Where the data may be processed',
  languages: 'Languages',
  expectedUsers: 'Expected users',
  publicFacing: 'Used by the public',
  intendedAdaptation: 'Adaptation',
  hardware: 'Hardware',
  justification: 'Why this model',
  alternatives: 'Alternatives considered',
};
const ENUM_LABELS: Record<string, Record<string, string>> = {
  sector: SECTOR,
  dataSensitivity: DATA_SENSITIVITY,
  deploymentMode: DEPLOYMENT_MODE,
  connectivity: CONNECTIVITY,
  intendedAdaptation: ADAPTATION,
  hardware: HARDWARE,
};
const TEXT_FIELDS = ['title', 'useCase', 'affectedPopulation', 'justification'];

function ModelName({ id }: { id: string }) {
  const [{ data }] = useQuery({ query: MODEL_NAME, variables: { id } });
  return <>{data?.aiModel.name ?? id}</>;
}

/** A value of the request in words. */
function show(field: string, value: unknown): ReactNode {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return <em>not stated</em>;
  if (field === 'modelId') return <ModelName id={String(value)} />;
  if (ENUM_LABELS[field]) return ENUM_LABELS[field][String(value)] ?? String(value);
  if (field === 'publicFacing') return value ? 'Yes' : 'No';
  if (field === 'expectedUsers') return Number(value).toLocaleString('en');
  if (field === 'alternatives')
    return (
      <List size="sm">
        {(value as Array<{ name: string; reason: string }>).map((a) => (
          <List.Item key={`${a.name}-${a.reason}`}>
            {a.name}: {a.reason}
          </List.Item>
        ))}
      </List>
    );
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** Words removed and added, marked by the elements and by hidden words for screen readers, not colour alone. */
function WordDiff({ from, to }: { from: string; to: string }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {diffWords(from, to).map((part, n) =>
        part.removed ? (
          <del key={n} style={{ background: '#ffe3e3', textDecoration: 'line-through' }}>
            <VisuallyHidden>[removed: </VisuallyHidden>
            {part.value}
            <VisuallyHidden>]</VisuallyHidden>
          </del>
        ) : part.added ? (
          <ins key={n} style={{ background: '#d3f9d8', textDecoration: 'underline' }}>
            <VisuallyHidden>[added: </VisuallyHidden>
            {part.value}
            <VisuallyHidden>]</VisuallyHidden>
          </ins>
        ) : (
          <span key={n}>{part.value}</span>
        ),
      )}
    </Text>
  );
}

function ChangesTable({ changes }: { changes: FieldChange[] }) {
  return (
    <Table withTableBorder verticalSpacing="xs" aria-label="Changes since the reviewer saw the request">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Answer</Table.Th>
          <Table.Th scope="col">What the reviewer saw</Table.Th>
          <Table.Th scope="col">Now</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.field}>
            <Table.Th scope="row">{FIELD_LABELS[c.field] ?? c.field}</Table.Th>
            {TEXT_FIELDS.includes(c.field) && typeof c.to === 'string' ? (
              <Table.Td colSpan={2}>
                <Text size="xs" mb={4}>
                  Word by word: removed words are struck through, added words underlined.
                </Text>
                <WordDiff from={typeof c.from === 'string' ? c.from : ''} to={c.to} />
              </Table.Td>
            ) : (
              <>
                <Table.Td>{show(c.field, c.from)}</Table.Td>
                <Table.Td>{show(c.field, c.to)}</Table.Td>
              </>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * What the requester does on their request's page: edit, compare options, submit, withdraw, and after a
 * reviewer asked for changes, their rationale, what has changed since and resubmission. Each action shows only
 * when the API's viewerCan offers it. Loads the request itself, so it can sit on any page.
 */
export function RequesterPanel({ requestId }: { requestId: string }) {
  const { user } = useSession();
  const [{ data, error }, reexecute] = useQuery({ query: PANEL, variables: { id: requestId } });
  const [submitted, submit] = useMutation(SUBMIT);
  const [withdrawn, withdraw] = useMutation(WITHDRAW);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const r = data?.adoptionRequest;
  if (error) return <QueryError error={error} what="what you can do on this request" />;
  if (!r) return null;
  const mine = r.requester.id === user?.id;
  const can = r.viewerCan;
  if (!mine && !can.edit && !can.submit && !can.withdraw) return null;

  const changesRequested = r.status === 'CHANGES_REQUESTED';
  const sentBack = [...r.history].reverse().find((e) => e.action === 'adoption_request.changes_requested');
  const rationale = r.statusReason ?? (sentBack ? (parse(sentBack.payload).rationale as string | undefined) : null);
  const changes = changesRequested ? changesSinceReview(r.history) : [];
  const submitAnswer = submitted.data?.submitAdoptionRequest;
  const withdrawAnswer = withdrawn.data?.withdrawAdoptionRequest;
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="requester-panel-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="requester-panel-title">
          {mine ? 'Your request' : 'Requester actions'}
        </Title>
        <Text size="sm">
          Status: <strong>{STATUS[r.status]}</strong> · revision {r.revision} · waiting for: {waitingFor(r, mine)}
        </Text>

        {changesRequested && (
          <Stack gap="xs">
            <Alert color="yellow" title="The reviewer asked for changes" role="status">
              <Text size="sm">{rationale ?? 'No reason was recorded.'}</Text>
              {sentBack && (
                <Text size="xs" mt={4}>
                  {sentBack.actor}, {new Date(sentBack.occurredAt).toLocaleString('en-GB')}
                </Text>
              )}
            </Alert>
            <Title order={3} size="h4">
              What you changed since
            </Title>
            {changes.length ? (
              <ChangesTable changes={changes} />
            ) : (
              <Text size="sm">
                Nothing yet. Edit the request to answer the reviewer, then resubmit it: reviewers will see this
                comparison.
              </Text>
            )}
          </Stack>
        )}

        <Group>
          {can.edit && (
            <Button component={Link} to={`/requests/${r.id}/edit`} variant="default">
              Edit
            </Button>
          )}
          {can.edit && (
            <Button component={Link} to={`/requests/${r.id}/compare`} variant="default">
              Compare options
            </Button>
          )}
          {can.submit && (
            <Button
              loading={submitted.fetching}
              onClick={async () => {
                const res = await submit({ id: r.id });
                if (res.data?.submitAdoptionRequest.__typename === 'AdoptionRequest') refresh();
              }}
            >
              {changesRequested ? 'Resubmit' : 'Submit for review'}
            </Button>
          )}
          {can.withdraw && (
            <Button variant="outline" color="red" onClick={() => setConfirming(true)}>
              Withdraw
            </Button>
          )}
        </Group>
        {submitAnswer?.__typename === 'AdoptionRequest' && (
          <Alert color="green" role="status" title={changesRequested ? 'Resubmitted' : 'Submitted'}>
            The request is {STATUS[submitAnswer.status].toLowerCase()}, revision {submitAnswer.revision}: it now waits
            for a reviewer.
          </Alert>
        )}
        <ActionError
          result={submitAnswer}
          error={submitted.error}
          title={changesRequested ? 'Not resubmitted' : 'Not submitted'}
        />
        {withdrawAnswer?.__typename === 'AdoptionRequest' && (
          <Alert color="gray" role="status" title="Withdrawn">
            The request is withdrawn; it stays in the record.
          </Alert>
        )}
      </Stack>

      <Modal
        // Locking the page's scroll injects a style element, which the page's policy refuses.
        lockScroll={false}
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Withdraw this request?"
      >
        <Stack>
          <Text size="sm">
            A withdrawn request cannot be reopened: to go ahead later you would start a new one. Reviewers and auditors
            will see your reason.
          </Text>
          <Textarea
            label="Why you are withdrawing it"
            withAsterisk
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={10000}
          />
          <ActionError result={withdrawAnswer} error={withdrawn.error} title="Not withdrawn" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep the request
            </Button>
            <Button
              color="red"
              disabled={!reason.trim()}
              loading={withdrawn.fetching}
              onClick={async () => {
                const res = await withdraw({ id: r.id, reason: reason.trim() });
                if (res.data?.withdrawAdoptionRequest.__typename === 'AdoptionRequest') {
                  setConfirming(false);
                  refresh();
                }
              }}
            >
              Withdraw the request
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

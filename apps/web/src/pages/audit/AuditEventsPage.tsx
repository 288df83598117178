import {
  Alert,
  Anchor,
  Box,
  Button,
  Code,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Fragment, type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Pager, useCursorPages } from '../../components/Pager';
import { graphql } from '../../gql';
import type { AuditEventFilter } from '../../gql/graphql';
import { QueryError } from '../../lib/errors';
import { count, utcTime } from './audit-shared';

const EVENTS = graphql(`
  query AuditEventsList($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          seq
          occurredAt
          actor
          actorId
          actorRoles
          action
          subjectType
          subjectId
          fromState
          toState
          payload
          requestId
          correlationId
          previousHash
          hash
        }
      }
    }
  }
`);

const PAGE_SIZE = 25;

/** The filters the URL's query string may carry, as the form shows them. */
const FIELDS = ['action', 'actorId', 'subjectType', 'subjectId', 'reference', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

function valuesOf(params: URLSearchParams): Values {
  return Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Values;
}

/** A calendar day (YYYY-MM-DD) plus one: "until" includes the whole day it names. */
function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function toFilter(v: Values): AuditEventFilter | undefined {
  const filter: AuditEventFilter = {};
  for (const f of ['action', 'actorId', 'subjectType', 'subjectId', 'reference'] as const) {
    if (v[f].trim()) filter[f] = v[f].trim();
  }
  if (v.from) filter.from = v.from;
  if (v.to) filter.to = /^\d{4}-\d{2}-\d{2}$/.test(v.to) ? dayAfter(v.to) : v.to;
  return Object.keys(filter).length ? filter : undefined;
}

/** The whole audit log of the organisation, filtered by what the URL says, oldest first. */
export default function AuditEventsPage() {
  const [params, setParams] = useSearchParams();
  const applied = valuesOf(params);
  const [form, setForm] = useState<Values>(applied);
  const [formFor, setFormFor] = useState(params.toString());
  // The form follows the address when it changes from outside (back button, a "show only" link).
  if (formFor !== params.toString()) {
    setFormFor(params.toString());
    setForm(applied);
  }

  const apply = (values: Values) => {
    const next = new URLSearchParams();
    for (const f of FIELDS) if (values[f].trim()) next.set(f, values[f].trim());
    setParams(next);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    apply(form);
  };
  const set = (f: Field) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((v) => ({ ...v, [f]: value }));
  };
  const anyFilter = FIELDS.some((f) => applied[f]);

  return (
    <Stack>
      <Title order={1}>Audit events</Title>
      <Text>
        Every recorded change in your organisation, oldest first, as it sits in the tamper-evident hash chain. Each
        event stores the hash of the event before it: changing or removing one breaks the chain from there on (
        <Anchor inherit component={Link} to="/audit/verify">
          verify the chain
        </Anchor>
        ).
      </Text>
      <form onSubmit={onSubmit} aria-label="Filter audit events">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Filters
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <TextInput
              label="Action"
              description="Exact name, e.g. adoption_request.approved"
              value={form.action}
              onChange={set('action')}
            />
            <TextInput
              label="Request reference"
              description="e.g. AR-2026-0001"
              value={form.reference}
              onChange={set('reference')}
            />
            <TextInput
              label="Subject type"
              description="e.g. AdoptionRequest, User, Policy"
              value={form.subjectType}
              onChange={set('subjectType')}
            />
            <TextInput
              label="Subject id"
              description="The id of the changed record"
              value={form.subjectId}
              onChange={set('subjectId')}
            />
            <TextInput
              label="Actor id"
              description="Open an event and choose “Only events by this actor”"
              value={form.actorId}
              onChange={set('actorId')}
            />
            <TextInput
              label="From (UTC)"
              description="First day included"
              type="date"
              value={form.from}
              onChange={set('from')}
            />
            <TextInput
              label="Until (UTC)"
              description="Last day included"
              type="date"
              value={form.to}
              onChange={set('to')}
            />
          </SimpleGrid>
          <Group gap="xs">
            <Button type="submit">Apply filters</Button>
            <Button
              variant="default"
              disabled={!anyFilter && !FIELDS.some((f) => form[f])}
              onClick={() => apply(valuesOf(new URLSearchParams()))}
            >
              Clear filters
            </Button>
          </Group>
        </Stack>
      </form>
      <Title order={2} size="h4">
        Events
      </Title>
      {/* A new filter starts again at the first page. */}
      <EventsTable key={params.toString()} filter={toFilter(applied)} onFilter={(f) => apply({ ...applied, ...f })} />
    </Stack>
  );
}

function EventsTable({
  filter,
  onFilter,
}: {
  filter: AuditEventFilter | undefined;
  onFilter: (f: Partial<Values>) => void;
}) {
  const pages = useCursorPages();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [{ data, fetching, error }] = useQuery({
    query: EVENTS,
    variables: { filter, first: PAGE_SIZE, after: pages.after },
  });
  if (error) return <QueryError error={error} what="the audit events" />;
  if (!data) return fetching ? <Loader aria-label="Loading audit events" /> : null;
  const conn = data.auditEvents;
  const toggle = (seq: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <Stack gap="xs">
      <Text size="sm" aria-live="polite">
        {conn.totalCountExact ? '' : 'About '}
        {count(conn.totalCount)} {conn.totalCount === 1 ? 'event matches' : 'events match'}
        {filter ? ' the filters' : ''}.
      </Text>
      {conn.edges.length === 0 ? (
        <Alert color="gray" title="No events">
          No event matches these filters.
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-label="Audit events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Seq</Table.Th>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Actor</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Subject</Table.Th>
                <Table.Th scope="col">From → to</Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {conn.edges.map(({ node: e }) => {
                const expanded = open.has(e.seq);
                const detailsId = `audit-event-${e.seq}`;
                return (
                  <Fragment key={e.seq}>
                    <Table.Tr>
                      <Table.Td>{e.seq}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{utcTime(e.occurredAt)}</Table.Td>
                      <Table.Td>{e.actor}</Table.Td>
                      <Table.Td>
                        <Code>{e.action}</Code>
                      </Table.Td>
                      <Table.Td>
                        {e.subjectType}{' '}
                        <Text span size="xs" ff="monospace">
                          {e.subjectId}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {e.fromState || e.toState ? `${e.fromState ?? '—'} → ${e.toState ?? '—'}` : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          aria-expanded={expanded}
                          aria-controls={expanded ? detailsId : undefined}
                          aria-label={`${expanded ? 'Hide' : 'Show'} event ${e.seq}`}
                          onClick={() => toggle(e.seq)}
                        >
                          {expanded ? 'Hide' : 'Show'}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr id={detailsId}>
                        <Table.Td colSpan={7}>
                          <EventDetails event={e} onFilter={onFilter} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pager
        pages={pages}
        hasNextPage={conn.pageInfo.hasNextPage}
        endCursor={conn.pageInfo.endCursor}
        totalCount={conn.totalCountExact ? conn.totalCount : null}
        label="events"
      />
    </Stack>
  );
}

interface EventNode {
  seq: number;
  actor: string;
  actorId?: string | null;
  actorRoles: string[];
  subjectType: string;
  subjectId: string;
  payload: string;
  requestId?: string | null;
  correlationId?: string | null;
  previousHash: string;
  hash: string;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function EventDetails({ event: e, onFilter }: { event: EventNode; onFilter: (f: Partial<Values>) => void }) {
  return (
    <Stack gap="xs" aria-label={`Event ${e.seq} in detail`} role="group">
      <Text size="sm">
        <strong>Roles of the actor then:</strong> {e.actorRoles.length ? e.actorRoles.join(', ') : 'none (the service)'}
        {e.correlationId ? (
          <>
            {' '}
            · <strong>Correlation id:</strong> <Code>{e.correlationId}</Code>
          </>
        ) : null}
      </Text>
      <Box component="figure" m={0} aria-label={`Payload of event ${e.seq}`}>
        <Text component="figcaption" size="sm" fw={600} mb={4}>
          Payload
        </Text>
        <Code block style={{ maxHeight: 320, overflow: 'auto' }}>
          {prettyJson(e.payload)}
        </Code>
      </Box>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        <strong>Hash:</strong> <Code>{e.hash}</Code>
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        <strong>Previous event’s hash:</strong> <Code>{e.previousHash}</Code>
      </Text>
      <Group gap="xs">
        {e.actorId && (
          <Button size="xs" variant="default" onClick={() => onFilter({ actorId: e.actorId! })}>
            Only events by {e.actor}
          </Button>
        )}
        <Button
          size="xs"
          variant="default"
          onClick={() => onFilter({ subjectType: e.subjectType, subjectId: e.subjectId })}
        >
          Only events of this {e.subjectType.replaceAll('_', ' ')}
        </Button>
        {e.requestId && (
          <Anchor component={Link} to={`/requests/${e.requestId}`} size="sm">
            Open the request
          </Anchor>
        )}
      </Group>
    </Stack>
  );
}

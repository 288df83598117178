import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Fragment, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ModelSelect, type ModelChoice } from '../../components/request/ModelSelect';
import {
  DEPLOYMENT_MODE,
  FEASIBILITY,
  RISK_CATEGORY,
  TIER,
  WEIGHTS,
  expertiseWords,
  options,
} from '../../components/request/requestLabels';
import { graphql } from '../../gql';
import type { HostingOption, RequesterCompareOptionsQuery, RiskCategory } from '../../gql/graphql';
import { ActionError, QueryError } from '../../lib/errors';

const COMPARE_REQUEST = graphql(`
  query RequesterCompareRequest($id: ID!) {
    adoptionRequest(id: $id) {
      id
      reference
      title
      version
      status
      deploymentMode
      model {
        id
        name
        producer
        weightsAccess
        hostingOptions
        languages
        familySiblings {
          id
          name
          producer
          weightsAccess
          hostingOptions
          languages
        }
      }
      viewerCan {
        edit
      }
    }
  }
`);

const COMPARE = graphql(`
  query RequesterCompareOptions($requestId: ID!, $options: [CompareOptionInput!]) {
    compareOptions(requestId: $requestId, options: $options) {
      model {
        id
        name
        producer
        weightsAccess
      }
      deploymentMode
      deploymentModeAsRequested
      blocked
      scored
      tier
      quorum
      requiredExpertise
      requiredConditions
      feasibility {
        status
        reasons {
          code
          field
          status
          text
        }
      }
      items {
        category
        band
        score
        reasons {
          code
          text
        }
      }
      findings {
        ruleId
        effect
        title
        message
      }
      euAiAct {
        euAiActClass
      }
    }
  }
`);

const USE_OPTION = graphql(`
  mutation RequesterUseOption($id: ID!, $expectedVersion: Int!, $input: UpdateAdoptionRequestInput!) {
    updateAdoptionRequest(id: $id, expectedVersion: $expectedVersion, input: $input) {
      __typename
      ... on AdoptionRequest {
        id
        version
        deploymentMode
        model {
          id
          name
        }
      }
      ...Refusal
    }
  }
`);

type Comparison = RequesterCompareOptionsQuery['compareOptions'][number];
interface Slot {
  model: ModelChoice | null;
  /** null: the request's own deployment mode. */
  mode: HostingOption | null;
}

const MAX_OPTIONS = 4;
const CATEGORIES = Object.keys(RISK_CATEGORY) as RiskCategory[];

/** A row of the table: what each option says on one aspect, and whether the options differ on it. */
interface Row {
  aspect: string;
  /** Compared to mark differences (what the cell says, reduced to its gist). */
  key: (c: Comparison) => string;
  cell: (c: Comparison) => ReactNode;
}

function list(items: readonly string[], none: string) {
  return items.length ? items.join(', ') : none;
}

const ROWS: Row[] = [
  {
    aspect: 'Weights',
    key: (c) => c.model.weightsAccess,
    cell: (c) => WEIGHTS[c.model.weightsAccess],
  },
  {
    aspect: 'Deployment mode',
    key: (c) => c.deploymentMode ?? '',
    cell: (c) => (
      <>
        {c.deploymentMode ? DEPLOYMENT_MODE[c.deploymentMode] : 'Not stated'}
        {!c.deploymentModeAsRequested && (
          <Text size="xs">(differs from the request: choosing it changes the request&apos;s mode)</Text>
        )}
      </>
    ),
  },
  {
    aspect: 'Feasible?',
    key: (c) => c.feasibility.status,
    cell: (c) => {
      const problems = c.feasibility.reasons.filter((r) => r.status !== 'FEASIBLE');
      return (
        <>
          <Text size="sm" fw={700}>
            {FEASIBILITY[c.feasibility.status]}
          </Text>
          {problems.length > 0 && (
            <List size="xs">
              {problems.map((r) => (
                <List.Item key={r.code + r.field}>
                  {FEASIBILITY[r.status]}: {r.text}
                </List.Item>
              ))}
            </List>
          )}
        </>
      );
    },
  },
  {
    aspect: 'Blocked by a policy?',
    key: (c) => String(c.blocked),
    cell: (c) => (c.blocked ? 'Yes: it could not be submitted' : 'No'),
  },
  {
    aspect: 'Risk tier',
    key: (c) => c.tier ?? '',
    cell: (c) => (c.tier ? TIER[c.tier] : c.scored ? 'Not scored' : 'Not scored (not feasible or mode not stated)'),
  },
  {
    aspect: 'Approvals needed',
    key: (c) => String(c.quorum ?? ''),
    cell: (c) => (c.quorum == null ? '–' : String(c.quorum)),
  },
  {
    aspect: 'Expertise required',
    key: (c) => [...c.requiredExpertise].sort().join(),
    cell: (c) => (c.requiredExpertise.length ? expertiseWords(c.requiredExpertise) : 'None'),
  },
  {
    aspect: 'Conditions required',
    key: (c) => [...c.requiredConditions].sort().join('|'),
    cell: (c) => list(c.requiredConditions, 'None'),
  },
  {
    aspect: 'EU AI Act class (pre-screen)',
    key: (c) => c.euAiAct.euAiActClass,
    cell: (c) => c.euAiAct.euAiActClass.toLowerCase(),
  },
  ...CATEGORIES.map((category): Row => ({
    aspect: `Risk: ${RISK_CATEGORY[category]}`,
    key: (c) => c.items.find((i) => i.category === category)?.band ?? '',
    cell: (c) => {
      const item = c.items.find((i) => i.category === category);
      if (!item) return 'Not scored';
      return (
        <>
          <Text size="sm" fw={700}>
            {TIER[item.band]} (score {item.score})
          </Text>
          <List size="xs">
            {item.reasons.map((r) => (
              <List.Item key={r.code}>{r.text}</List.Item>
            ))}
          </List>
        </>
      );
    },
  })),
  {
    aspect: 'Policy findings',
    key: (c) =>
      c.findings
        .map((f) => f.ruleId)
        .sort()
        .join(),
    cell: (c) =>
      c.findings.length ? (
        <List size="xs">
          {c.findings.map((f) => (
            <List.Item key={f.ruleId}>
              <strong>{f.title}</strong> ({f.effect.toLowerCase().replaceAll('_', ' ')}): {f.message}
            </List.Item>
          ))}
        </List>
      ) : (
        'None'
      ),
  },
];

/** /requests/:id/compare: up to four models (each with a deployment mode) judged for this request side by side. */
export default function ComparePage() {
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: COMPARE_REQUEST, variables: { id } });
  const request = data?.adoptionRequest;
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [compared, setCompared] = useState<Array<{ modelId: string; deploymentMode?: HostingOption }> | null>(null);
  const [comparison] = useQuery({
    query: COMPARE,
    variables: { requestId: id, options: compared ?? [] },
    pause: !compared,
  });
  const [used, applyOption] = useMutation(USE_OPTION);

  if (error) return <QueryError error={error} what="the request" />;
  if (!request) return <Loader aria-label="Loading the request" />;

  // The request's own model first, then the family's other models (e.g. the open-weights one beside an API model).
  const initialSlots = (): Slot[] => {
    const own: Slot = { model: request.model, mode: null };
    const sibling = request.model.familySiblings.find((m) => m.weightsAccess !== request.model.weightsAccess);
    return sibling
      ? [own, { model: sibling, mode: sibling.hostingOptions[0] ?? null }]
      : [own, { model: null, mode: null }];
  };
  const current = slots ?? initialSlots();
  const setSlot = (n: number, slot: Slot) => setSlots(current.map((s, i) => (i === n ? slot : s)));
  const chosen = current.filter((s) => s.model);

  const results = comparison.data?.compareOptions ?? [];
  const usedAnswer = used.data?.updateAdoptionRequest;

  async function choose(c: Comparison) {
    const input: { modelId?: string; deploymentMode?: HostingOption } = {};
    if (c.model.id !== request!.model.id) input.modelId = c.model.id;
    if (c.deploymentMode && c.deploymentMode !== request!.deploymentMode) input.deploymentMode = c.deploymentMode;
    if (Object.keys(input).length === 0) return;
    await applyOption({ id, expectedVersion: request!.version, input });
  }

  return (
    <Stack>
      <Title order={1}>Compare options for {request.reference}</Title>
      <Text>
        <Anchor component={Link} to={`/requests/${id}`}>
          {request.title}
        </Anchor>{' '}
        uses {request.model.name}
        {request.deploymentMode ? `, ${DEPLOYMENT_MODE[request.deploymentMode].toLowerCase()}` : ''}. See how up to{' '}
        {MAX_OPTIONS} models would be judged for this same use before you submit: whether each can meet your constraints
        (connection, hardware, where data may go), its risks and who would have to approve it. A closed model through
        its vendor&apos;s API and an open-weights model you host yourself often differ most.
      </Text>

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Options to compare
        </Title>
        <Stack>
          {current.map((slot, n) => (
            <Group key={n} align="flex-start" grow wrap="wrap">
              <ModelSelect
                label={`Option ${n + 1}: model`}
                value={slot.model?.id ?? null}
                selected={slot.model}
                onChange={(model) => setSlot(n, { model, mode: slot.mode })}
              />
              <Select
                label={`Option ${n + 1}: deployment mode`}
                description={
                  slot.model && slot.model.hostingOptions.length
                    ? `Offered: ${slot.model.hostingOptions.map((h) => DEPLOYMENT_MODE[h].split(' (')[0]).join(', ')}`
                    : undefined
                }
                data={[
                  {
                    value: 'REQUEST',
                    label: `As in the request (${request.deploymentMode ? DEPLOYMENT_MODE[request.deploymentMode].split(' (')[0] : 'not stated'})`,
                  },
                  ...options(DEPLOYMENT_MODE),
                ]}
                value={slot.mode ?? 'REQUEST'}
                onChange={(v) =>
                  setSlot(n, { model: slot.model, mode: !v || v === 'REQUEST' ? null : (v as HostingOption) })
                }
                allowDeselect={false}
              />
              {current.length > 1 && (
                <Button
                  variant="default"
                  mt={24}
                  style={{ flexGrow: 0 }}
                  onClick={() => setSlots(current.filter((_, i) => i !== n))}
                  aria-label={`Remove option ${n + 1}`}
                >
                  Remove
                </Button>
              )}
            </Group>
          ))}
          <Group>
            {current.length < MAX_OPTIONS && (
              <Button variant="default" onClick={() => setSlots([...current, { model: null, mode: null }])}>
                Add an option
              </Button>
            )}
            <Button
              disabled={chosen.length === 0}
              loading={comparison.fetching}
              onClick={() =>
                setCompared(
                  chosen.map((s) => {
                    // "As in the request" is the request's mode now: the comparison stays put if the request changes.
                    const mode = s.mode ?? request.deploymentMode ?? null;
                    return { modelId: s.model!.id, ...(mode ? { deploymentMode: mode } : {}) };
                  }),
                )
              }
            >
              Compare
            </Button>
          </Group>
        </Stack>
      </Paper>

      {comparison.error && <QueryError error={comparison.error} what="the comparison" />}
      {usedAnswer?.__typename === 'AdoptionRequest' && (
        <Alert color="green" title="Option chosen" role="status">
          The request now uses {usedAnswer.model.name}
          {usedAnswer.deploymentMode ? `, ${DEPLOYMENT_MODE[usedAnswer.deploymentMode].toLowerCase()}` : ''}.{' '}
          <Anchor component={Link} to={`/requests/${id}`}>
            Back to the request
          </Anchor>
        </Alert>
      )}
      <ActionError result={usedAnswer} error={used.error} title="Option not chosen" />

      {compared && results.length > 0 && (
        <ComparisonTable
          results={results}
          request={request}
          canEdit={request.viewerCan.edit}
          busy={used.fetching}
          onChoose={choose}
        />
      )}
    </Stack>
  );
}

function ComparisonTable({
  results,
  request,
  canEdit,
  busy,
  onChoose,
}: {
  results: Comparison[];
  request: { model: { id: string }; deploymentMode?: HostingOption | null };
  canEdit: boolean;
  busy: boolean;
  onChoose: (c: Comparison) => void;
}) {
  const differing = ROWS.filter((row) => new Set(results.map(row.key)).size > 1);
  return (
    <Stack>
      <Title order={2} size="h3">
        Side by side
      </Title>
      <Text size="sm">
        {results.length > 1
          ? differing.length
            ? `The options differ on ${differing.length} of ${ROWS.length} points, marked “Differs”: ${differing.map((r) => r.aspect).join(', ')}.`
            : 'The options are judged the same on every point.'
          : 'Add another option to see the differences.'}
      </Text>
      <Table.ScrollContainer minWidth={260 + results.length * 260}>
        <Table withTableBorder withColumnBorders verticalSpacing="xs" aria-label="Options side by side">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Aspect</Table.Th>
              {results.map((c, n) => (
                <Table.Th key={n} scope="col">
                  Option {n + 1}: {c.model.name}
                  <Text size="xs" fw={400}>
                    {c.model.producer} ·{' '}
                    {c.deploymentMode ? DEPLOYMENT_MODE[c.deploymentMode].split(' (')[0] : 'mode not stated'}
                    {c.model.id === request.model.id && (c.deploymentMode ?? null) === (request.deploymentMode ?? null)
                      ? ' · the request’s current choice'
                      : ''}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ROWS.map((row) => {
              const differs = differing.includes(row);
              return (
                <Table.Tr key={row.aspect}>
                  <Table.Th scope="row">
                    {row.aspect}
                    {differs && (
                      <>
                        {' '}
                        <Badge variant="filled" color="yellow.3" autoContrast size="sm">
                          Differs
                        </Badge>
                      </>
                    )}
                  </Table.Th>
                  {results.map((c, n) => (
                    <Table.Td key={n} style={{ verticalAlign: 'top' }}>
                      <Fragment>{row.cell(c)}</Fragment>
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
            {canEdit && (
              <Table.Tr>
                <Table.Th scope="row">Choose</Table.Th>
                {results.map((c, n) => {
                  const isCurrent =
                    c.model.id === request.model.id && (c.deploymentMode ?? null) === (request.deploymentMode ?? null);
                  return (
                    <Table.Td key={n}>
                      {isCurrent ? (
                        <Text size="sm">The request&apos;s current choice</Text>
                      ) : (
                        <Button
                          size="xs"
                          variant="light"
                          loading={busy}
                          onClick={() => onChoose(c)}
                          aria-label={`Use option ${n + 1}: ${c.model.name}${c.deploymentMode ? `, ${DEPLOYMENT_MODE[c.deploymentMode].split(' (')[0]}` : ''}`}
                        >
                          Use this option
                        </Button>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

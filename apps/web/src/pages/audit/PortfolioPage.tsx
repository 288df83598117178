import '@mantine/charts/styles.css';
import { BarChart, DonutChart } from '@mantine/charts';
import { Alert, Anchor, Box, Card, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Pager, useCursorPages } from '../../components/Pager';
import { graphql } from '../../gql';
import { QueryError } from '../../lib/errors';
import { count } from './audit-shared';

const PORTFOLIO = graphql(`
  query AuditPortfolio {
    portfolio {
      byStatus {
        key
        count
      }
      byTier {
        key
        count
      }
      approvedByWeightsAccess {
        key
        count
      }
      approvedByReleaseLevel {
        key
        count
      }
      dependencyByProducer {
        key
        count
        share
        flagged
      }
      dependencyByHosting {
        key
        count
        share
        flagged
      }
      concentrationThreshold
      expiringIn30Days
      expiringIn60Days
      expiringIn90Days
      medianDecisionHours
      decisionsMeasured
    }
  }
`);

const APPROVED = graphql(`
  query AuditPortfolioApproved($after: String) {
    adoptionRequests(filter: { status: [APPROVED] }, first: 100, after: $after) {
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
          expiresAt
          model {
            name
            producer
            weightsAccess
          }
        }
      }
    }
  }
`);

/** `AWAITING_DECISION` → `Awaiting decision`. */
function words(key: string): string {
  const s = key.replaceAll('_', ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

const TIER_ORDER = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const TIER_COLOURS: Record<string, string> = { LOW: 'teal.6', MEDIUM: 'yellow.5', HIGH: 'orange.6', CRITICAL: 'red.7' };
const ACCESS_COLOURS: Record<string, string> = { OPEN: 'teal.6', GATED: 'yellow.5', CLOSED: 'grape.6' };
const ACCESS_MEANING: Record<string, string> = {
  OPEN: 'Anyone can download the weights: you can run the model on your own servers or devices, inspect and test it, and keep using it if the producer stops.',
  GATED:
    'The weights can be downloaded after accepting the producer’s terms or approval: run on your own servers, but access depends on those terms.',
  CLOSED:
    'Only through the producer’s service: data leaves for their servers, and they can change, price or withdraw the model.',
  UNKNOWN: 'The sources do not say who can obtain the weights.',
};

const DAY = 24 * 3600 * 1000;

/** A chart drawn for sighted readers; the table or sentence next to it says the same for everyone. */
function ChartBox({ children }: { children: ReactNode }) {
  return (
    <Box aria-hidden="true" inert mb="sm">
      {children}
    </Box>
  );
}

function CountTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: [string, string];
  rows: Array<{ key: string; count: number }>;
}) {
  return (
    <Table withTableBorder aria-label={caption} maw={480}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{head[0]}</Table.Th>
          <Table.Th scope="col">{head[1]}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Th scope="row" fw={400}>
              {words(r.key)}
            </Table.Th>
            <Table.Td>{count(r.count)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Oversight of the organisation's adoptions: where they stand, how risky, how open, how concentrated. */
export default function PortfolioPage() {
  const [{ data, fetching, error }] = useQuery({ query: PORTFOLIO });
  if (error)
    return (
      <Stack>
        <Title order={1}>Portfolio</Title>
        <QueryError error={error} what="the portfolio" />
      </Stack>
    );
  if (!data)
    return (
      <Stack>
        <Title order={1}>Portfolio</Title>
        {fetching && <Loader aria-label="Loading the portfolio" />}
      </Stack>
    );
  const p = data.portfolio;
  const totalRequests = p.byStatus.reduce((n, r) => n + r.count, 0);
  const tiers = [...p.byTier].sort((a, b) => TIER_ORDER.indexOf(a.key) - TIER_ORDER.indexOf(b.key));
  const approvedUses = p.approvedByWeightsAccess.reduce((n, r) => n + r.count, 0);
  const threshold = p.concentrationThreshold;
  const flagged = p.dependencyByProducer.filter((d) => d.flagged);
  const flaggedHosting = p.dependencyByHosting.filter((d) => d.flagged);

  return (
    <Stack gap="lg">
      <Title order={1}>Portfolio</Title>
      <Text>
        Your organisation’s model adoptions at a glance: {count(totalRequests)} requests in all, {count(approvedUses)}{' '}
        approved uses. Each chart is followed by a table with the same figures.
      </Text>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Requests by status
          </Title>
          {p.byStatus.length === 0 ? (
            <Text size="sm">No requests yet.</Text>
          ) : (
            <>
              <ChartBox>
                <BarChart
                  h={240}
                  data={p.byStatus.map((r) => ({ status: words(r.key), Requests: r.count }))}
                  dataKey="status"
                  series={[{ name: 'Requests', color: 'blue.6' }]}
                  withBarValueLabel
                  withTooltip={false}
                  barChartProps={{ accessibilityLayer: false }}
                  yAxisProps={{ allowDecimals: false }}
                />
              </ChartBox>
              <CountTable caption="Requests by status" head={['Status', 'Requests']} rows={p.byStatus} />
            </>
          )}
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Requests by risk tier
          </Title>
          <Text size="sm" mb="xs">
            Requests reviewed so far (in review or decided), by the tier their risk assessment gave.
          </Text>
          {tiers.length === 0 ? (
            <Text size="sm">No request has a risk tier yet.</Text>
          ) : (
            <>
              <ChartBox>
                <DonutChart
                  data={tiers.map((t) => ({
                    name: words(t.key),
                    value: t.count,
                    color: TIER_COLOURS[t.key] ?? 'gray.6',
                  }))}
                  withLabels
                  withLabelsLine
                  labelsType="name"
                  withTooltip={false}
                  accessibilityLayer={false}
                  pieProps={{ rootTabIndex: -1 }}
                  chartLabel={`${count(tiers.reduce((n, t) => n + t.count, 0))} requests`}
                  size={170}
                  thickness={26}
                />
              </ChartBox>
              <CountTable caption="Requests by risk tier" head={['Tier', 'Requests']} rows={tiers} />
            </>
          )}
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Approved uses by weights access
          </Title>
          <Text size="sm" mb="xs">
            Open or closed weights decide where data goes and what happens if the producer changes course.
          </Text>
          {p.approvedByWeightsAccess.length === 0 ? (
            <Text size="sm">No approved use yet.</Text>
          ) : (
            <>
              <ChartBox>
                <DonutChart
                  data={p.approvedByWeightsAccess.map((r) => ({
                    name: words(r.key),
                    value: r.count,
                    color: ACCESS_COLOURS[r.key] ?? 'gray.6',
                  }))}
                  withLabels
                  withLabelsLine
                  labelsType="name"
                  withTooltip={false}
                  accessibilityLayer={false}
                  pieProps={{ rootTabIndex: -1 }}
                  chartLabel={`${count(approvedUses)} uses`}
                  size={170}
                  thickness={26}
                />
              </ChartBox>
              <Table withTableBorder aria-label="Approved uses by weights access">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Weights</Table.Th>
                    <Table.Th scope="col">Approved uses</Table.Th>
                    <Table.Th scope="col">What it means</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.approvedByWeightsAccess.map((r) => (
                    <Table.Tr key={r.key}>
                      <Table.Th scope="row" fw={400}>
                        {words(r.key)}
                      </Table.Th>
                      <Table.Td>{count(r.count)}</Table.Td>
                      <Table.Td>
                        <Text size="xs">{ACCESS_MEANING[r.key] ?? ''}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {p.approvedByReleaseLevel.length > 0 && (
                <Text size="sm" mt="xs">
                  By release level:{' '}
                  {p.approvedByReleaseLevel.map((r) => `${words(r.key)} ${count(r.count)}`).join(', ')}.
                </Text>
              )}
            </>
          )}
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Dependence on model producers
          </Title>
          <Text size="sm" mb="xs">
            Share of approved uses per producer. A producer above {percent(threshold)} (the line) is a concentration
            risk: if it changes its terms or stops, most of your uses are affected at once.
          </Text>
          {p.dependencyByProducer.length === 0 ? (
            <Text size="sm">No approved use yet.</Text>
          ) : (
            <>
              <ChartBox>
                <BarChart
                  h={240}
                  data={p.dependencyByProducer.map((d) => ({
                    producer: d.key,
                    Share: Math.round(d.share * 1000) / 10,
                  }))}
                  dataKey="producer"
                  series={[{ name: 'Share', color: 'blue.6' }]}
                  unit="%"
                  getBarColor={(value) => (value > threshold * 100 ? 'red.7' : 'blue.6')}
                  referenceLines={[
                    {
                      y: threshold * 100,
                      color: 'red.7',
                      label: `Threshold ${percent(threshold)}`,
                      labelPosition: 'insideTopRight',
                    },
                  ]}
                  yAxisProps={{ domain: [0, 100] }}
                  withBarValueLabel
                  withTooltip={false}
                  barChartProps={{ accessibilityLayer: false }}
                />
              </ChartBox>
              <Text size="sm" fw={600} mb="xs" role="status">
                {flagged.length === 0
                  ? `No producer holds more than ${percent(threshold)} of approved uses.`
                  : `Above the ${percent(threshold)} threshold: ${flagged
                      .map(
                        (d) =>
                          `${d.key} (${percent(d.share)} of approved uses, ${count(d.count)} of ${count(approvedUses)})`,
                      )
                      .join('; ')}.`}
              </Text>
              <ShareTable caption="Approved uses by producer" keyLabel="Producer" rows={p.dependencyByProducer} />
            </>
          )}
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Dependence on deployment modes
        </Title>
        {p.dependencyByHosting.length === 0 ? (
          <Text size="sm">No approved use yet.</Text>
        ) : (
          <>
            <Text size="sm" mb="xs">
              {flaggedHosting.length === 0
                ? `No deployment mode holds more than ${percent(threshold)} of approved uses.`
                : `Above the ${percent(threshold)} threshold: ${flaggedHosting
                    .map((d) => `${words(d.key)} (${percent(d.share)})`)
                    .join('; ')}.`}
            </Text>
            <ShareTable
              caption="Approved uses by deployment mode"
              keyLabel="Deployment mode"
              rows={p.dependencyByHosting}
              words
            />
          </>
        )}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Approvals ending soon
        </Title>
        <Text size="sm" mb="xs">
          An approval is valid for a limited time; once it ends, the use needs a new request.
        </Text>
        <Table withTableBorder aria-label="Approvals ending soon" maw={480} mb="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Ending</Table.Th>
              <Table.Th scope="col">Approvals</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row" fw={400}>
                Within 30 days
              </Table.Th>
              <Table.Td>{count(p.expiringIn30Days)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row" fw={400}>
                Within 60 days
              </Table.Th>
              <Table.Td>{count(p.expiringIn60Days)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row" fw={400}>
                Within 90 days
              </Table.Th>
              <Table.Td>{count(p.expiringIn90Days)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Title order={3} size="h5" mb="xs">
          Approved requests ending within 90 days
        </Title>
        <ExpiringList />
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Time to decide
        </Title>
        <Text size="sm">
          {p.medianDecisionHours === null
            ? 'No request has reached a final decision yet.'
            : `Half of the ${count(p.decisionsMeasured)} decided requests took less than ${hours(p.medianDecisionHours)} from submission to the final decision (the median).`}
        </Text>
      </Card>
    </Stack>
  );
}

function hours(h: number): string {
  if (h < 1 / 60) return 'a minute';
  if (h < 1) return `${Math.round(h * 60)} minutes`;
  if (h < 48) return `${Math.round(h * 10) / 10} hours`;
  return `${Math.round((h / 24) * 10) / 10} days`;
}

function ShareTable({
  caption,
  keyLabel,
  rows,
  words: asWords = false,
}: {
  caption: string;
  keyLabel: string;
  rows: Array<{ key: string; count: number; share: number; flagged: boolean }>;
  words?: boolean;
}) {
  return (
    <Table withTableBorder aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{keyLabel}</Table.Th>
          <Table.Th scope="col">Approved uses</Table.Th>
          <Table.Th scope="col">Share</Table.Th>
          <Table.Th scope="col">Above the threshold</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((d) => (
          <Table.Tr key={d.key}>
            <Table.Th scope="row" fw={400}>
              {asWords ? words(d.key) : d.key}
            </Table.Th>
            <Table.Td>{count(d.count)}</Table.Td>
            <Table.Td>{percent(d.share)}</Table.Td>
            <Table.Td>{d.flagged ? 'Yes' : 'No'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Approved requests whose approval ends within 90 days, looked up 100 approved requests at a time. */
function ExpiringList() {
  const pages = useCursorPages();
  // "Within 90 days" counts from when the page opened.
  const [now] = useState(() => Date.now());
  const [{ data, fetching, error }] = useQuery({ query: APPROVED, variables: { after: pages.after } });
  if (error) return <QueryError error={error} what="the approved requests" />;
  if (!data) return fetching ? <Loader aria-label="Loading approved requests" /> : null;
  const conn = data.adoptionRequests;
  const soon = conn.edges
    .map((e) => e.node)
    .filter(
      (r) => r.expiresAt && new Date(r.expiresAt).getTime() > now && new Date(r.expiresAt).getTime() <= now + 90 * DAY,
    )
    .sort((a, b) => new Date(a.expiresAt!).getTime() - new Date(b.expiresAt!).getTime());
  const several = pages.page > 1 || conn.pageInfo.hasNextPage;
  return (
    <Stack gap="xs">
      {several && (
        <Text size="sm">
          Approved requests are looked through 100 at a time, newest first; go to the next page to look further.
        </Text>
      )}
      {soon.length === 0 ? (
        <Alert color="gray" title="None">
          {several ? 'No approval on this page ends within 90 days.' : 'No approval ends within 90 days.'}
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder aria-label="Approved requests ending within 90 days">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Request</Table.Th>
                <Table.Th scope="col">Model</Table.Th>
                <Table.Th scope="col">Approval ends</Table.Th>
                <Table.Th scope="col">Days left</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {soon.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/requests/${r.id}`}>
                      {r.reference}: {r.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {r.model.name} ({r.model.producer}, {words(r.model.weightsAccess).toLowerCase()} weights)
                  </Table.Td>
                  <Table.Td>{r.expiresAt!.slice(0, 10)}</Table.Td>
                  <Table.Td>{Math.ceil((new Date(r.expiresAt!).getTime() - now) / DAY)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pager
        pages={pages}
        hasNextPage={conn.pageInfo.hasNextPage}
        endCursor={conn.pageInfo.endCursor}
        totalCount={conn.totalCountExact ? conn.totalCount : null}
        label="approved requests"
      />
    </Stack>
  );
}

import { Anchor, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { WeightsAccess } from '../../gql/graphql';
import { when, Words, words } from './format';
import type { ReviewRequestData } from './types';

/** What the weights access means for the organisation, in plain words (open and closed have other risks). */
const WEIGHTS_MEANING: Record<WeightsAccess, string> = {
  OPEN:
    'Open weights: the organisation can run the model itself, so data need not leave it, but it carries the ' +
    'security, patching and misuse safeguards that a provider would otherwise supply.',
  GATED:
    'Gated weights: downloadable after accepting the producer’s terms. Once downloaded, the organisation runs the ' +
    'model itself and carries its security and misuse safeguards.',
  CLOSED:
    'Closed weights: used only through the provider’s service. Data goes to the provider, who can change, price ' +
    'or retire the model; the model cannot be inspected.',
  UNKNOWN: 'The sources do not say who can obtain the weights: check before relying on either way of running it.',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w="30%">
        {label}
      </Table.Th>
      <Table.Td>{children ?? <Text size="sm">Not stated</Text>}</Table.Td>
    </Table.Tr>
  );
}

const stated = (v: string | null | undefined) => (v ? Words(v) : null);

/** The facts of the request (what it is for, whom it touches, its data and deployment) and its model. */
export function RequestFacts({ request: r }: { request: ReviewRequestData }) {
  return (
    <Stack gap="xs">
      <Title order={2}>The request</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Table variant="vertical" withTableBorder aria-label="Facts of the request">
          <Table.Tbody>
            <Fact label="Use case">{r.useCase}</Fact>
            <Fact label="People affected">{r.affectedPopulation}</Fact>
            <Fact label="Why this model">{r.justification}</Fact>
            <Fact label="Sector">{stated(r.sector)}</Fact>
            <Fact label="Data">{stated(r.dataSensitivity)}</Fact>
            <Fact label="Where data may be processed">
              {r.dataResidency.length ? r.dataResidency.join(', ') : null}
            </Fact>
            <Fact label="Deployment">{stated(r.deploymentMode)}</Fact>
            <Fact label="Connectivity">{stated(r.connectivity)}</Fact>
            <Fact label="Hardware">{stated(r.hardware)}</Fact>
            <Fact label="Adaptation">{stated(r.intendedAdaptation)}</Fact>
            <Fact label="Expected users">{r.expectedUsers != null ? r.expectedUsers.toLocaleString('en') : null}</Fact>
            <Fact label="Open to the public">{r.publicFacing == null ? null : r.publicFacing ? 'Yes' : 'No'}</Fact>
            <Fact label="Languages">
              {r.languages.length ? r.languages.map((l, i) => (i === 0 ? `${l} (primary)` : l)).join(', ') : null}
            </Fact>
            <Fact label="Requested by">
              {r.requester.displayName} ({r.requester.email})
            </Fact>
            <Fact label="Submitted">{r.submittedAt ? when(r.submittedAt) : 'Not yet'}</Fact>
            {r.decidedAt && <Fact label="Decided">{when(r.decidedAt)}</Fact>}
            {r.expiresAt && <Fact label="Approval valid until">{when(r.expiresAt)}</Fact>}
            {r.conditions.length > 0 && <Fact label="Conditions of the approval">{r.conditions.join('; ')}</Fact>}
          </Table.Tbody>
        </Table>
        <Card withBorder>
          <Title order={3} size="h4">
            Model:{' '}
            <Anchor component={Link} to={`/catalog/${r.model.id}`}>
              {r.model.name}
            </Anchor>
          </Title>
          <Text size="sm">by {r.model.producer}</Text>
          <Text size="sm" mt="xs">
            <strong>Weights:</strong> {words(r.model.weightsAccess)} · <strong>Release:</strong>{' '}
            {words(r.model.releaseLevel)}
          </Text>
          <Text size="sm">
            <strong>Licence:</strong> {r.model.licenseName ?? 'not recorded'} ({words(r.model.licenseKind)})
          </Text>
          <Text size="sm" mt="xs">
            {WEIGHTS_MEANING[r.model.weightsAccess]}
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

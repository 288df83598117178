import { Group, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { RiskTier } from '../../gql/graphql';
import { QueryError } from '../../lib/errors';
import { TIER_COLOUR, when, Words, words } from './format';
import type { ReviewRequestData } from './types';
import { Tag } from './Tag';

const PRE_ASSESSMENT = graphql(`
  query ReviewPreAssessment($id: ID!, $modelId: ID!) {
    compareOptions(requestId: $id, modelIds: [$modelId]) {
      scored
      tier
      quorum
      feasibility {
        status
        reasons {
          field
          status
          text
        }
      }
      items {
        category
        nistCategory
        likelihood
        impact
        score
        band
        reasons {
          code
          text
        }
      }
    }
  }
`);

/** A band or a tier: the word is always written, the colour only accompanies it. */
export function Band({ value, prefix = '' }: { value: RiskTier; prefix?: string }) {
  return (
    <Tag colour={TIER_COLOUR[value]}>
      {prefix}
      {Words(value)}
    </Tag>
  );
}

/** The engine's reasons, unless the rationale already says exactly them (as the automatic rationale does). */
function Reasons({
  reasons,
  rationale,
}: {
  reasons: ReadonlyArray<{ code: string; text: string }>;
  rationale?: string;
}) {
  if (reasons.length === 0 || rationale === reasons.map((r) => r.text).join('; ')) return null;
  return (
    <List size="xs" mt={4}>
      {reasons.map((r) => (
        <List.Item key={r.code}>{r.text}</List.Item>
      ))}
    </List>
  );
}

/** The automatic pre-assessment of a request before any review: what the engine sees, with why. */
export function PreAssessmentView({ requestId, modelId }: { requestId: string; modelId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: PRE_ASSESSMENT, variables: { id: requestId, modelId } });
  const option = data?.compareOptions[0];
  return (
    <Stack gap="xs">
      <Title order={2}>Automatic pre-assessment</Title>
      <Text size="sm">
        What the risk engine finds in the request’s facts and its model. A reviewer starts from it, changes what it gets
        wrong (saying why) and records mitigations.
      </Text>
      {error && <QueryError error={error} what="the pre-assessment" />}
      {fetching && !data && <Loader aria-label="Loading the pre-assessment" />}
      {option && !option.scored && (
        <Text size="sm">
          Not scored: feasibility is {words(option.feasibility.status)}
          {option.feasibility.reasons.length > 0 &&
            ` (${option.feasibility.reasons
              .filter((r) => r.status !== 'FEASIBLE')
              .map((r) => r.text)
              .join('; ')})`}
          , or the deployment mode is not stated.
        </Text>
      )}
      {option && option.scored && (
        <>
          {option.tier && (
            <Group gap="xs">
              <Band value={option.tier} prefix="Tier if unchanged: " />
              {option.quorum != null && (
                <Text size="sm">
                  {option.quorum} approval{option.quorum === 1 ? '' : 's'} needed at that tier
                </Text>
              )}
            </Group>
          )}
          <Table striped aria-label="Automatic pre-assessment">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Risk</Table.Th>
                <Table.Th>Likelihood × impact</Table.Th>
                <Table.Th>Band</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {option.items.map((i) => (
                <Table.Tr key={i.category}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {Words(i.category)}
                    </Text>
                    <Text size="xs">NIST AI 600-1: {i.nistCategory}</Text>
                  </Table.Td>
                  <Table.Td>
                    {i.likelihood} × {i.impact} = {i.score}
                  </Table.Td>
                  <Table.Td>
                    <Band value={i.band} />
                  </Table.Td>
                  <Table.Td>
                    <Reasons reasons={i.reasons} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

/** The assessment of the current revision as recorded: each risk, its scores before and after mitigation, and why. */
export function AssessmentView({ assessment: a }: { assessment: NonNullable<ReviewRequestData['assessment']> }) {
  return (
    <Stack gap="xs">
      <Title order={2}>Risk assessment</Title>
      <Group gap="xs">
        {a.tier && <Band value={a.tier} prefix="Tier: " />}
        <Text size="sm">
          Revision {a.revision} · highest score before mitigation {a.inherentScore ?? '—'}, after{' '}
          {a.residualScore ?? '—'} · {a.complete ? 'every risk category assessed' : 'some categories not assessed'}
          {a.euAiActClass ? ` · EU AI Act class confirmed: ${words(a.euAiActClass)}` : ''} · saved {when(a.updatedAt)}
        </Text>
      </Group>
      <Text size="sm">
        Each risk is scored likelihood × impact on 1 to 5 scales, before mitigation and after (residual). The tier is
        the highest residual band.
      </Text>
      <Table striped aria-label="Risk assessment items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Risk</Table.Th>
            <Table.Th>Before mitigation</Table.Th>
            <Table.Th>After mitigation</Table.Th>
            <Table.Th>Rationale and reasons</Table.Th>
            <Table.Th>Mitigation</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.items.map((i) => (
            <Table.Tr key={i.category}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {Words(i.category)}
                </Text>
                <Text size="xs">NIST AI 600-1: {i.nistCategory}</Text>
                <Text size="xs">{i.source === 'AUTO' ? 'Automatic values' : 'Changed by the assessor'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  likelihood {i.likelihood} × impact {i.impact} = {i.score}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  likelihood {i.residualLikelihood} × impact {i.residualImpact} = {i.residualScore}
                </Text>
                <Band value={i.band} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{i.rationale}</Text>
                <Reasons reasons={i.reasons} rationale={i.rationale} />
                {i.justification && (
                  <Text size="xs" mt={4}>
                    <strong>Why the values differ from the automatic ones:</strong> {i.justification}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{i.mitigation || 'None recorded'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {a.marginalRisk && (
        <>
          <Title order={3}>Marginal-risk analysis</Title>
          <Table variant="vertical" withTableBorder aria-label="Marginal-risk analysis">
            <Table.Tbody>
              {MARGINAL_STEPS.map(([key, label]) => (
                <Table.Tr key={key}>
                  <Table.Th scope="row" w="30%">
                    {label}
                  </Table.Th>
                  <Table.Td>{a.marginalRisk![key]}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

/** The six steps of the marginal-risk framework (Kapoor et al. 2024), with the questions a reviewer answers. */
export const MARGINAL_STEPS = [
  ['threat', 'Threat: what misuse is feared'],
  ['existingRisk', 'Existing risk: what is possible without this model'],
  ['existingDefences', 'Existing defences against it'],
  ['marginalRiskEvidence', 'Evidence of marginal risk: what this model adds'],
  ['easeOfDefence', 'Ease of defence against the new risk'],
  ['uncertainty', 'Uncertainty and assumptions'],
] as const;

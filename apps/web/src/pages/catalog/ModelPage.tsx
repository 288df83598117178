import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Loader,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { languageName } from '../../components/catalog/languages';
import {
  FINE_TUNING,
  HOSTING_OPTION,
  HOSTING_OPTION_EXPLAIN,
  LICENSE_KIND,
  LicenseKindBadge,
  MOF_CLASS,
  MofClassBadge,
  OBLIGATION_KIND,
  RELEASE_LEVEL,
  RELEASE_LEVEL_EXPLAIN,
  TRAINING_DATA,
  WEIGHTS_ACCESS,
  WeightsAccessBadge,
} from '../../components/catalog/openness';
import { graphql } from '../../gql';
import type { CatalogModelQuery } from '../../gql/graphql';
import { QueryError } from '../../lib/errors';
import { useSession } from '../../lib/session';

const CATALOG_MODEL = graphql(`
  query CatalogModel($id: ID!) {
    aiModel(id: $id) {
      id
      name
      producer
      family
      releaseVersion
      releaseDate
      modelType
      parameterCount
      retired
      weightsAccess
      gated
      releaseLevel
      licenseKind
      licenseName
      licenseUrl
      trainingDataOpenness
      mofClass
      mofProgress {
        classI
        classII
        classIII
      }
      osaid {
        conformant
        missing
      }
      components {
        name
        released
        license
        status
      }
      obligations {
        kind
        text
        threshold
      }
      fineTuning
      hostingOptions
      vendorOfferings {
        vendor
        offering
        note
        source
        regions {
          name
          jurisdictions
        }
      }
      servingMemory {
        parameterCount
        sixteenBitGb
        fourBitGb
        formula
        source
      }
      languages
      modalities
      dataQuality {
        code
        field
        message
      }
      familySiblings {
        id
        name
        producer
        weightsAccess
        licenseKind
        mofClass
        releaseLevel
        retired
      }
      sources {
        field
        url
        note
      }
      updatedAt
    }
  }
`);

type Model = CatalogModelQuery['aiModel'];

/** The facts a data-quality warning or a source can concern, in the words the page uses. */
const FIELD_NAMES: Record<string, string> = {
  licenseName: 'the licence',
  licenseKind: 'the licence kind',
  licenseUrl: 'the licence link',
  weightsAccess: 'weights access',
  releaseLevel: 'the release level',
  obligations: 'the licence obligations',
  hostingOptions: 'the hosting options',
  languages: 'the languages',
  parameterCount: 'the parameter count',
  trainingDataOpenness: 'the training data',
  components: 'the components',
};

/** External links open in a new tab, without giving the other site a handle on this one. */
function External({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Anchor href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
    </Anchor>
  );
}

export default function ModelPage() {
  const { id } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: CATALOG_MODEL, variables: { id: id! } });

  if (fetching && !data) return <Loader aria-label="Loading the model" />;
  if (error) {
    const code = error.graphQLErrors[0]?.extensions?.code;
    if (code === 'NOT_FOUND' || code === 'BAD_USER_INPUT')
      return (
        <Stack>
          <Title order={1}>Model not found</Title>
          <Text>
            There is no model with this address in your organisation’s catalog. It may have been removed, or the link is
            mistyped. <Link to="/catalog">Go back to the model catalog.</Link>
          </Text>
        </Stack>
      );
    return (
      <Stack>
        <Title order={1}>Model</Title>
        <QueryError error={error} what="the model" />
      </Stack>
    );
  }
  if (!data) return null;
  return <ModelProfile model={data.aiModel} />;
}

function ModelProfile({ model: m }: { model: Model }) {
  const { hasRole } = useSession();
  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to="/catalog" size="sm">
          ← Model catalog
        </Anchor>
        <Group justify="space-between" align="flex-start" mt="xs">
          <div>
            <Title order={1}>{m.name}</Title>
            <Text>
              by {m.producer}
              {m.releaseVersion ? ` · version ${m.releaseVersion}` : ''}
              {m.releaseDate ? ` · released ${m.releaseDate}` : ''}
              {m.family ? ` · ${m.family} family` : ''}
            </Text>
            <Group gap="xs" mt="xs">
              <WeightsAccessBadge value={m.weightsAccess} />
              <LicenseKindBadge value={m.licenseKind} />
              <MofClassBadge value={m.mofClass} />
              {m.retired && (
                <Badge variant="outline" color="gray">
                  Retired
                </Badge>
              )}
            </Group>
          </div>
          {hasRole('REQUESTER') &&
            (m.retired ? (
              <Text size="sm" maw={280}>
                This model is retired: it cannot be chosen for a new request.
              </Text>
            ) : (
              <Button component={Link} to={`/requests/new?modelId=${encodeURIComponent(m.id)}`}>
                Request this model
              </Button>
            ))}
        </Group>
      </div>

      {m.dataQuality.length > 0 && (
        <Alert
          color="yellow"
          title="Check these facts before relying on them"
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
        >
          <List size="sm">
            {m.dataQuality.map((q) => (
              <List.Item key={`${q.code}-${q.field}`}>
                <strong>Warning about {FIELD_NAMES[q.field] ?? q.field}:</strong> <span>{q.message}</span>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      <OpennessProfile m={m} />
      <Components m={m} />
      <Obligations m={m} />
      <Hosting m={m} />
      <Serving m={m} />
      <LanguagesAndModalities m={m} />
      <Family m={m} />
      <Sources m={m} />
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} id={id} mb="xs">
        {title}
      </Title>
      {children}
    </section>
  );
}

function OpennessProfile({ m }: { m: Model }) {
  const weights = WEIGHTS_ACCESS[m.weightsAccess];
  const licence = LICENSE_KIND[m.licenseKind];
  const mof = MOF_CLASS[m.mofClass];
  const data = TRAINING_DATA[m.trainingDataOpenness];
  const rows: Array<{ fact: string; value: ReactNode; meaning: ReactNode }> = [
    {
      fact: 'Weights access',
      value: (
        <>
          {weights.label}
          {m.gated && m.weightsAccess !== 'GATED' ? ' (download after accepting terms)' : ''}
        </>
      ),
      meaning: weights.explain,
    },
    { fact: 'Release level', value: RELEASE_LEVEL[m.releaseLevel], meaning: RELEASE_LEVEL_EXPLAIN },
    {
      fact: 'Licence',
      value: (
        <Stack gap={2}>
          <span>{licence.label}</span>
          {m.licenseName &&
            (m.licenseUrl ? <External href={m.licenseUrl}>{m.licenseName}</External> : <span>{m.licenseName}</span>)}
        </Stack>
      ),
      meaning: licence.explain,
    },
    { fact: 'Training data', value: data.label, meaning: data.explain },
    {
      fact: 'MOF class',
      value: (
        <Stack gap={4}>
          <span>{mof.label}</span>
          {(
            [
              ['Class III', m.mofProgress.classIII],
              ['Class II', m.mofProgress.classII],
              ['Class I', m.mofProgress.classI],
            ] as const
          ).map(([name, value]) => (
            <div key={name}>
              <Text size="xs">
                {name}: {Math.round(value)}% of the components released openly
              </Text>
              <Progress value={Math.round(value)} aria-label={`Progress towards MOF ${name}`} size="sm" />
            </div>
          ))}
        </Stack>
      ),
      meaning: mof.explain,
    },
    {
      fact: 'Open source AI (OSAID 1.0)',
      value: (
        <Stack gap={2}>
          <span>{m.osaid.conformant ? 'Conformant' : 'Not conformant'}</span>
          {m.osaid.missing.length > 0 && (
            <>
              <Text size="sm">Missing or not openly licensed:</Text>
              <List size="sm" aria-label="Why the model is not open source AI">
                {m.osaid.missing.map((r) => (
                  <List.Item key={r}>{r}</List.Item>
                ))}
              </List>
            </>
          )}
        </Stack>
      ),
      meaning:
        'The Open Source AI Definition asks that a model can be used, studied, changed and shared freely, with its weights, code and a description of its training data.',
    },
    {
      fact: 'Fine-tuning',
      value: m.fineTuning.length ? m.fineTuning.map((f) => FINE_TUNING[f]).join(', ') : 'Not documented',
      meaning:
        'Fine-tuning adapts a model to your language or task. On the weights you keep the result; through the producer’s API the result stays with the producer.',
    },
  ];
  return (
    <Section id="model-openness" title="Openness profile">
      <Table.ScrollContainer minWidth={800}>
        <Table verticalSpacing="sm" aria-label="Openness profile">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>Fact</Table.Th>
              <Table.Th>This model</Table.Th>
              <Table.Th>What it means for your programme</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.fact}>
                <Table.Th scope="row">{r.fact}</Table.Th>
                <Table.Td>{r.value}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.meaning}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

const COMPONENT_STATUS: Record<string, string> = {
  included: 'Released under an open licence',
  unlicensed: 'Released without a licence',
  invalid: 'Released under a licence that is not open',
  missing: 'Not released',
};

function Components({ m }: { m: Model }) {
  return (
    <Section id="model-components" title="Components">
      <Text size="sm" mb="xs">
        The parts of a model that the Model Openness Framework looks for. The more are released under open licences, the
        more your team or independent experts can check and rebuild.
      </Text>
      {m.components.length === 0 ? (
        <Text>No components are recorded for this model.</Text>
      ) : (
        <Table striped aria-label="Components">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Component</Table.Th>
              <Table.Th>Released</Table.Th>
              <Table.Th>Licence</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {m.components.map((c) => (
              <Table.Tr key={c.name}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.released ? 'Yes' : 'No'}</Table.Td>
                <Table.Td>{c.license ?? '—'}</Table.Td>
                <Table.Td>{COMPONENT_STATUS[c.status] ?? c.status}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function Obligations({ m }: { m: Model }) {
  return (
    <Section id="model-obligations" title="Licence obligations">
      {m.obligations.length === 0 ? (
        <Text>No obligations are recorded beyond the licence itself.</Text>
      ) : (
        <List>
          {m.obligations.map((o, i) => (
            <List.Item key={`${o.kind}-${i}`}>
              <strong>{OBLIGATION_KIND[o.kind]}</strong>
              {o.threshold != null ? `: above ${o.threshold.toLocaleString('en')} monthly active users` : ''}
              {o.text ? ` — ${o.text}` : ''}
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}

function Hosting({ m }: { m: Model }) {
  const offerings = m.vendorOfferings;
  return (
    <Section id="model-hosting" title="Hosting and where data goes">
      {m.hostingOptions.length === 0 ? (
        <Text>No hosting option is recorded.</Text>
      ) : (
        <List>
          {m.hostingOptions.map((h) => (
            <List.Item key={h}>
              <strong>{HOSTING_OPTION[h]}:</strong> {HOSTING_OPTION_EXPLAIN[h]}
            </List.Item>
          ))}
        </List>
      )}
      {offerings === null || offerings === undefined ? (
        <Text mt="sm">
          The model is offered through a vendor’s API, but no processing regions are recorded: where your data would be
          processed cannot be checked.
        </Text>
      ) : (
        offerings.length > 0 && (
          <>
            <Title order={3} mt="md" mb="xs">
              Vendor offerings
            </Title>
            <Table.ScrollContainer minWidth={700}>
              <Table striped aria-label="Vendor offerings">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Vendor</Table.Th>
                    <Table.Th>Offering</Table.Th>
                    <Table.Th>Regions where data is processed</Table.Th>
                    <Table.Th>Note</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {offerings.map((o) => (
                    <Table.Tr key={`${o.vendor}-${o.offering}`}>
                      <Table.Td>{o.vendor}</Table.Td>
                      <Table.Td>
                        <External href={o.source}>{o.offering}</External>
                      </Table.Td>
                      <Table.Td>
                        {o.regions.length === 0
                          ? 'None recorded'
                          : o.regions.map((r) => `${r.name} (${r.jurisdictions.join(', ')})`).join('; ')}
                      </Table.Td>
                      <Table.Td>{o.note}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )
      )}
    </Section>
  );
}

function Serving({ m }: { m: Model }) {
  const s = m.servingMemory;
  if (m.weightsAccess === 'CLOSED')
    return (
      <Section id="model-serving" title="Running it yourself">
        <Text>
          The weights are not released: this model cannot be run on your own computers, only used through the producer’s
          service.
        </Text>
      </Section>
    );
  return (
    <Section id="model-serving" title="Running it yourself">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Fact label="Parameters">
          {m.parameterCount != null ? m.parameterCount.toLocaleString('en') : 'Not published'}
        </Fact>
        <Fact label="Memory at 16-bit precision">{s ? `${s.sixteenBitGb.toFixed(1)} GB` : 'Unknown'}</Fact>
        <Fact label="Memory at 4-bit quantisation">{s ? `${s.fourBitGb.toFixed(1)} GB` : 'Unknown'}</Fact>
      </SimpleGrid>
      <Text size="sm" mt="xs">
        {s
          ? `Memory of the graphics card (or computer) needed to serve the weights, with 20% overhead: ${s.formula}. Source: ${s.source}.`
          : 'The parameter count is unknown, so the hardware needed cannot be estimated.'}
        {m.modelType ? ` Model type: ${m.modelType}.` : ''}
      </Text>
    </Section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm">{label}</Text>
      <Text fw={700} size="lg">
        {children}
      </Text>
    </Paper>
  );
}

function LanguagesAndModalities({ m }: { m: Model }) {
  return (
    <Section id="model-languages" title="Languages and modalities">
      <Text>
        <strong>Languages:</strong>{' '}
        {m.languages.length ? m.languages.map(languageName).join(', ') : 'Not documented by the producer'}
      </Text>
      <Text>
        <strong>Modalities:</strong> {m.modalities.length ? m.modalities.join(', ') : 'Not documented'}
      </Text>
    </Section>
  );
}

function Family({ m }: { m: Model }) {
  if (!m.family) return null;
  return (
    <Section id="model-family" title={`Other models of the ${m.family} family`}>
      {m.familySiblings.length === 0 ? (
        <Text>No other model of this family is in the catalog.</Text>
      ) : (
        <>
          <Text size="sm" mb="xs">
            Open-weights models come first: a related open model can be an alternative you control.
          </Text>
          <Table striped aria-label="Family siblings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Weights access</Table.Th>
                <Table.Th>Licence kind</Table.Th>
                <Table.Th>MOF class</Table.Th>
                <Table.Th>Release level</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.familySiblings.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/catalog/${s.id}`}>
                      {s.name}
                    </Anchor>
                    {s.retired ? ' (retired)' : ''}
                  </Table.Td>
                  <Table.Td>
                    <WeightsAccessBadge value={s.weightsAccess} />
                  </Table.Td>
                  <Table.Td>{LICENSE_KIND[s.licenseKind].label}</Table.Td>
                  <Table.Td>{MOF_CLASS[s.mofClass].label}</Table.Td>
                  <Table.Td>{RELEASE_LEVEL[s.releaseLevel]}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Section>
  );
}

function Sources({ m }: { m: Model }) {
  return (
    <Section id="model-sources" title="Sources">
      {m.sources.length === 0 ? (
        <Text>No sources are recorded.</Text>
      ) : (
        <List size="sm">
          {m.sources.map((s, i) => (
            <List.Item key={`${s.field}-${s.url}-${i}`}>
              {s.field}: <External href={s.url}>{s.url}</External>
              {s.note ? ` — ${s.note}` : ''}
            </List.Item>
          ))}
        </List>
      )}
      <Text size="xs" mt="xs">
        Facts last changed {new Date(m.updatedAt).toLocaleDateString('en-GB')}.
      </Text>
    </Section>
  );
}

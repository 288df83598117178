import {
  Accordion,
  Anchor,
  Badge,
  Checkbox,
  List,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import {
  HOSTING_OPTION,
  LICENSE_KIND,
  LicenseKindBadge,
  MOF_CLASS,
  MofClassBadge,
  optionsOf,
  RELEASE_LEVEL,
  RELEASE_LEVEL_EXPLAIN,
  WEIGHTS_ACCESS,
  WeightsAccessBadge,
} from '../../components/catalog/openness';
import { useDebouncedParam } from '../../components/catalog/useDebouncedParam';
import { Pager, useCursorPages } from '../../components/Pager';
import { graphql } from '../../gql';
import type {
  AiModelFilter,
  HostingOption,
  LicenseKind,
  MofClass,
  ReleaseLevel,
  WeightsAccess,
} from '../../gql/graphql';
import { QueryError } from '../../lib/errors';

const PAGE_SIZE = 20;

const CATALOG_MODELS = graphql(`
  query CatalogModels($filter: AiModelFilter, $first: Int, $after: String) {
    aiModels(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          name
          producer
          weightsAccess
          licenseKind
          licenseName
          mofClass
          osaid {
            conformant
          }
          hostingOptions
          languages
          retired
        }
      }
    }
  }
`);

/** The select filters, by their name in the address (`?weights=OPEN&mof=CLASS_II`). */
const SELECTS = {
  weights: { label: 'Weights access', options: optionsOf(WEIGHTS_ACCESS) },
  licence: { label: 'Licence kind', options: optionsOf(LICENSE_KIND) },
  mof: { label: 'MOF class', options: optionsOf(MOF_CLASS) },
  hosting: { label: 'Hosting option', options: optionsOf(HOSTING_OPTION) },
  release: { label: 'Release level', options: optionsOf(RELEASE_LEVEL) },
} as const;
type SelectName = keyof typeof SELECTS;

/** A value from the address only when it is one the filter knows (a mistyped bookmark filters nothing). */
function known(params: URLSearchParams, name: SelectName): string | undefined {
  const v = params.get(name);
  return v && SELECTS[name].options.some((o) => o.value === v) ? v : undefined;
}

function filterFrom(params: URLSearchParams): AiModelFilter {
  const filter: AiModelFilter = {};
  const weights = known(params, 'weights');
  if (weights) filter.weightsAccess = weights as WeightsAccess;
  const licence = known(params, 'licence');
  if (licence) filter.licenseKind = licence as LicenseKind;
  const mof = known(params, 'mof');
  if (mof) filter.mofClass = mof as MofClass;
  const hosting = known(params, 'hosting');
  if (hosting) filter.hostingOption = hosting as HostingOption;
  const release = known(params, 'release');
  if (release) filter.releaseLevel = release as ReleaseLevel;
  const language = params.get('lang')?.trim();
  if (language) filter.language = language;
  const search = params.get('q')?.trim();
  if (search) filter.search = search;
  if (params.get('retired') === '1') filter.includeRetired = true;
  return filter;
}

export default function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useDebouncedParam('q');
  const [language, setLanguage] = useDebouncedParam('lang');
  const filter = filterFrom(params);

  const setParam = (name: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });

  return (
    <Stack>
      <Title order={1}>Model catalog</Title>
      <Text maw={900}>
        The AI models your organisation can ask to adopt, with how open each one is. Openness decides who can look
        inside a model, change it for your programme and keep it running: an open model can be run on your own computers
        and adapted, but your team then carries the care for its safe use; a closed model is used through a company’s
        service, which controls prices, changes and where your data goes. Hold the pointer over a label, or open the
        explanation below, to read what each value means.
      </Text>
      <OpennessGuide />

      <Paper withBorder p="md" component="section" aria-labelledby="catalog-filters">
        <Title order={2} size="h4" id="catalog-filters" mb="sm">
          Filter the catalog
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <TextInput
            label="Search"
            description="Words in the name, producer or family"
            value={search}
            maxLength={200}
            onChange={(e) => setSearch(e.currentTarget.value)}
            type="search"
          />
          {(Object.keys(SELECTS) as SelectName[]).map((name) => (
            <Select
              key={name}
              label={SELECTS[name].label}
              placeholder="Any"
              data={SELECTS[name].options}
              value={known(params, name) ?? null}
              onChange={(v) => setParam(name, v)}
              clearable
              allowDeselect
            />
          ))}
          <TextInput
            label="Language"
            description='A BCP 47 code, e.g. "sw" (also finds "sw-KE")'
            value={language}
            maxLength={35}
            onChange={(e) => setLanguage(e.currentTarget.value)}
          />
          <Checkbox
            label="Include retired models"
            description="Retired models cannot be chosen for new requests"
            checked={params.get('retired') === '1'}
            onChange={(e) => setParam('retired', e.currentTarget.checked ? '1' : null)}
            mt="md"
          />
        </SimpleGrid>
      </Paper>

      {/* A new filter starts again at the first page: the results are a new list. */}
      <CatalogResults key={JSON.stringify(filter)} filter={filter} />
    </Stack>
  );
}

function CatalogResults({ filter }: { filter: AiModelFilter }) {
  const pages = useCursorPages();
  const [{ data, fetching, error }] = useQuery({
    query: CATALOG_MODELS,
    variables: { filter, first: PAGE_SIZE, after: pages.after },
  });
  const connection = data?.aiModels;

  return (
    <section aria-labelledby="catalog-models">
      <Title order={2} id="catalog-models" mb="sm">
        Models
      </Title>
      {error && <QueryError error={error} what="the model catalog" />}
      {fetching && !connection && <Loader aria-label="Loading models" />}
      {connection && connection.edges.length === 0 && (
        <Text role="status">
          No model matches these filters. Remove a filter or change the search words to see more models.
        </Text>
      )}
      {connection && connection.edges.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={1100}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label="Models in the catalog">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Producer</Table.Th>
                  <Table.Th>Weights access</Table.Th>
                  <Table.Th>Licence</Table.Th>
                  <Table.Th>MOF class</Table.Th>
                  <Table.Th>Open source AI (OSAID)</Table.Th>
                  <Table.Th>Hosting options</Table.Th>
                  <Table.Th>Languages</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {connection.edges.map(({ node: m }) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/catalog/${m.id}`} fw={600}>
                        {m.name}
                      </Anchor>
                      {m.retired && (
                        <Badge variant="outline" color="gray" ml="xs" size="sm">
                          Retired
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{m.producer}</Table.Td>
                    <Table.Td>
                      <WeightsAccessBadge value={m.weightsAccess} />
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <LicenseKindBadge value={m.licenseKind} />
                        {m.licenseName && <Text size="sm">{m.licenseName}</Text>}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <MofClassBadge value={m.mofClass} />
                    </Table.Td>
                    <Table.Td>{m.osaid.conformant ? 'Conformant' : 'Not conformant'}</Table.Td>
                    <Table.Td>
                      {m.hostingOptions.length ? m.hostingOptions.map((h) => HOSTING_OPTION[h]).join(', ') : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Languages codes={m.languages} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            pages={pages}
            hasNextPage={connection.pageInfo.hasNextPage}
            endCursor={connection.pageInfo.endCursor}
            totalCount={connection.totalCountExact ? connection.totalCount : null}
            label="models"
          />
        </>
      )}
    </section>
  );
}

function Languages({ codes }: { codes: readonly string[] }) {
  if (codes.length === 0) return <Text size="sm">Not documented</Text>;
  const shown = codes.slice(0, 6);
  return (
    <Text size="sm">
      {shown.join(', ')}
      {codes.length > shown.length ? ` and ${codes.length - shown.length} more` : ''}
    </Text>
  );
}

/** What the openness columns mean, in plain words. */
function OpennessGuide() {
  return (
    <Accordion variant="contained" order={2}>
      <Accordion.Item value="guide">
        <Accordion.Control>What the openness columns mean</Accordion.Control>
        <Accordion.Panel>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
            <div>
              <Text fw={600}>Weights access</Text>
              <Text size="sm" mb={4}>
                The weights are the model itself. Whoever holds them can run, inspect and adapt it.
              </Text>
              <List size="sm" spacing={2}>
                {(['OPEN', 'GATED', 'CLOSED'] as const).map((k) => (
                  <List.Item key={k}>
                    <strong>{WEIGHTS_ACCESS[k].label}:</strong> {WEIGHTS_ACCESS[k].explain}
                  </List.Item>
                ))}
              </List>
            </div>
            <div>
              <Text fw={600}>Licence kind</Text>
              <Text size="sm" mb={4}>
                The licence says what you may do with the model: use it for any purpose, change it, share it.
              </Text>
              <List size="sm" spacing={2}>
                {(['OSI_APPROVED', 'OPEN_RAIL', 'COMMUNITY_CUSTOM', 'PROPRIETARY_TERMS'] as const).map((k) => (
                  <List.Item key={k}>
                    <strong>{LICENSE_KIND[k].label}:</strong> {LICENSE_KIND[k].explain}
                  </List.Item>
                ))}
              </List>
            </div>
            <div>
              <Text fw={600}>MOF class</Text>
              <Text size="sm" mb={4}>
                The Model Openness Framework grades how much of a model is released openly; Class I is the most open.
                Open source AI (OSAID) tells whether the model meets the Open Source AI Definition.{' '}
                {RELEASE_LEVEL_EXPLAIN}
              </Text>
              <List size="sm" spacing={2}>
                {(['CLASS_I', 'CLASS_II', 'CLASS_III', 'UNCLASSIFIED'] as const).map((k) => (
                  <List.Item key={k}>
                    <strong>{MOF_CLASS[k].label}:</strong> {MOF_CLASS[k].explain}
                  </List.Item>
                ))}
              </List>
            </div>
          </SimpleGrid>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

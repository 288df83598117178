import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { HostingOption, WeightsAccess } from '../../gql/graphql';
import { WEIGHTS } from './requestLabels';

const MODEL_OPTIONS = graphql(`
  query RequesterModelOptions($filter: AiModelFilter) {
    aiModels(filter: $filter, first: 50) {
      totalCount
      edges {
        node {
          id
          name
          producer
          weightsAccess
          hostingOptions
          languages
        }
      }
    }
  }
`);

export interface ModelChoice {
  id: string;
  name: string;
  producer: string;
  weightsAccess: WeightsAccess;
  hostingOptions: HostingOption[];
  languages: string[];
}

export function modelLabel(m: Pick<ModelChoice, 'name' | 'producer' | 'weightsAccess'>): string {
  return `${m.name} · ${m.producer} · ${WEIGHTS[m.weightsAccess]}`;
}

/**
 * A searchable picker over the organisation's catalog (the API searches name, producer and family; retired
 * models are not offered). `selected` is the current model, so that it shows before any search.
 */
export function ModelSelect({
  label,
  description,
  error,
  value,
  selected,
  onChange,
  withAsterisk,
}: {
  label: string;
  description?: ReactNode;
  error?: ReactNode;
  value: string | null;
  selected?: ModelChoice | null;
  onChange: (model: ModelChoice | null) => void;
  withAsterisk?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const selectedLabel = selected ? modelLabel(selected) : null;
  // The select shows the chosen model's label in its box: that is not a search.
  const term = debounced && debounced !== selectedLabel ? debounced.slice(0, 200) : null;
  const [{ data, fetching }] = useQuery({
    query: MODEL_OPTIONS,
    variables: { filter: term ? { search: term } : {} },
  });
  const models = useMemo(() => {
    const found: ModelChoice[] = (data?.aiModels.edges ?? []).map((e) => e.node);
    if (selected && !found.some((m) => m.id === selected.id)) found.unshift(selected);
    return found;
  }, [data, selected]);
  const more = data && data.aiModels.totalCount > data.aiModels.edges.length;
  return (
    <Select
      label={label}
      description={description}
      error={error}
      withAsterisk={withAsterisk}
      searchable
      clearable
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      // The API has searched already (name, producer, family): show what it found.
      filter={({ options }) => options}
      data={models.map((m) => ({ value: m.id, label: modelLabel(m) }))}
      onChange={(id) => onChange(models.find((m) => m.id === id) ?? null)}
      nothingFoundMessage={fetching ? 'Searching…' : 'No model matches: try another word'}
      placeholder={more ? 'Type to search the catalog' : 'Choose a model'}
      maxDropdownHeight={320}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

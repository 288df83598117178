import { Group, List, Stack, Text, Title } from '@mantine/core';
import type { EuAiActClass } from '../../gql/graphql';
import { Words, words } from './format';
import type { ReviewRequestData } from './types';
import { Tag } from './Tag';

const CLASS_COLOUR: Record<EuAiActClass, string> = {
  MINIMAL: 'teal',
  LIMITED: 'yellow',
  HIGH: 'orange',
  PROHIBITED: 'red',
};

/** The EU AI Act keyword pre-screen of the request's current facts: the reviewer confirms it. */
export function EuAiActPanel({ screen }: { screen: ReviewRequestData['euAiAct'] }) {
  return (
    <Stack gap="xs">
      <Title order={2}>EU AI Act pre-screen</Title>
      {!screen ? (
        <Text size="sm">No pre-screen: the request names no model yet.</Text>
      ) : (
        <>
          <Group gap="xs">
            <Tag colour={CLASS_COLOUR[screen.euAiActClass]}>Class: {Words(screen.euAiActClass)}</Tag>
            <Tag colour="gray">Organisation’s role: {words(screen.role.role)}</Tag>
            <Tag colour="gray">
              {screen.gpai.gpai ? 'General-purpose AI model' : 'Not a general-purpose AI model'}
              {screen.gpai.gpai && screen.gpai.openSourceExemption ? ' (open-source exemption)' : ''}
            </Tag>
          </Group>
          <Text size="sm">{screen.caveat}</Text>
          {screen.provisions.length > 0 ? (
            <List size="sm" aria-label="Provisions matched">
              {screen.provisions.map((p) => (
                <List.Item key={`${p.reference}-${p.label}`}>
                  <strong>
                    {p.reference} ({words(p.euAiActClass)})
                  </strong>
                  : {p.label}
                  {p.triggers.length > 0 && (
                    <> — matched in {p.triggers.map((t) => `${t.field}: “${t.text}”`).join('; ')}</>
                  )}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">No provision matched the use case, the people affected or the sector.</Text>
          )}
          {screen.role.warnings.length > 0 && (
            <List size="sm" aria-label="What could make the organisation a provider">
              {screen.role.warnings.map((w) => (
                <List.Item key={w.text}>{w.text}</List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </Stack>
  );
}

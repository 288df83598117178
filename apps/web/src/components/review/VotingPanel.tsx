import { ActionIcon, Button, Group, List, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { VoteChoice } from '../../gql/graphql';
import { fieldErrors, inputErrors, isErrorResult } from '../../lib/errors';
import { useSession } from '../../lib/session';
import { VOTE_LABEL } from './ApprovalProgressPanel';
import { words } from './format';
import { Refusal } from './Refusal';
import { refusalOf, type ReviewRequestData } from './types';

const CAST = graphql(`
  mutation ReviewCastDecision($id: ID!, $input: CastDecisionInput!) {
    castDecision(requestId: $id, input: $input) {
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

const CHOICES: VoteChoice[] = ['APPROVE', 'REJECT', 'REQUEST_CHANGES'];

const CHOICE_HELP: Record<VoteChoice, string> = {
  APPROVE: 'The request is approved once enough approvers agree (and any required expertise has voted).',
  REJECT: 'One rejection decides: the request is rejected and its decision record frozen.',
  REQUEST_CHANGES: 'The request goes back to the requester with your rationale; a resubmission is a new revision.',
};

/** Refusals that concern this person on this request (not the request's state or their role): worth saying. */
const PERSONAL_REFUSALS = ['SEPARATION_OF_DUTIES', 'ALREADY_VOTED'];

/**
 * An approver's vote: the choice, the rationale (always required), the conditions they attach (a list they
 * add to) and the expertise the vote counts with (their own, as the API records it). Shown only when the
 * API's viewerCan offers castDecision.
 */
export function VotingPanel({ request: r, onDone }: { request: ReviewRequestData; onDone: () => void }) {
  const { user } = useSession();
  const [choice, setChoice] = useState<VoteChoice | null>(null);
  const [rationale, setRationale] = useState('');
  const [conditions, setConditions] = useState<string[]>([]);
  const [newCondition, setNewCondition] = useState('');
  const [result, cast] = useMutation(CAST);

  if (!r.viewerCan.castDecision) {
    const why = refusalOf(r, 'castDecision');
    if (why && PERSONAL_REFUSALS.includes(why.code))
      return (
        <Stack gap="xs">
          <Title order={2}>Your vote</Title>
          <Text size="sm">You cannot vote on this request: {why.reason}</Text>
        </Stack>
      );
    return null;
  }

  const answer = result.data?.castDecision;
  const input = inputErrors(result.error);
  const errors = { ...input, ...fieldErrors(answer, 'input.') };
  const conditionErrors = Object.entries(errors)
    .filter(([k]) => k.startsWith('conditions'))
    .map(([, m]) => m)
    .join('; ');
  const shown = ['vote', 'rationale', 'conditions', ...Object.keys(errors).filter((k) => k.startsWith('conditions'))];

  const addCondition = () => {
    const text = newCondition.trim();
    if (!text) return;
    setConditions((c) => (c.includes(text) ? c : [...c, text]));
    setNewCondition('');
  };

  async function onCast() {
    if (!choice) return;
    const res = await cast({ id: r.id, input: { vote: choice, rationale, conditions } });
    if (!res.error && !isErrorResult(res.data?.castDecision)) onDone();
  }

  return (
    <Stack gap="sm">
      <Title order={2}>Your vote</Title>
      <Radio.Group
        label="Vote"
        value={choice}
        onChange={(v) => setChoice(v as VoteChoice)}
        error={errors.vote}
        description={choice ? CHOICE_HELP[choice] : 'Choose one.'}
      >
        <Group gap="lg" mt={4}>
          {CHOICES.map((c) => (
            <Radio key={c} value={c} label={VOTE_LABEL[c]} />
          ))}
        </Group>
      </Radio.Group>
      <Textarea
        label="Rationale"
        description="Why you vote so: required for every vote, and kept in the decision record."
        required
        autosize
        minRows={3}
        value={rationale}
        onChange={(e) => setRationale(e.currentTarget.value)}
        error={errors.rationale}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="vote-conditions-label">
          Conditions of your approval
        </Text>
        {conditions.length === 0 ? (
          <Text size="sm">None added.</Text>
        ) : (
          <List size="sm" aria-labelledby="vote-conditions-label">
            {conditions.map((c) => (
              <List.Item key={c}>
                <Group gap="xs" wrap="nowrap">
                  <span>{c}</span>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={`Remove condition: ${c}`}
                    onClick={() => setConditions((all) => all.filter((x) => x !== c))}
                  >
                    ×
                  </ActionIcon>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {r.approvalProgress.requiredConditions.length > 0 && (
          <Text size="xs">
            The policies’ conditions ({r.approvalProgress.requiredConditions.join('; ')}) are attached to the approval
            in any case.
          </Text>
        )}
        <Group align="flex-end" gap="xs">
          <TextInput
            label="New condition"
            description="E.g. a clinician reviews every answer before it reaches a patient."
            value={newCondition}
            onChange={(e) => setNewCondition(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addCondition();
              }
            }}
            error={conditionErrors || undefined}
            w={{ base: '100%', md: 480 }}
          />
          <Button variant="default" onClick={addCondition} disabled={!newCondition.trim()}>
            Add condition
          </Button>
        </Group>
      </Stack>
      <Text size="sm">
        Your vote counts with your expertise:{' '}
        {user?.expertise.length ? user.expertise.map(words).join(', ') : 'none recorded'}.
        {r.approvalProgress.missingExpertise.length > 0 &&
          ` Still needed: ${r.approvalProgress.missingExpertise.map(words).join(', ')}.`}
      </Text>
      <Group>
        <Button onClick={onCast} loading={result.fetching} disabled={!choice}>
          {choice ? `Record my vote: ${VOTE_LABEL[choice]}` : 'Record my vote'}
        </Button>
        {!choice && <Text size="sm">Choose your vote first.</Text>}
      </Group>
      <Refusal
        result={answer}
        error={result.error}
        title="Your vote was not recorded"
        shownFields={shown}
        prefix="input."
      />
    </Stack>
  );
}

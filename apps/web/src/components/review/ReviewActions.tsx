import { Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { ActionError, fieldErrors, inputErrors, isErrorResult } from '../../lib/errors';
import { Refusal } from './Refusal';
import { refusalOf, type ReviewRequestData } from './types';

const START_REVIEW = graphql(`
  mutation ReviewStart($id: ID!) {
    startReview(id: $id) {
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

const COMPLETE_REVIEW = graphql(`
  mutation ReviewComplete($id: ID!) {
    completeReview(id: $id) {
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

const REQUEST_CHANGES = graphql(`
  mutation ReviewRequestChanges($id: ID!, $rationale: String!) {
    requestChanges(id: $id, rationale: $rationale) {
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

/**
 * The reviewer's steps on a request: start the review, then complete it (the request goes to the approvers)
 * or send it back with what to change. Each appears only when the API offers it.
 */
export function ReviewActions({ request: r, onDone }: { request: ReviewRequestData; onDone: () => void }) {
  const [start, startReview] = useMutation(START_REVIEW);
  const [complete, completeReview] = useMutation(COMPLETE_REVIEW);
  const [changes, requestChanges] = useMutation(REQUEST_CHANGES);
  const [rationale, setRationale] = useState('');
  const can = r.viewerCan;
  if (!can.startReview && !can.completeReview && !can.requestChanges) {
    const why = refusalOf(r, 'startReview');
    // A reviewer who may not review this request (e.g. they asked for it) is told why, in the API's words.
    if (why && why.code === 'SEPARATION_OF_DUTIES')
      return (
        <Stack gap="xs">
          <Title order={2}>Review</Title>
          <Text size="sm">You cannot review this request: {why.reason}</Text>
        </Stack>
      );
    return null;
  }
  const changesErrors = { ...inputErrors(changes.error), ...fieldErrors(changes.data?.requestChanges) };
  return (
    <Stack gap="sm">
      <Title order={2}>Review</Title>
      {can.startReview && (
        <Stack gap="xs">
          <Text size="sm">
            Starting the review records you as its reviewer and opens the assessment, starting from the automatic
            pre-assessment.
          </Text>
          <Group>
            <Button
              loading={start.fetching}
              onClick={async () => {
                const res = await startReview({ id: r.id });
                if (!res.error && !isErrorResult(res.data?.startReview)) onDone();
              }}
            >
              Start review
            </Button>
          </Group>
          <ActionError result={start.data?.startReview} error={start.error} title="The review was not started" />
        </Stack>
      )}
      {can.completeReview && (
        <Stack gap="xs">
          <Text size="sm">
            Completing the review sends the request to the approvers with the assessment as it is saved now.
          </Text>
          <Group>
            <Button
              loading={complete.fetching}
              onClick={async () => {
                const res = await completeReview({ id: r.id });
                if (!res.error && !isErrorResult(res.data?.completeReview)) onDone();
              }}
            >
              Complete review
            </Button>
          </Group>
          <ActionError
            result={complete.data?.completeReview}
            error={complete.error}
            title="The review was not completed"
          />
        </Stack>
      )}
      {can.requestChanges && (
        <Stack gap="xs">
          <Textarea
            label="What to change, and why"
            description="The requester sees this, edits the request and resubmits it as a new revision."
            autosize
            minRows={2}
            value={rationale}
            onChange={(e) => setRationale(e.currentTarget.value)}
            error={changesErrors.rationale}
          />
          <Group>
            <Button
              variant="default"
              loading={changes.fetching}
              onClick={async () => {
                const res = await requestChanges({ id: r.id, rationale });
                if (!res.error && !isErrorResult(res.data?.requestChanges)) {
                  setRationale('');
                  onDone();
                }
              }}
            >
              Request changes
            </Button>
          </Group>
          <Refusal
            result={changes.data?.requestChanges}
            error={changes.error}
            title="Changes were not requested"
            shownFields={['rationale']}
          />
        </Stack>
      )}
    </Stack>
  );
}

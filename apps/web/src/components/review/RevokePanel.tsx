import { Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { fieldErrors, inputErrors, isErrorResult } from '../../lib/errors';
import { Refusal } from './Refusal';
import type { ReviewRequestData } from './types';

const REVOKE = graphql(`
  mutation ReviewRevoke($id: ID!, $rationale: String!) {
    revokeApproval(id: $id, rationale: $rationale) {
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

/** Withdraws an approval that no longer holds (e.g. the vendor changed its terms), with the reason. */
export function RevokePanel({ request: r, onDone }: { request: ReviewRequestData; onDone: () => void }) {
  const [rationale, setRationale] = useState('');
  const [result, revoke] = useMutation(REVOKE);
  if (!r.viewerCan.revoke) return null;
  const errors = { ...inputErrors(result.error), ...fieldErrors(result.data?.revokeApproval) };
  return (
    <Stack gap="xs">
      <Title order={2}>Revoke the approval</Title>
      <Text size="sm">
        Revoking ends the approval now: the model may no longer be used for this request, and a new decision record is
        frozen with your reason.
      </Text>
      <Textarea
        label="Why the approval is revoked"
        required
        autosize
        minRows={2}
        value={rationale}
        onChange={(e) => setRationale(e.currentTarget.value)}
        error={errors.rationale}
      />
      <Group>
        <Button
          color="red"
          loading={result.fetching}
          onClick={async () => {
            const res = await revoke({ id: r.id, rationale });
            if (!res.error && !isErrorResult(res.data?.revokeApproval)) onDone();
          }}
        >
          Revoke the approval
        </Button>
      </Group>
      <Refusal
        result={result.data?.revokeApproval}
        error={result.error}
        title="The approval was not revoked"
        shownFields={['rationale']}
      />
    </Stack>
  );
}

import { Alert } from '@mantine/core';
import type { CombinedError } from 'urql';
import { ActionError, fieldErrors, isErrorResult, unshownError } from '../../lib/errors';

/**
 * A refusal beside the action that was refused. When every message of a ValidationError (or of a malformed
 * argument) already stands next to its field, only a pointer to them is said here, not the messages again
 * (a ValidationError's own message repeats each field's message).
 */
export function Refusal({
  result,
  error,
  title,
  shownFields,
  prefix = '',
}: {
  result: unknown;
  error: CombinedError | undefined;
  title: string;
  shownFields: readonly string[];
  prefix?: string;
}) {
  const remaining = unshownError(error, shownFields);
  const byField = fieldErrors(result, prefix);
  const allShown =
    isErrorResult(result) &&
    (result.fieldErrors?.length ?? 0) > 0 &&
    Object.keys(byField).every((k) => shownFields.includes(k));
  if (allShown || (error && !remaining)) {
    return (
      <Alert color="red" title={title} role="alert">
        The messages stand next to the fields they concern.
      </Alert>
    );
  }
  return <ActionError result={result} error={remaining} title={title} shownFields={shownFields} prefix={prefix} />;
}

import { Alert, List, Text } from '@mantine/core';
import type { CombinedError } from 'urql';

/** Any member of the API's ErrorResult unions (ValidationError, InvalidTransitionError, …). */
export interface ErrorResultLike {
  __typename?: string;
  errorCode: string;
  message: string;
  fieldErrors?: ReadonlyArray<{ field: string; message: string }>;
  findings?: ReadonlyArray<{ title: string; message: string; effect: string }>;
}

/** True when a mutation's union answer is a refusal rather than the object asked for. */
export function isErrorResult(value: unknown): value is ErrorResultLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorResultLike).errorCode === 'string';
}

/**
 * A ValidationError's messages by input path, for the form fields they concern: `fieldErrors(result,
 * 'input.')` maps `input.title` to `title`. Messages for paths no field shows stay in `rest`.
 */
export function fieldErrors(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isErrorResult(value) || !value.fieldErrors) return out;
  for (const e of value.fieldErrors) {
    const key = e.field.startsWith(prefix) ? e.field.slice(prefix.length) : e.field;
    out[key] = out[key] ? `${out[key]}; ${e.message}` : e.message;
  }
  return out;
}

/** Messages of a refusal that no field on the screen shows (`shown` lists the keys the form displays). */
export function unshownFieldErrors(value: unknown, prefix: string, shown: readonly string[]): string[] {
  return Object.entries(fieldErrors(value, prefix))
    .filter(([k]) => !shown.includes(k))
    .map(([k, m]) => `${k}: ${m}`);
}

type GraphQLErrorLike = CombinedError['graphQLErrors'][number];

/**
 * The inputs a BAD_USER_INPUT error refused before anything ran (a blank title, a text too long, a bad
 * language code): the API lists them in `extensions.fieldErrors` by their path from the operation's
 * arguments (`input.title`, `rules[0].condition`); an error about one argument names it in
 * `extensions.field`. Empty for any other error.
 */
export function refusedInputs(e: GraphQLErrorLike): Array<{ field: string; message: string }> {
  if (e.extensions?.code !== 'BAD_USER_INPUT') return [];
  const listed = e.extensions.fieldErrors;
  if (Array.isArray(listed))
    return listed.filter(
      (f): f is { field: string; message: string } => typeof f?.field === 'string' && typeof f?.message === 'string',
    );
  return typeof e.extensions.field === 'string' ? [{ field: e.extensions.field, message: e.message }] : [];
}

const afterPrefix = (field: string, prefix: string) => (field.startsWith(prefix) ? field.slice(prefix.length) : field);

/** Messages of the inputs an error refused, by path after `prefix` (`input.title` → `title`), for the fields. */
export function inputErrors(error: CombinedError | undefined | null, prefix = 'input.'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of error?.graphQLErrors ?? []) {
    for (const f of refusedInputs(e)) {
      const key = afterPrefix(f.field, prefix);
      out[key] = out[key] ? `${out[key]}; ${f.message}` : f.message;
    }
  }
  return out;
}

/** The error to show beside the action: none when every refused input already has its message beside it. */
export function unshownError(
  error: CombinedError | undefined | null,
  shown: readonly string[],
  prefix = 'input.',
): CombinedError | undefined {
  if (!error) return undefined;
  const everyShown =
    error.graphQLErrors.length > 0 &&
    error.graphQLErrors.every((e) => {
      const inputs = refusedInputs(e);
      return inputs.length > 0 && inputs.every((f) => shown.includes(afterPrefix(f.field, prefix)));
    });
  return everyShown ? undefined : error;
}

/** A refusal or a failure shown beside the action it concerns; nothing when there is neither. */
export function ActionError({
  result,
  error,
  title = 'Not done',
  shownFields = [],
  prefix = '',
}: {
  result?: unknown;
  error?: CombinedError | null;
  title?: string;
  /** Field paths (after `prefix`) the form shows next to their inputs: not repeated here. */
  shownFields?: readonly string[];
  prefix?: string;
}) {
  if (error) {
    const first = error.graphQLErrors[0];
    const message = first?.message ?? (error.networkError ? 'The service could not be reached.' : error.message);
    return (
      <Alert color="red" title={title} role="alert">
        {message}
      </Alert>
    );
  }
  if (!isErrorResult(result)) return null;
  const extra = unshownFieldErrors(result, prefix, shownFields);
  return (
    <Alert color="red" title={title} role="alert">
      <Text size="sm">{result.message}</Text>
      {extra.length > 0 && (
        <List size="sm" mt="xs">
          {extra.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      )}
      {result.findings && result.findings.length > 0 && (
        <List size="sm" mt="xs">
          {result.findings.map((f) => (
            <List.Item key={`${f.title}-${f.message}`}>
              <strong>{f.title}</strong> ({f.effect}): {f.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** A query that failed: what failed, plainly (never a stack). */
export function QueryError({ error, what }: { error: CombinedError; what: string }) {
  const message =
    error.graphQLErrors[0]?.message ?? (error.networkError ? 'The service could not be reached.' : error.message);
  return (
    <Alert color="red" title={`Could not load ${what}`} role="alert">
      {message}
    </Alert>
  );
}

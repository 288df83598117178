import type { CombinedError } from 'urql';

type GraphQLErrorLike = CombinedError['graphQLErrors'][number];

/**
 * The input a BAD_USER_INPUT error concerns: `extensions.field` names an argument; for a field of an input
 * object the message starts with its path ("rationale must not be blank"). Null for any other error.
 */
function fieldOf(e: GraphQLErrorLike): string | null {
  if (e.extensions?.code !== 'BAD_USER_INPUT') return null;
  const field =
    typeof e.extensions.field === 'string'
      ? e.extensions.field
      : /^([\w.[\]]+) (?:must|takes|contains)\b/.exec(e.message)?.[1];
  // `items.3.rationale` (class-validator's path) reads as the ValidationError's `items[3].rationale`.
  return field ? field.replace(/^input\./, '').replace(/\.(\d+)(?=\.|$)/g, '[$1]') : null;
}

/**
 * The API refuses malformed arguments (a blank rationale, text too long) with a BAD_USER_INPUT error rather
 * than a ValidationError result. Those messages by field, for the inputs they concern.
 */
export function inputErrors(error: CombinedError | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of error?.graphQLErrors ?? []) {
    const key = fieldOf(e);
    if (key) out[key] = out[key] ? `${out[key]}; ${e.message}` : e.message;
  }
  return out;
}

/** The error to show beside the action: none when every message already stands next to a field shown. */
export function unshownError(
  error: CombinedError | undefined | null,
  shown: readonly string[],
): CombinedError | undefined {
  if (!error) return undefined;
  const everyShown =
    error.graphQLErrors.length > 0 &&
    error.graphQLErrors.every((e) => {
      const key = fieldOf(e);
      return key !== null && shown.includes(key);
    });
  return everyShown ? undefined : error;
}

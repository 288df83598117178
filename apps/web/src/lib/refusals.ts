import { graphql } from '../gql';

/**
 * What every refusal of the API carries (the ErrorResult members of the `…Result` unions): the code and
 * message, a ValidationError's messages by field (with line and column for a policy condition), a blocking
 * policy's findings, the version a concurrent change left. Spread into each mutation beside
 * `... on <Object> { … }` as `...Refusal`; `lib/errors.tsx` shows it beside the field or action.
 */
export const REFUSAL = graphql(`
  fragment Refusal on ErrorResult {
    __typename
    errorCode
    message
    ... on ValidationError {
      fieldErrors {
        field
        message
        line
        column
      }
    }
    ... on PolicyBlockedError {
      findings {
        title
        message
        effect
      }
    }
    ... on ConcurrentModificationError {
      currentVersion
    }
  }
`);

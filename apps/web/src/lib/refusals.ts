import { graphql } from '../gql';

/**
 * What every adoption request mutation's answer says when it refuses (AdoptionRequestResult): the code and
 * message of any ErrorResult, a ValidationError's messages by field, a blocking policy's findings, the
 * version a concurrent change left. Spread into each mutation beside `... on AdoptionRequest { … }` as
 * `...AdoptionRequestRefusal`; `lib/errors.tsx` shows it.
 */
export const ADOPTION_REQUEST_REFUSAL = graphql(`
  fragment AdoptionRequestRefusal on AdoptionRequestResult {
    __typename
    ... on ErrorResult {
      errorCode
      message
    }
    ... on ValidationError {
      fieldErrors {
        field
        message
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

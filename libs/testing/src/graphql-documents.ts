/** GraphQL documents shared by the limits tests and the limits measurement. */

/** `query { ...F0 }` where each of `n` fragments spreads the next one twice: 2^(n-1) selections expanded. */
export function fragmentFanOut(n: number): string {
  const fragments = Array.from({ length: n - 1 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
  return [`query FanOut { ...F0 }`, ...fragments, `fragment F${n - 1} on Query { __typename }`].join('\n');
}

/** The issue's abuse: aliases of a full page of models, each with its siblings' siblings. */
export function nestedSiblings(aliases: number): string {
  const model = 'id name producer weightsAccess licenseName';
  const page = (alias: string) =>
    `${alias}: aiModels(first: 100) { edges { node { ${model} familySiblings { ${model} familySiblings { ${model} } } } } }`;
  return `{ ${Array.from({ length: aliases }, (_, i) => page(`a${i}`)).join(' ')} }`;
}

/** The heaviest screen the product shows: a page of 100 requests with everything a reviewer looks at. */
export const HEAVY_SCREEN = `query RequestsScreen {
  adoptionRequests(first: 100) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id reference title status tier revision version createdAt updatedAt submittedAt decidedAt expiresAt
      statusReason useCase deploymentMode conditions requiredExpertise
      requester { id email displayName roles }
      model { id name producer family weightsAccess releaseLevel licenseName mofClass
        familySiblings { id name producer weightsAccess licenseName } }
      assessment { id revision tier complete inherentScore residualScore
        items { category likelihood impact residualLikelihood residualImpact score residualScore band nistCategory
          rationale mitigation reasons { code text } } }
      votes { id approverId vote rationale conditions expertise revision createdAt }
      approvalProgress { approvals quorum missingApprovals missingExpertise requiredExpertise requiredConditions }
      history { seq occurredAt action actor actorRoles fromState toState }
    } }
  }
}`;

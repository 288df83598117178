import type { ReviewRequestQuery } from '../../gql/graphql';

/** The request as the review page reads it (ReviewRequest in pages/review/RequestPage.tsx). */
export type ReviewRequestData = ReviewRequestQuery['adoptionRequest'];

/** viewerCannot's reason for an operation, when the API gives one. */
export function refusalOf(request: Pick<ReviewRequestData, 'viewerCannot'>, operation: string) {
  return request.viewerCannot.find((r) => r.operation === operation) ?? null;
}

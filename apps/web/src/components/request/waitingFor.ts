import type { AdoptionStatus } from '../../gql/graphql';
import { expertiseWords } from './requestLabels';

export interface WaitingForInput {
  status: AdoptionStatus;
  approvalProgress: { approvals: number; missingApprovals: number; missingExpertise: readonly string[] };
}

/**
 * What a request waits for, in words, from its status and approval progress: "waiting for a reviewer",
 * "waiting for 1 more approval with LEGAL expertise", "changes requested: your answer". `mine`: the viewer is
 * the requester (their answer is awaited) rather than someone else.
 */
export function waitingFor({ status, approvalProgress: p }: WaitingForInput, mine: boolean): string {
  const who = mine ? 'your' : "the requester's";
  switch (status) {
    case 'DRAFT':
      return mine ? 'not submitted: finish and submit it' : 'not submitted yet';
    case 'SUBMITTED':
      return 'waiting for a reviewer';
    case 'IN_REVIEW':
      return 'being reviewed';
    case 'CHANGES_REQUESTED':
      return `changes requested: ${who} answer`;
    case 'AWAITING_DECISION': {
      const expertise = p.missingExpertise.length ? ` with ${expertiseWords(p.missingExpertise)} expertise` : '';
      if (p.missingApprovals > 0)
        return `waiting for ${p.missingApprovals} more approval${p.missingApprovals === 1 ? '' : 's'}${expertise}`;
      if (expertise) return `waiting for an approval${expertise}`;
      return 'waiting for the decision';
    }
    case 'APPROVED':
      return 'nothing: approved';
    case 'REJECTED':
      return 'nothing: rejected';
    case 'WITHDRAWN':
      return 'nothing: withdrawn';
    case 'REVOKED':
      return 'nothing: approval revoked';
    case 'EXPIRED':
      return 'nothing: approval expired (a new request is needed)';
  }
}

import type { AdoptionStatus, RiskTier } from '../../gql/graphql';

/** An enum value as words: `AWAITING_DECISION` → "awaiting decision". */
export function words(value: string | null | undefined): string {
  if (!value) return '';
  return value.toLowerCase().replaceAll('_', ' ');
}

/** The same with a capital first letter, for a value that starts a cell or a line. */
export function Words(value: string | null | undefined): string {
  const w = words(value);
  return w ? w[0].toUpperCase() + w.slice(1) : '';
}

/** A date and time in the reader's locale, with the day spelled out (never only numbers). */
export function when(value: string | null | undefined): string {
  if (!value) return '';
  return new Date(value).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Colours that accompany (never replace) a tier or a band written in words. */
export const TIER_COLOUR: Record<RiskTier, string> = {
  LOW: 'teal',
  MEDIUM: 'yellow',
  HIGH: 'orange',
  CRITICAL: 'red',
};

export const STATUS_COLOUR: Partial<Record<AdoptionStatus, string>> = {
  APPROVED: 'teal',
  REJECTED: 'red',
  REVOKED: 'red',
  CHANGES_REQUESTED: 'yellow',
  AWAITING_DECISION: 'indigo',
  IN_REVIEW: 'indigo',
  SUBMITTED: 'indigo',
};

/**
 * The band a likelihood × impact reads on the 5×5 matrix while the assessor moves the values (1-4 low, 5-9
 * medium, 10-16 high, 20-25 critical, ARCHITECTURE.md section 4). Only a preview: the API computes the band
 * and the tier of what is saved, and the page shows those.
 */
export function previewBand(likelihood: number, impact: number): RiskTier {
  const score = likelihood * impact;
  if (score >= 20) return 'CRITICAL';
  if (score >= 10) return 'HIGH';
  if (score >= 5) return 'MEDIUM';
  return 'LOW';
}

export const LIKELIHOOD_WORDS = ['rare', 'unlikely', 'possible', 'likely', 'almost certain'];
export const IMPACT_WORDS = ['negligible', 'minor', 'moderate', 'major', 'severe'];

/** What a request in the queue waits for, in plain words, from its status and approval progress. */
export function waitingFor(
  status: AdoptionStatus,
  progress: { missingApprovals: number; missingExpertise: readonly string[] },
): string {
  switch (status) {
    case 'SUBMITTED':
      return 'A reviewer to start the review';
    case 'IN_REVIEW':
      return 'The review to be completed (assessment, then complete or ask for changes)';
    case 'CHANGES_REQUESTED':
      return 'The requester to make the changes asked for and resubmit';
    case 'DRAFT':
      return 'The requester to finish and submit the draft';
    case 'AWAITING_DECISION': {
      const parts = [`${progress.missingApprovals} more approval${progress.missingApprovals === 1 ? '' : 's'}`];
      if (progress.missingExpertise.length)
        parts.push(`an approver with ${progress.missingExpertise.map(words).join(', ')} expertise`);
      return `Votes: ${parts.join(' and ')}`;
    }
    default:
      return Words(status);
  }
}

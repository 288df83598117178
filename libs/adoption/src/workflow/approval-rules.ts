import { approvalExpiry, quorumFor, RiskTierName } from '@app/risk';
import { Vote } from './adoption-status';

/**
 * The risk tier as the approval rules see it (ARCHITECTURE.md section 4): the risk library's tier enum, or its
 * names as plain strings. The numbers per tier (quorum, validity) and the month arithmetic are the risk
 * engine's (`quorumFor`, `approvalExpiry`, `addCalendarMonthsUtc` in `@app/risk`); this module only counts votes.
 */
export type ApprovalTier = RiskTierName;

/** When an approval lapses; re-exported so the workflow's callers find it beside the vote rules. */
export { approvalExpiry };

/** One approver's vote on the current revision, with the expertise tags they held when voting. */
export interface CastVote {
  readonly approverId: string;
  readonly expertise: readonly string[];
  readonly vote: Vote;
  readonly conditions: readonly string[];
}

/** Everything `evaluateVotes` needs: the revision's tier, policy requirements, and the votes so far. */
export interface VoteEvaluationInput {
  readonly tier: ApprovalTier;
  /** Expertise tags the policy findings require among the approving approvers (REQUIRE_EXPERTISE). */
  readonly requiredExpertise: readonly string[];
  readonly votes: readonly CastVote[];
  /** Conditions the policy findings attach to any approval (REQUIRE_CONDITION). */
  readonly requiredConditions: readonly string[];
}

/** Where the votes leave the request. PENDING is not an error: it stays AWAITING_DECISION. */
export type VoteOutcome = 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED' | 'PENDING';

/** The verdict of the votes so far, with what is still missing so the request can show it. */
export interface VoteEvaluation {
  readonly outcome: VoteOutcome;
  /** Distinct approvers who voted APPROVE. */
  readonly approvals: number;
  readonly quorum: number;
  /** `max(0, quorum - approvals)`. */
  readonly missingApprovals: number;
  /** Required expertise no approving approver holds, in the order required. */
  readonly missingExpertise: string[];
  /** Policy conditions first, then each vote's in vote order; trimmed, blanks dropped, deduplicated. */
  readonly conditions: string[];
  /** One sentence for people: why this outcome. */
  readonly reason: string;
}

/** The input held two votes by one approver on one revision. */
export class DuplicateVoteError extends Error {
  constructor(readonly approverId: string) {
    super(`Approver ${approverId} has already voted on this revision`);
    this.name = new.target.name;
  }
}

/** One vote per approver per revision: true while `approverId` has not voted among `votes`. */
export function canVote(votes: readonly Pick<CastVote, 'approverId'>[], approverId: string): boolean {
  return !votes.some((v) => v.approverId === approverId);
}

/**
 * Applies the approval rules of ARCHITECTURE.md section 3 to the votes on one revision:
 * - any REJECT rejects;
 * - otherwise any REQUEST_CHANGES sends the request back;
 * - otherwise it is APPROVED once the distinct approving approvers reach the tier's quorum and together hold
 *   every required expertise tag; until then PENDING, reporting the missing count and expertise.
 *
 * Precedence: REJECT wins over REQUEST_CHANGES. A rejection says the use should not go ahead at all; sending
 * the request back for edits would overrule that approver and start a round they already refused. Both can
 * only meet when votes race, since the first REQUEST_CHANGES vote moves the request out of AWAITING_DECISION.
 *
 * The counts and missing expertise are reported for every outcome, so a rejected request still shows how
 * far the approvals had got.
 *
 * @throws DuplicateVoteError when one approver appears twice (callers check `canVote` before recording).
 * @throws RangeError for a tier outside `ApprovalTier`.
 */
export function evaluateVotes(input: VoteEvaluationInput): VoteEvaluation {
  const quorum = quorumFor(input.tier);
  const seen = new Set<string>();
  for (const { approverId } of input.votes) {
    if (seen.has(approverId)) throw new DuplicateVoteError(approverId);
    seen.add(approverId);
  }

  const approving = input.votes.filter((v) => v.vote === Vote.APPROVE);
  const approvals = approving.length;
  const missingApprovals = Math.max(0, quorum - approvals);
  // Expertise counts only when its holder approves: a rejecting lawyer has not signed off the legal aspects.
  const covered = new Set(approving.flatMap((v) => v.expertise));
  const missingExpertise = unique(input.requiredExpertise).filter((tag) => !covered.has(tag));
  const conditions = mergeConditions(input.requiredConditions, input.votes);
  const result = { approvals, quorum, missingApprovals, missingExpertise, conditions };

  const rejecters = input.votes.filter((v) => v.vote === Vote.REJECT).map((v) => v.approverId);
  if (rejecters.length > 0) {
    return { ...result, outcome: 'REJECTED', reason: `Rejected by ${rejecters.join(', ')}` };
  }
  const senders = input.votes.filter((v) => v.vote === Vote.REQUEST_CHANGES).map((v) => v.approverId);
  if (senders.length > 0) {
    return { ...result, outcome: 'CHANGES_REQUESTED', reason: `Changes requested by ${senders.join(', ')}` };
  }
  if (missingApprovals === 0 && missingExpertise.length === 0) {
    return { ...result, outcome: 'APPROVED', reason: `Approved by ${approvals} of ${quorum} required approvers` };
  }
  const missing = [
    missingApprovals > 0 ? `${missingApprovals} more approval${missingApprovals === 1 ? '' : 's'}` : null,
    missingExpertise.length > 0 ? `expertise ${missingExpertise.join(', ')}` : null,
  ].filter((part): part is string => part !== null);
  return { ...result, outcome: 'PENDING', reason: `Awaiting ${missing.join(' and ')}` };
}

function mergeConditions(required: readonly string[], votes: readonly CastVote[]): string[] {
  // Case-insensitive, whitespace-normalised comparison: two approvers typing the same condition should not
  // make the requester comply with it twice. The first spelling is kept.
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const raw of [...required, ...votes.flatMap((v) => v.conditions)]) {
    const text = raw.trim();
    const key = text.replace(/\s+/g, ' ').toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    merged.push(text);
  }
  return merged;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

import * as risk from '@app/risk';
import * as workflow from '.';
import { Vote } from './adoption-status';
import {
  ApprovalTier,
  canVote,
  CastVote,
  DuplicateVoteError,
  evaluateVotes,
  VoteEvaluationInput,
} from './approval-rules';

const approve = (approverId: string, expertise: string[] = [], conditions: string[] = []): CastVote => ({
  approverId,
  expertise,
  vote: Vote.APPROVE,
  conditions,
});
const reject = (approverId: string, expertise: string[] = []): CastVote => ({
  approverId,
  expertise,
  vote: Vote.REJECT,
  conditions: [],
});
const sendBack = (approverId: string): CastVote => ({
  approverId,
  expertise: [],
  vote: Vote.REQUEST_CHANGES,
  conditions: [],
});
const input = (overrides: Partial<VoteEvaluationInput>): VoteEvaluationInput => ({
  tier: 'LOW',
  requiredExpertise: [],
  votes: [],
  requiredConditions: [],
  ...overrides,
});
const approvers = (n: number) => Array.from({ length: n }, (_, i) => approve(`a${i + 1}`));

describe(evaluateVotes.name, () => {
  it.each<[ApprovalTier, number, string, number, number]>([
    ['LOW', 0, 'PENDING', 1, 1],
    ['LOW', 1, 'APPROVED', 1, 0],
    ['MEDIUM', 0, 'PENDING', 1, 1],
    ['MEDIUM', 1, 'APPROVED', 1, 0],
    ['HIGH', 1, 'PENDING', 2, 1],
    ['HIGH', 2, 'APPROVED', 2, 0],
    ['CRITICAL', 1, 'PENDING', 3, 2],
    ['CRITICAL', 2, 'PENDING', 3, 1],
    ['CRITICAL', 3, 'APPROVED', 3, 0],
    ['CRITICAL', 4, 'APPROVED', 3, 0],
  ])('%s with %i approvals: %s (quorum %i, %i missing)', (tier, n, outcome, quorum, missingApprovals) => {
    const sut = evaluateVotes(input({ tier, votes: approvers(n) }));
    expect(sut).toMatchObject({ outcome, approvals: n, quorum, missingApprovals, missingExpertise: [] });
  });

  it('says how many approvals are still awaited', () => {
    expect(evaluateVotes(input({ tier: 'CRITICAL', votes: approvers(1) })).reason).toBe('Awaiting 2 more approvals');
    expect(evaluateVotes(input({ tier: 'HIGH', votes: approvers(1) })).reason).toBe('Awaiting 1 more approval');
    expect(evaluateVotes(input({ tier: 'HIGH', votes: approvers(2) })).reason).toBe(
      'Approved by 2 of 2 required approvers',
    );
  });

  describe('required expertise', () => {
    const required = ['LEGAL', 'SECURITY'];

    it('approves when the approving approvers together hold every required tag', () => {
      const votes = [approve('a1', ['SECURITY']), approve('a2', ['LEGAL', 'DATA_PROTECTION'])];
      expect(evaluateVotes(input({ tier: 'HIGH', requiredExpertise: required, votes })).outcome).toBe('APPROVED');
    });

    it('lets one approver cover several tags', () => {
      const votes = [approve('a1', ['SECURITY', 'LEGAL'])];
      expect(evaluateVotes(input({ tier: 'LOW', requiredExpertise: required, votes })).outcome).toBe('APPROVED');
    });

    it('stays pending with the quorum met but a tag uncovered', () => {
      const votes = [approve('a1', ['SECURITY']), approve('a2', ['TECHNICAL'])];
      const sut = evaluateVotes(input({ tier: 'HIGH', requiredExpertise: required, votes }));
      expect(sut).toMatchObject({ outcome: 'PENDING', missingApprovals: 0, missingExpertise: ['LEGAL'] });
      expect(sut.reason).toBe('Awaiting expertise LEGAL');
    });

    it('reports both the missing count and the missing expertise', () => {
      const votes = [approve('a1', ['TECHNICAL'])];
      const sut = evaluateVotes(input({ tier: 'CRITICAL', requiredExpertise: ['ETHICS', 'LEGAL', 'ETHICS'], votes }));
      expect(sut).toMatchObject({
        outcome: 'PENDING',
        approvals: 1,
        missingApprovals: 2,
        missingExpertise: ['ETHICS', 'LEGAL'],
      });
      expect(sut.reason).toBe('Awaiting 2 more approvals and expertise ETHICS, LEGAL');
    });

    it('counts only the expertise of approvers who approve', () => {
      const votes = [approve('a1', ['SECURITY']), reject('a2', ['LEGAL'])];
      const sut = evaluateVotes(input({ tier: 'HIGH', requiredExpertise: required, votes }));
      expect(sut).toMatchObject({
        outcome: 'REJECTED',
        approvals: 1,
        missingApprovals: 1,
        missingExpertise: ['LEGAL'],
      });
    });
  });

  describe('rejections and requests for changes', () => {
    it('rejects on any REJECT, even with the quorum met', () => {
      const sut = evaluateVotes(input({ tier: 'CRITICAL', votes: [...approvers(3), reject('r1')] }));
      expect(sut).toMatchObject({ outcome: 'REJECTED', approvals: 3, reason: 'Rejected by r1' });
    });

    it('sends the request back on any REQUEST_CHANGES, even with the quorum met', () => {
      const sut = evaluateVotes(input({ tier: 'LOW', votes: [approve('a1'), sendBack('c1')] }));
      expect(sut).toMatchObject({ outcome: 'CHANGES_REQUESTED', reason: 'Changes requested by c1' });
    });

    it.each([
      ['REJECT first', [reject('r1'), sendBack('c1')]],
      ['REQUEST_CHANGES first', [sendBack('c1'), reject('r1')]],
    ])('lets REJECT win over REQUEST_CHANGES (%s)', (_order, votes) => {
      expect(evaluateVotes(input({ tier: 'HIGH', votes })).outcome).toBe('REJECTED');
    });
  });

  describe('one vote per approver', () => {
    it.each([
      ['two approvals', [approve('a1'), approve('a1')]],
      ['an approval and a rejection', [approve('a1'), approve('a2'), reject('a1')]],
    ])('throws on %s by one approver', (_case, votes) => {
      expect(() => evaluateVotes(input({ tier: 'HIGH', votes }))).toThrow(DuplicateVoteError);
      expect(() => evaluateVotes(input({ tier: 'HIGH', votes }))).toThrow(
        'Approver a1 has already voted on this revision',
      );
    });
  });

  it('merges conditions: policy ones first, then votes in order, trimmed and deduplicated', () => {
    const votes = [
      approve('a1', [], ['keep logs for 90  days ', 'Review in 6 months']),
      approve('a2', [], ['', 'Review in 6 months', 'Name an accountable owner']),
    ];
    const requiredConditions = ['Keep logs for 90 days', 'No data about children'];
    const sut = evaluateVotes(input({ tier: 'HIGH', votes, requiredConditions }));
    expect(sut.conditions).toEqual([
      'Keep logs for 90 days',
      'No data about children',
      'Review in 6 months',
      'Name an accountable owner',
    ]);
  });

  it('refuses a tier it does not know', () => {
    expect(() => evaluateVotes(input({ tier: 'EXTREME' as ApprovalTier }))).toThrow(RangeError);
  });
});

describe(canVote.name, () => {
  it('allows one vote per approver', () => {
    expect(canVote([], 'a1')).toBe(true);
    expect(canVote([approve('a2')], 'a1')).toBe(true);
    expect(canVote([approve('a2'), reject('a1')], 'a1')).toBe(false);
  });
});

describe('tier numbers and expiry', () => {
  it('come from the risk engine: one copy of the quorum, the validity and the month arithmetic', () => {
    expect(workflow.approvalExpiry).toBe(risk.approvalExpiry);
    expect(evaluateVotes(input({ tier: 'CRITICAL', votes: [approve('a1'), approve('a2')] })).quorum).toBe(
      risk.quorumFor(risk.RiskTier.CRITICAL),
    );
  });
});

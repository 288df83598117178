import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, SafeInt } from '@app/core';
import { HostingOption } from '@app/catalog';
import { Connectivity, DataSensitivity, HardwareProfile, IntendedAdaptation, RiskTier, Sector } from '@app/risk';
import { AdoptionStatus, Vote } from './workflow';

registerEnumType(AdoptionStatus, { name: 'AdoptionStatus' });
registerEnumType(Vote, { name: 'VoteChoice' });
registerEnumType(Connectivity, { name: 'Connectivity', description: 'The network a deployment can count on.' });
registerEnumType(HardwareProfile, {
  name: 'HardwareProfile',
  description:
    'Hardware available to run a model locally, with its memory budget: CPU_ONLY 16 GB, SINGLE_CONSUMER_GPU 24 GB, ' +
    'WORKSTATION_GPUS 96 GB, DATACENTER_GPUS 640 GB.',
});

@ObjectType('PolicyFinding')
export class PolicyFindingType {
  @Field() ruleId: string;
  @Field() title: string;
  @Field({ description: 'BLOCK, REQUIRE_EXPERTISE, REQUIRE_CONDITION, MIN_TIER, ADVISE, or ERROR (the rule failed).' })
  effect: string;
  @Field() message: string;
}

@ObjectType('AlternativeConsidered')
export class AlternativeType {
  @Field(() => ID, { nullable: true }) modelId: string | null;
  @Field() name: string;
  @Field() reason: string;
}

@ObjectType('Vote')
export class VoteType {
  @Field(() => ID) id: string;
  @Field(() => Int) revision: number;
  @Field(() => ID) approverId: string;
  @Field(() => [String]) expertise: string[];
  @Field(() => Vote) vote: Vote;
  @Field() rationale: string;
  @Field(() => [String]) conditions: string[];
  @Field() createdAt: Date;
}

@ObjectType('ApprovalProgress', { description: 'Where the decision stands for the current revision.' })
export class ApprovalProgressType {
  @Field(() => Int) approvals: number;
  @Field(() => Int) quorum: number;
  @Field(() => Int) missingApprovals: number;
  @Field(() => [String]) requiredExpertise: string[];
  @Field(() => [String]) missingExpertise: string[];
  @Field(() => [String], { description: 'Conditions the approval must carry (from policies).' })
  requiredConditions: string[];
}

@ObjectType('RequestHistoryEvent', { description: 'One recorded step in the life of a request.' })
export class HistoryEventType {
  @Field(() => SafeInt) seq: number;
  @Field() occurredAt: Date;
  @Field() actor: string;
  @Field(() => [String]) actorRoles: string[];
  @Field() action: string;
  @Field(() => String, { nullable: true }) fromState: string | null;
  @Field(() => String, { nullable: true }) toState: string | null;
  @Field(() => String, { description: 'JSON.' }) payload: string;
  @Field() hash: string;
}

const OFFERED =
  'True: the workflow offers it to you now (it is possible from the current status, your permissions allow ' +
  'it on this request, and separation of duties does not exclude you). The mutation still checks everything ' +
  'and may refuse with a reason: what you supply (rationale, vote, version), required fields, feasibility, ' +
  'the published policies and the marginal-risk analysis are checked only then.';

@ObjectType('AdoptionRequestViewerCan', {
  description:
    'What the viewer may do to this request now, one flag per mutation, computed by the workflow table and the ' +
    'permission checks that enforce the mutations. ' +
    OFFERED,
})
export class AdoptionRequestViewerCanType {
  @Field({ description: 'updateAdoptionRequest.' }) edit: boolean;
  @Field({ description: 'submitAdoptionRequest (submit or resubmit).' }) submit: boolean;
  @Field({ description: 'withdrawAdoptionRequest.' }) withdraw: boolean;
  @Field({ description: 'startReview.' }) startReview: boolean;
  @Field({ description: 'saveRiskAssessment.' }) assess: boolean;
  @Field({ description: 'completeReview (false while the assessment does not cover every category).' })
  completeReview: boolean;
  @Field({ description: 'requestChanges (a reviewer, in review).' }) requestChanges: boolean;
  @Field({ description: 'castDecision (false once you have voted on the current revision).' })
  castDecision: boolean;
  @Field({ description: 'revokeApproval.' }) revoke: boolean;
}

@ObjectType('OperationRefusal', {
  description: 'An operation the viewer may not take on this request now, with the answer its mutation gives.',
})
export class OperationRefusalType {
  @Field({ description: 'The field of AdoptionRequestViewerCan, e.g. castDecision.' }) operation: string;
  @Field({ description: 'The mutation, e.g. castDecision or submitAdoptionRequest.' }) mutation: string;
  @Field({
    description:
      'The error code: FORBIDDEN (raised as an error), or the errorCode of the error result (INVALID_TRANSITION, ' +
      'SEPARATION_OF_DUTIES, ALREADY_VOTED, ...).',
  })
  code: string;
  @Field({ description: 'The message the mutation refuses with.' }) reason: string;
}

@ObjectType('AdoptionRequest')
export class AdoptionRequestType {
  @Field(() => ID) id: string;
  @Field({ description: 'Per organisation, e.g. AR-2026-0001.' }) reference: string;
  @Field() title: string;
  @Field(() => AdoptionStatus) status: AdoptionStatus;
  @Field(() => Int, { description: 'Raised on each resubmission.' }) revision: number;
  @Field(() => Int, { description: 'Raised on every change; pass it as expectedVersion.' }) version: number;
  @Field(() => RiskTier, { nullable: true }) tier: RiskTier | null;
  @Field(() => Date, { nullable: true }) expiresAt: Date | null;
  @Field(() => String, { nullable: true }) useCase: string | null;
  @Field(() => Sector, { nullable: true }) sector: Sector | null;
  @Field(() => HostingOption, { nullable: true }) deploymentMode: HostingOption | null;
  @Field(() => DataSensitivity, { nullable: true }) dataSensitivity: DataSensitivity | null;
  @Field(() => IntendedAdaptation, { nullable: true }) intendedAdaptation: IntendedAdaptation | null;
  @Field(() => [String], {
    description:
      'BCP 47 codes of the languages the use needs. The first is the primary language of the use; the others are ' +
      'secondary. A primary language the model does not list raises LOCAL_FIT more than a secondary one.',
  })
  languages: string[];
  @Field(() => String, { nullable: true }) affectedPopulation: string | null;
  @Field(() => SafeInt, { nullable: true }) expectedUsers: number | null;
  @Field(() => String, { nullable: true }) justification: string | null;
  @Field(() => Connectivity, { nullable: true }) connectivity: Connectivity | null;
  @Field(() => [String], {
    description: 'Allowed jurisdictions (ISO 3166-1 alpha-2, EU, EEA or ANY); empty: not stated.',
  })
  dataResidency: string[];
  @Field(() => HardwareProfile, { nullable: true }) hardware: HardwareProfile | null;
  @Field(() => Boolean, { nullable: true, description: 'Open to the public; null: not stated.' })
  publicFacing: boolean | null;
  @Field(() => [AlternativeType]) alternatives: AlternativeType[];
  @Field(() => [String], { description: 'Conditions attached to the approval.' }) conditions: string[];
  @Field(() => [String]) requiredExpertise: string[];
  @Field(() => String, { nullable: true, description: 'Why the request is in its state.' }) statusReason: string | null;
  @Field(() => Date, { nullable: true }) submittedAt: Date | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  requesterId: string;
  modelId: string;
  organisationId: string;
}

@ObjectType()
export class AdoptionRequestConnection extends Connection(AdoptionRequestType, 'AdoptionRequest') {}

@ObjectType('DecisionRecord', { description: 'The frozen evidence of a final outcome; it never changes.' })
export class DecisionRecordType {
  @Field(() => ID) id: string;
  @Field(() => ID) requestId: string;
  @Field(() => Int) revision: number;
  @Field(() => AdoptionStatus) outcome: string;
  @Field(() => String, {
    description: 'JSON: request, model profile, assessment, policy findings and versions, votes, conditions.',
  })
  snapshot: string;
  @Field(() => ID) auditEventId: string;
  @Field(() => SafeInt) auditSeq: number;
  @Field() createdAt: Date;
}

import { Field, ObjectType } from '@nestjs/graphql';
import { ErrorResult } from '@app/core';
import { AdoptionStatus } from './workflow';
import { PolicyFindingType } from './adoption-request.types';

/** Error codes of the adoption library (ErrorResult.errorCode). */
export enum AdoptionErrorCode {
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  SEPARATION_OF_DUTIES = 'SEPARATION_OF_DUTIES',
  POLICY_BLOCKED = 'POLICY_BLOCKED',
  ALREADY_VOTED = 'ALREADY_VOTED',
}

@ObjectType({ implements: () => [ErrorResult], description: 'The request is not in a state that allows this.' })
export class InvalidTransitionError implements ErrorResult {
  readonly __typename = 'InvalidTransitionError';
  @Field() errorCode: string = AdoptionErrorCode.INVALID_TRANSITION;
  @Field() message: string;
  @Field(() => AdoptionStatus) fromState: AdoptionStatus;
  @Field(() => AdoptionStatus, { nullable: true }) toState: AdoptionStatus | null;

  static of(message: string, fromState: AdoptionStatus, toState: AdoptionStatus | null): InvalidTransitionError {
    return Object.assign(new InvalidTransitionError(), { message, fromState, toState });
  }
}

@ObjectType({ implements: () => [ErrorResult], description: 'Who asks may not do this to this request.' })
export class SeparationOfDutiesError implements ErrorResult {
  readonly __typename = 'SeparationOfDutiesError';
  @Field() errorCode: string = AdoptionErrorCode.SEPARATION_OF_DUTIES;
  @Field() message: string;

  static of(message: string): SeparationOfDutiesError {
    return Object.assign(new SeparationOfDutiesError(), { message });
  }
}

@ObjectType({ implements: () => [ErrorResult], description: 'A published policy blocks this request.' })
export class PolicyBlockedError implements ErrorResult {
  readonly __typename = 'PolicyBlockedError';
  @Field() errorCode: string = AdoptionErrorCode.POLICY_BLOCKED;
  @Field() message: string;
  @Field(() => [PolicyFindingType]) findings: PolicyFindingType[];

  static of(findings: PolicyFindingType[]): PolicyBlockedError {
    const message = `Blocked by policy: ${findings.map((f) => f.message).join('; ')}`;
    return Object.assign(new PolicyBlockedError(), { message, findings });
  }
}

@ObjectType({ implements: () => [ErrorResult], description: 'You have already voted on this revision.' })
export class AlreadyVotedError implements ErrorResult {
  readonly __typename = 'AlreadyVotedError';
  @Field() errorCode: string = AdoptionErrorCode.ALREADY_VOTED;
  @Field() message: string;

  static of(revision: number): AlreadyVotedError {
    return Object.assign(new AlreadyVotedError(), { message: `You have already voted on revision ${revision}` });
  }
}

import { createUnionType } from '@nestjs/graphql';
import { ConcurrentModificationError, ValidationError } from '@app/core';
import {
  AlreadyVotedError,
  InvalidTransitionError,
  PolicyBlockedError,
  SeparationOfDutiesError,
} from './adoption-request.errors';
import { AdoptionRequestType } from './adoption-request.types';

/** What every adoption request mutation returns: the request, or why nothing changed. */
export const AdoptionRequestResult = createUnionType({
  name: 'AdoptionRequestResult',
  types: () =>
    [
      AdoptionRequestType,
      InvalidTransitionError,
      SeparationOfDutiesError,
      ConcurrentModificationError,
      ValidationError,
      PolicyBlockedError,
      AlreadyVotedError,
    ] as const,
  resolveType: (value: { __typename?: string }) => value.__typename ?? AdoptionRequestType,
});

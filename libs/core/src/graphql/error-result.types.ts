import { Field, Int, InterfaceType, ObjectType } from '@nestjs/graphql';

/**
 * A business-rule failure returned as a member of a mutation's result union (not thrown):
 * the client sees which rule refused the operation, and nothing was written.
 */
@InterfaceType('ErrorResult', {
  description: 'A refused operation: nothing was changed.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class ErrorResult {
  @Field({ description: 'Stable machine-readable code, e.g. VALIDATION or INVALID_TRANSITION.' })
  errorCode: string;

  @Field()
  message: string;
}

@ObjectType()
export class FieldError {
  @Field({ description: 'Path of the input field, e.g. "input.email".' })
  field: string;

  @Field()
  message: string;

  @Field(() => Int, {
    nullable: true,
    description: 'For a field holding source text (a CEL condition): the line of the problem, from 1.',
  })
  line?: number | null;

  @Field(() => Int, { nullable: true, description: 'With line: the column of the problem, from 1.' })
  column?: number | null;
}

@ObjectType({ implements: () => [ErrorResult] })
export class ValidationError implements ErrorResult {
  readonly __typename = 'ValidationError';
  @Field()
  errorCode: string = 'VALIDATION';
  @Field()
  message: string;
  @Field(() => [FieldError])
  fieldErrors: FieldError[];

  static of(fieldErrors: FieldError[]): ValidationError {
    const e = new ValidationError();
    e.message = fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
    e.fieldErrors = fieldErrors;
    return e;
  }
}

/** True for any returned business-rule failure; the transaction of such a mutation is rolled back. */
export function isErrorResult(value: unknown): value is ErrorResult {
  return typeof value === 'object' && value !== null && 'errorCode' in value && 'message' in value;
}

@ObjectType({ implements: () => [ErrorResult], description: 'Someone changed the row since you read it.' })
export class ConcurrentModificationError implements ErrorResult {
  readonly __typename = 'ConcurrentModificationError';
  @Field()
  errorCode: string = 'CONCURRENT_MODIFICATION';
  @Field()
  message: string;
  @Field(() => Int, { description: 'The version the row has now.' })
  currentVersion: number;

  static of(entity: string, expected: number, current: number): ConcurrentModificationError {
    const e = new ConcurrentModificationError();
    e.message = `${entity} is at version ${current}, not ${expected}: reload it and try again`;
    e.currentVersion = current;
    return e;
  }
}

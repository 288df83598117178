import { PipeTransform } from '@nestjs/common';
import { Args, Int } from '@nestjs/graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { BadUserInputError } from '../errors/app-errors';

/**
 * Whole numbers beyond GraphQL's 32-bit `Int` (audit sequence numbers, parameter counts such as 671e9,
 * user counts): `SafeInt` refuses fractions and anything past 2^53 - 1 before any code runs, where
 * `Float` let 1.5 and 1e20 through to SQL.
 */
export const SafeInt = GraphQLSafeInt;

const INT_MAX = 2 ** 31 - 1;

export interface WholeNumberOptions {
  min?: number;
  max?: number;
  nullable?: boolean;
  description?: string;
}

/** Refuses a whole number outside its range with BAD_USER_INPUT naming the argument. */
class WholeNumberPipe implements PipeTransform<unknown, unknown> {
  constructor(
    private readonly name: string,
    private readonly options: WholeNumberOptions,
  ) {}

  transform(value: unknown) {
    if (value === null || value === undefined) return value;
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = this.options;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new BadUserInputError(`${this.name} must be a whole number from ${min} to ${max}`, this.name);
    }
    return value;
  }
}

/**
 * A whole-number argument with its range in the schema description: `Int` when the range fits 32 bits,
 * `SafeInt` otherwise.
 *
 * ```ts
 * verify(@WholeNumberArg('fromSeq', { min: 1, nullable: true }) fromSeq?: number)
 * ```
 */
export function WholeNumberArg(name: string, options: WholeNumberOptions): ParameterDecorator {
  const fitsInt = options.max !== undefined && options.max <= INT_MAX && (options.min ?? 0) >= -INT_MAX - 1;
  const range =
    options.max !== undefined
      ? `From ${options.min ?? Number.MIN_SAFE_INTEGER} to ${options.max}.`
      : `At least ${options.min ?? Number.MIN_SAFE_INTEGER}.`;
  return Args(
    name,
    {
      type: () => (fitsInt ? Int : SafeInt),
      nullable: options.nullable,
      description: options.description ? `${options.description} ${range}` : range,
    },
    new WholeNumberPipe(name, options),
  );
}

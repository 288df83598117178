import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { BadUserInputError } from '@app/core';

/**
 * The ValidationPipe, except that an argument that was not sent at all (`undefined`) is passed on as it is:
 * the stock pipe would validate an empty instance of its class in its place (a class-transformer and
 * class-validator pass on every list query sent without a filter, some 3% of such a request). There is
 * nothing in it to validate, and the services take an absent filter as an empty one. Anything sent, `null`
 * included, is transformed and validated as before. A refusal's fields are named from the operation's
 * arguments (`input.title`): the exception factory sees only the argument's class, this pipe its name.
 */
export class ArgumentValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (value === undefined) return value;
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      const argument = metadata.type === 'custom' || !metadata.data ? null : metadata.data;
      if (!(error instanceof BadUserInputError) || !argument || !error.fieldErrors) throw error;
      throw new BadUserInputError(
        error.message,
        argument,
        error.fieldErrors.map((f) => ({ field: `${argument}.${f.field}`, message: f.message })),
      );
    }
  }
}

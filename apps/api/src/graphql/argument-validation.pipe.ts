import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';

/**
 * The ValidationPipe, except that an argument that was not sent at all (`undefined`) is passed on as it is:
 * the stock pipe would validate an empty instance of its class in its place (a class-transformer and
 * class-validator pass on every list query sent without a filter, some 3% of such a request). There is
 * nothing in it to validate, and the services take an absent filter as an empty one. Anything sent, `null`
 * included, is transformed and validated as before.
 */
export class ArgumentValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (value === undefined) return value;
    return super.transform(value, metadata);
  }
}

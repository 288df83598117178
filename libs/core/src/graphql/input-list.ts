import { PipeTransform, Type } from '@nestjs/common';
import { Args } from '@nestjs/graphql';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { BadUserInputError } from '../errors/app-errors';

/** class-validator's errors as "field: message" lines, nested fields by path (e.g. `rules.0.title`). */
/** One refused input, by its path from the argument (`title`, `items[3].rationale`). */
export interface InputFieldError {
  field: string;
  message: string;
}

/**
 * class-validator's errors as messages by field: the message as the API words it ("title must be 3 to 200
 * characters", "items.3.rationale must not be blank") and the field's path with list positions in brackets
 * (`items[3].rationale`), which a client matches to the input it shows.
 */
export function validationFieldErrors(errors: ValidationError[], prefix = '', path = ''): InputFieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${path}[${e.property}]` : path ? `${path}.${e.property}` : e.property;
    return [
      ...Object.values(e.constraints ?? {}).map((m) => ({
        field,
        message: m.startsWith(e.property) ? `${prefix}${m}` : `${prefix}${e.property}: ${m}`,
      })),
      ...validationFieldErrors(e.children ?? [], `${prefix}${e.property}.`, field),
    ];
  });
}

export function validationMessages(errors: ValidationError[], prefix = ''): string[] {
  return validationFieldErrors(errors, prefix).map((e) => e.message);
}

export interface InputListOptions {
  maxItems: number;
  nullable?: boolean;
  description?: string;
}

/**
 * Validates each item of a list argument of input objects: the global validation pipe skips arrays (their
 * type is Array, not the item's class), so without this the items' bounds would not be checked at all.
 */
class InputListPipe implements PipeTransform<unknown, unknown> {
  constructor(
    private readonly name: string,
    private readonly item: Type<object>,
    private readonly options: InputListOptions,
  ) {}

  transform(value: unknown) {
    if ((value === null || value === undefined) && this.options.nullable) return value;
    if (!Array.isArray(value)) throw new BadUserInputError(`${this.name} must be a list`, this.name);
    if (value.length > this.options.maxItems) {
      throw new BadUserInputError(`${this.name} takes at most ${this.options.maxItems} items`, this.name);
    }
    return value.map((plain: unknown, i) => {
      const instance = plainToInstance(this.item, plain);
      const errors = validateSync(instance, { whitelist: true });
      if (errors.length) {
        const fields = validationFieldErrors(errors, `${this.name}.${i}.`, `${this.name}[${i}]`);
        throw new BadUserInputError(fields.map((f) => f.message).join('; '), this.name, fields);
      }
      return instance;
    });
  }
}

/**
 * A list argument of input objects, each validated like an `input` argument, with its size bounded:
 *
 * ```ts
 * save(@InputListArg('rules', PolicyRuleInput, { maxItems: 200 }) rules: PolicyRuleInput[])
 * ```
 */
export function InputListArg(name: string, item: Type<object>, options: InputListOptions): ParameterDecorator {
  const bound = `At most ${options.maxItems} items.`;
  return Args(
    name,
    {
      type: () => [item],
      nullable: options.nullable,
      description: options.description ? `${options.description} ${bound}` : bound,
    },
    new InputListPipe(name, item, options),
  );
}

import { PipeTransform, Type } from '@nestjs/common';
import { Args } from '@nestjs/graphql';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { BadUserInputError } from '../errors/app-errors';

/** class-validator's errors as "field: message" lines, nested fields by path (e.g. `rules.0.title`). */
export function validationMessages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${prefix}${m}` : `${prefix}${e.property}: ${m}`,
    ),
    ...validationMessages(e.children ?? [], `${prefix}${e.property}.`),
  ]);
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
        throw new BadUserInputError(validationMessages(errors, `${this.name}.${i}.`).join('; '), this.name);
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

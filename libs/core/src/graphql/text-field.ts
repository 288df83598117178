import { applyDecorators, PipeTransform } from '@nestjs/common';
import { Args, Field, FieldOptions } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, ValidateBy } from 'class-validator';
import { BadUserInputError } from '../errors/app-errors';

/**
 * Length bounds for text, in characters (Unicode code points). Every text argument and input field takes
 * one of these through {@link TextField} or {@link TextArg}, and its schema description says so.
 */
export const TEXT_LIMITS = {
  /** Short codes and labels: keys, versions, component and source field names. */
  CODE: 100,
  /** Names, titles, producers, display names, search words. */
  NAME: 200,
  /** RFC 5321: a forward path holds at most 254 characters. */
  EMAIL: 254,
  /** Passwords are chosen with 12 to 200 characters; hashing a longer one would only cost CPU. */
  PASSWORD: 200,
  /** URLs, conditions, obligations, alternatives' reasons. */
  LINE: 2_000,
  /** Free text that must be read by people: rationale, justification, descriptions, reasons. */
  PROSE: 10_000,
  /** A Model Openness Tool record (YAML) is at most 256 KiB. */
  DOCUMENT: 262_144,
} as const;

export interface TextOptions {
  /** At most this many characters. */
  max: number;
  /** At least this many characters (default 0; see `notBlank`). */
  min?: number;
  /** Refuses empty and whitespace-only text: for values that must mean something (names, rationale). */
  notBlank?: boolean;
  nullable?: boolean;
  description?: string;
  defaultValue?: string | string[];
  /** A list of texts: each is bounded, and the list holds at most this many items. */
  maxItems?: number;
}

const characters = (s: string) => [...s].length;

/** A NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not Unicode at all). */
// eslint-disable-next-line no-control-regex -- finding the NUL control character is the point
const UNSAFE_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why text cannot be stored or compared as Unicode, or null; checked centrally on every request's input. */
export function unsafeTextProblem(field: string, value: string): string | null {
  return UNSAFE_CHARACTER.test(value)
    ? `${field} contains a NUL character or an unpaired UTF-16 surrogate, which text may not hold`
    : null;
}

/**
 * Why `value` is not acceptable text for `field`, or null when it is. The one rule behind both decorators,
 * so an argument and an input field say the same thing about the same mistake.
 */
export function textProblem(field: string, value: unknown, options: TextOptions): string | null {
  if (typeof value !== 'string') return `${field} must be text`;
  // Cheap check first: a megabyte of text is refused without counting its code points.
  const length = value.length > options.max * 2 ? Infinity : characters(value);
  if (options.min && (length < options.min || length > options.max)) {
    return `${field} must be ${options.min} to ${options.max.toLocaleString('en')} characters`;
  }
  if (length > options.max) return `${field} must be at most ${options.max.toLocaleString('en')} characters`;
  if (options.notBlank && value.trim() === '') return `${field} must not be blank`;
  return null;
}

/** The schema description of a bounded text: the caller's words, then the bound. */
export function describeText(options: TextOptions): string {
  const bound = options.maxItems
    ? `At most ${options.maxItems} items of at most ${options.max.toLocaleString('en')} characters each.`
    : `At most ${options.max.toLocaleString('en')} characters${options.notBlank ? ', not blank' : ''}.`;
  return options.description ? `${options.description} ${bound}` : bound;
}

/**
 * A text field of an input type: the GraphQL field (String or [String]) with its bound in the description,
 * and the validation of that bound (and of blankness) by the global validation pipe.
 *
 * ```ts
 * @TextField({ max: TEXT_LIMITS.PROSE, notBlank: true }) rationale: string;
 * ```
 */
export function TextField(options: TextOptions): PropertyDecorator {
  const list = options.maxItems !== undefined;
  const decorators = [
    Field(() => (list ? [String] : String), {
      nullable: options.nullable ?? false,
      description: describeText(options),
      ...(options.defaultValue !== undefined ? { defaultValue: options.defaultValue } : {}),
    } as FieldOptions),
    ValidateBy(
      {
        name: 'boundedText',
        validator: {
          validate: (value, args) => textProblem(args?.property ?? '', value, options) === null,
          // With `each`, the message is built for the whole list: name the first item that fails.
          defaultMessage: (args) => {
            const values = list && Array.isArray(args?.value) ? (args.value as unknown[]) : [args?.value];
            const property = args?.property ?? '';
            return values.map((value) => textProblem(property, value, options)).find((p) => p !== null) ?? '';
          },
        },
      },
      { each: list },
    ),
  ];
  if (options.nullable) decorators.unshift(IsOptional());
  if (list) decorators.push(ArrayMaxSize(options.maxItems!, { message: `$property takes at most $constraint1 items` }));
  return applyDecorators(...decorators);
}

/** Checks one text argument with {@link textProblem}; BAD_USER_INPUT names the argument. */
class TextArgPipe implements PipeTransform<unknown, unknown> {
  constructor(
    private readonly name: string,
    private readonly options: TextOptions,
  ) {}

  transform(value: unknown) {
    if ((value === null || value === undefined) && this.options.nullable) return value;
    const problem = textProblem(this.name, value, this.options);
    if (problem) throw new BadUserInputError(problem, this.name);
    return value;
  }
}

/**
 * A text argument of a query or mutation, bounded like {@link TextField}:
 *
 * ```ts
 * withdraw(@TextArg('reason', { max: TEXT_LIMITS.PROSE, notBlank: true }) reason: string)
 * ```
 */
export function TextArg(name: string, options: TextOptions): ParameterDecorator {
  return Args(
    name,
    { type: () => String, nullable: options.nullable, description: describeText(options) },
    new TextArgPipe(name, options),
  );
}

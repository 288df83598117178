import { applyDecorators, Type } from '@nestjs/common';
import { PartialType, TypeMetadataStorage } from '@nestjs/graphql';
import { IsDefined, ValidateIf } from 'class-validator';

/**
 * A field of an update input that may be omitted (it keeps its value) but not cleared: an explicit
 * `null` is refused with BAD_USER_INPUT naming the field, before anything is written.
 */
export function KeepWhenOmitted(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: '$property cannot be null: omit it to keep the current value' }),
  );
}

/**
 * The update input of a create input: every field may be omitted and an omitted field keeps its
 * value. Unlike a plain `PartialType`, it carries none of the create input's default values (a default
 * would silently overwrite what the caller did not send: an update of one field turned a GATED model
 * OPEN and dropped its obligations), and `null` is only accepted where the create input accepts it,
 * where it clears the field; a field the create input requires refuses `null`.
 *
 * @example
 * ```ts
 * @InputType({ description: UPDATE_INPUT_DESCRIPTION })
 * export class UpdateAiModelInput extends UpdateInputType(CreateAiModelInput) {}
 * ```
 */
export function UpdateInputType<T>(create: Type<T>): Type<Partial<T>> {
  // skipNullProperties: false validates an explicit null against the create input's rules, so only
  // the fields the create input marks optional (@IsOptional, nullable in GraphQL) accept it.
  const partial = PartialType(create, { omitDefaultValues: true, skipNullProperties: false }) as Type<Partial<T>>;
  for (const field of TypeMetadataStorage.getInputTypeMetadataByTarget(create)?.properties ?? []) {
    if (!field.options.nullable) KeepWhenOmitted()(partial.prototype as object, field.name);
  }
  return partial;
}

/** The description every update input carries, so clients read the same rule everywhere. */
export const UPDATE_INPUT_DESCRIPTION =
  'Fields to change. An omitted field keeps its value; null clears a field that may be empty and is ' +
  'refused for a field that is required.';

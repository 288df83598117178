import { BadRequestException } from '@nestjs/common';
import { BadUserInputError, validationFieldErrors } from '@app/core';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, Min, ValidateNested } from 'class-validator';
import { ArgumentValidationPipe } from './argument-validation.pipe';

class PageFilter {
  @IsOptional() @IsInt() @Min(1) minimum?: number;
}

const metadata = { type: 'body' as const, metatype: PageFilter, data: 'filter' };

class Item {
  @IsNotEmpty() rationale!: string;
}
class Draft {
  @IsNotEmpty() title!: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Item) items?: Item[];
}

describe('ArgumentValidationPipe', () => {
  const pipe = new ArgumentValidationPipe({ transform: true, whitelist: true });

  it('passes an argument that was not sent on as undefined, without building an empty instance', async () => {
    await expect(pipe.transform(undefined, metadata)).resolves.toBeUndefined();
  });

  it('still transforms and validates what was sent, null included', async () => {
    const sent = await pipe.transform({ minimum: 2 }, metadata);
    expect(sent).toBeInstanceOf(PageFilter);
    expect(sent).toEqual({ minimum: 2 });
    await expect(pipe.transform({ minimum: 0 }, metadata)).rejects.toBeInstanceOf(BadRequestException);
    await expect(pipe.transform(null, metadata)).resolves.toBeInstanceOf(PageFilter);
  });

  it('names each refused input by its path from the argument, beside the message as the API words it', async () => {
    const strict = new ArgumentValidationPipe({
      transform: true,
      whitelist: true,
      exceptionFactory: (errors) => {
        const fields = validationFieldErrors(errors);
        return new BadUserInputError(fields.map((f) => f.message).join('; '), undefined, fields);
      },
    });
    const refused = await strict
      .transform(
        { title: '', items: [{ rationale: 'ok' }, { rationale: '' }] },
        { ...metadata, metatype: Draft, data: 'input' },
      )
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadUserInputError);
    const error = refused as BadUserInputError;
    expect(error.fieldErrors).toEqual([
      { field: 'input.title', message: 'title should not be empty' },
      { field: 'input.items[1].rationale', message: 'items.1.rationale should not be empty' },
    ]);
    expect(error.details).toMatchObject({ field: 'input', fieldErrors: error.fieldErrors });
    expect(error.message).toBe('title should not be empty; items.1.rationale should not be empty');
  });
});

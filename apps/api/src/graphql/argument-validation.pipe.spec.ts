import { BadRequestException } from '@nestjs/common';
import { IsInt, IsOptional, Min } from 'class-validator';
import { ArgumentValidationPipe } from './argument-validation.pipe';

class PageFilter {
  @IsOptional() @IsInt() @Min(1) minimum?: number;
}

const metadata = { type: 'body' as const, metatype: PageFilter, data: 'filter' };

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
});

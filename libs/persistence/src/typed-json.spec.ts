import { parseTyped, stringifyTyped } from './typed-json';

describe('typed JSON', () => {
  it('revives dates and big integers where plain JSON leaves strings', () => {
    const value = {
      __typename: 'AdoptionRequest',
      decidedAt: new Date('2026-12-01T05:30:00.123Z'),
      expiresAt: null,
      seq: 9007199254740993n,
      votes: [{ createdAt: new Date(0), conditions: ['yearly review'] }],
      nested: { deep: { at: new Date('2030-01-01T00:00:00Z') } },
    };

    const sut = parseTyped(stringifyTyped(value)) as typeof value;

    expect(sut).toEqual(value);
    expect(sut.decidedAt).toBeInstanceOf(Date);
    expect(sut.votes[0].createdAt).toBeInstanceOf(Date);
    expect(typeof sut.seq).toBe('bigint');
    expect(JSON.parse(JSON.stringify({ at: value.decidedAt })).at).toBe('2026-12-01T05:30:00.123Z');
  });

  it('keeps class instances as their own properties (a union member keeps its __typename)', () => {
    class Refusal {
      readonly __typename = 'ValidationError';
      errorCode = 'VALIDATION';
    }

    expect(parseTyped(stringifyTyped(new Refusal()))).toEqual({
      __typename: 'ValidationError',
      errorCode: 'VALIDATION',
    });
  });

  it('refuses a value that looks like its own tag rather than reviving it as something else', () => {
    expect(() => stringifyTyped({ x: { $type: 'Date', value: 'not a date' } })).toThrow(/\$type/);
  });

  it('keeps plain JSON values as they are', () => {
    const value = { a: [1, 2.5, 'x', true, null], b: { $type: 'Other', value: 'y' }, c: '' };

    expect(parseTyped(stringifyTyped(value))).toEqual(value);
  });
});

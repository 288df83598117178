import { textProblem, unsafeTextProblem } from './text-field';

describe('textProblem', () => {
  it.each([
    ['text at its bound', 'x'.repeat(10), { max: 10 }, null],
    ['text past its bound', 'x'.repeat(11), { max: 10 }, 'note must be at most 10 characters'],
    ['a megabyte of text', 'x'.repeat(1_000_000), { max: 10 }, 'note must be at most 10 characters'],
    ['emoji counted as one character each', '🙂'.repeat(10), { max: 10 }, null],
    ['text shorter than its minimum', 'ab', { max: 200, min: 3 }, 'note must be 3 to 200 characters'],
    ['whitespace where something must be said', ' \n\t', { max: 10, notBlank: true }, 'note must not be blank'],
    ['empty text where something must be said', '', { max: 10, notBlank: true }, 'note must not be blank'],
    ['empty text where none is required', '', { max: 10 }, null],
    ['a number', 12, { max: 10 }, 'note must be text'],
  ])('judges %s', (_name, value, options, expected) => {
    expect(textProblem('note', value, options)).toBe(expected);
  });
});

describe('unsafeTextProblem', () => {
  it.each([
    ['a NUL', 'a\u0000b', true],
    ['a lone high surrogate', 'a\ud800', true],
    ['a lone high surrogate before another character', '\ud800a', true],
    ['a lone low surrogate', '\udc00a', true],
    ['two high surrogates', '\ud800\ud800', true],
    ['a paired surrogate (emoji)', 'ok 🙂', false],
    ['scripts beyond the BMP', '𐒖𐒖', false],
    ['ordinary text with control characters other than NUL', 'a\tb\nc', false],
  ])('%s', (_name, value, refused) => {
    expect(unsafeTextProblem('$input.title', value) !== null).toBe(refused);
  });
});

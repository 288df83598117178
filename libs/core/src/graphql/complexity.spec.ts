import type { ComplexityEstimatorArgs } from '@nestjs/graphql';
import { argumentListComplexity } from './complexity';

describe('argumentListComplexity', () => {
  const cost = argumentListComplexity(['modelIds', 'options'], 10);
  const of = (args: Record<string, unknown>) =>
    cost({ args, childComplexity: 7 } as unknown as ComplexityEstimatorArgs);

  it('costs the items of every named list together', () => {
    expect(of({ modelIds: ['a', 'b'], options: [{}, {}, {}] })).toBe(1 + 7 * 5);
    expect(of({ modelIds: ['a'] })).toBe(1 + 7);
  });

  it('costs the bound when no list is given, and never more than the bound', () => {
    expect(of({})).toBe(1 + 7 * 10);
    expect(of({ modelIds: Array(8).fill('a'), options: Array(8).fill({}) })).toBe(1 + 7 * 10);
  });
});

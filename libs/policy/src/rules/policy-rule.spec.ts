import { EFFECT_FIELD_RULES, isPolicyEffect, PolicyEffect } from './policy-rule';

describe('EFFECT_FIELD_RULES', () => {
  it('has an entry for every effect', () => {
    expect(Object.keys(EFFECT_FIELD_RULES).sort()).toEqual(Object.values(PolicyEffect).sort());
  });

  it.each(Object.values(PolicyEffect))('%s never both requires and forbids a field', (effect) => {
    const { required, forbidden } = EFFECT_FIELD_RULES[effect];
    expect(required.filter((f) => forbidden.includes(f))).toEqual([]);
  });

  it.each([
    [PolicyEffect.REQUIRE_EXPERTISE, 'expertise'],
    [PolicyEffect.MIN_TIER, 'tier'],
    [PolicyEffect.REQUIRE_CONDITION, 'text'],
    [PolicyEffect.ADVISE, 'text'],
    [PolicyEffect.BLOCK, 'text'],
  ])('%s requires %s', (effect, field) => {
    expect(EFFECT_FIELD_RULES[effect].required).toContain(field);
  });
});

describe(isPolicyEffect.name, () => {
  it.each([
    ['BLOCK', true],
    ['MIN_TIER', true],
    ['block', false],
    ['ERROR', false],
    ['toString', false],
    [undefined, false],
  ])('%s -> %s', (value, expected) => {
    expect(isPolicyEffect(value)).toBe(expected);
  });
});

import { Expertise } from '@app/core';
import { RiskTier } from '@app/risk/engine';
import { PolicyEffect, type PolicyRuleDefinition } from './policy-rule';
import { celRange } from './policy.test-support';
import { compileCondition, positionAt, RULE_LIMITS, validateRule } from './rule-validation';

const rule = (overrides: Partial<PolicyRuleDefinition> = {}): PolicyRuleDefinition => ({
  id: 'r1',
  title: 'Open weights',
  description: 'test',
  condition: 'model.weightsAccess == "OPEN"',
  effect: PolicyEffect.ADVISE,
  text: 'Consider it',
  ...overrides,
});

/** The problems of a condition alone. */
const conditionProblems = (condition: string) => validateRule(rule({ condition }));

describe(positionAt.name, () => {
  it.each([
    ['abc', 0, { line: 1, column: 1, offset: 0 }],
    ['abc', 2, { line: 1, column: 3, offset: 2 }],
    ['ab\ncd', 3, { line: 2, column: 1, offset: 3 }],
    ['ab\ncd', 4, { line: 2, column: 2, offset: 4 }],
    ['ab', 99, { line: 1, column: 3, offset: 2 }],
  ])('%j at %d', (source, offset, expected) => {
    expect(positionAt(source, offset)).toEqual(expected);
  });
});

describe(validateRule.name, () => {
  it('accepts a well-formed rule', () => {
    expect(validateRule(rule())).toEqual([]);
  });

  describe('condition syntax', () => {
    it('reports a syntax error at its column', () => {
      expect(conditionProblems('model.weightsAccess == == "OPEN"')).toEqual([
        {
          field: 'condition',
          message: 'Syntax error: Unexpected token: EQ',
          position: { line: 1, column: 24, offset: 23 },
        },
      ]);
    });

    it('reports an unfinished expression at its end', () => {
      const [sut] = conditionProblems('request.publicFacing &&');
      expect(sut.message).toMatch(/^Syntax error: Unexpected token: EOF/);
      expect(sut.position).toEqual({ line: 1, column: 24, offset: 23 });
    });

    it('reports the line and column on a later line', () => {
      const [sut] = conditionProblems('request.publicFacing &&\n  model.weightsAccess == "OPEN" )');
      // Line 2 is `  model.weightsAccess == "OPEN" )`: the stray parenthesis is its 33rd character.
      expect(sut.position).toEqual({ line: 2, column: 33, offset: 56 });
    });

    it('refuses an empty condition', () => {
      expect(conditionProblems('  ')).toEqual([{ field: 'condition', message: 'The condition must not be empty' }]);
    });
  });

  describe('condition types', () => {
    it.each([
      ['model.colour == "red"', 'colour', 'model.colour', 7],
      ['request.publicFacing && request.foo', 'foo', 'request.foo', 33],
      ['model.obligations.exists(o, o.colour == "red")', 'colour', 'o.colour', 31],
    ])('refuses the unknown field in %s, naming it', (condition, field, path, column) => {
      const [sut, ...rest] = conditionProblems(condition);
      expect(rest).toEqual([]);
      expect(sut.field).toBe('condition');
      expect(sut.message).toContain(`Unknown field "${field}" in ${path}`);
      expect(sut.position?.column).toBe(column);
    });

    it('lists the fields of a root variable when one is misspelt', () => {
      const [sut] = conditionProblems('model.weightAccess == "OPEN"');
      expect(sut.message).toContain('model has name, producer, family, releaseLevel, weightsAccess');
    });

    it('refuses an unknown variable, naming it', () => {
      const [sut] = conditionProblems('user.isAdmin');
      expect(sut.message).toBe('Unknown variable "user": a condition can use request, model, requester');
      expect(sut.position).toEqual({ line: 1, column: 1, offset: 0 });
    });

    it.each([
      ['model.weightsAccess', 'string'],
      ['request.expectedUsers + 1', 'int'],
      ['model.languages', 'list<string>'],
      ['dyn(request.publicFacing)', 'dyn'],
    ])('refuses %s: its type is %s, not bool', (condition, type) => {
      expect(conditionProblems(condition)).toEqual([
        {
          field: 'condition',
          message: `The condition must be a bool (true or false) expression, but its type is ${type}`,
          position: { line: 1, column: 1, offset: 0 },
        },
      ]);
    });

    it('refuses comparing values of different types', () => {
      const [sut] = conditionProblems('model.weightsAccess == 1');
      expect(sut.message).toBe('Type error: no such overload: string == int');
    });
  });

  describe('condition limits', () => {
    it(`refuses more than ${RULE_LIMITS.maxConditionLength} characters`, () => {
      const condition = `request.useCase == "${'x'.repeat(RULE_LIMITS.maxConditionLength)}"`;
      const [sut] = conditionProblems(condition);
      expect(sut.message).toContain(`at most ${RULE_LIMITS.maxConditionLength} are allowed`);
      expect(sut.position?.offset).toBe(RULE_LIMITS.maxConditionLength);
    });

    it('refuses very deep nesting (parser limit), with the position', () => {
      const [sut] = conditionProblems(`${'('.repeat(40)}request.publicFacing${')'.repeat(40)}`);
      expect(sut.message).toBe('The condition is too complex: Exceeded maxDepth (32)');
      expect(sut.position).toBeDefined();
    });

    it('refuses list literals longer than 100 elements (parser limit)', () => {
      const [sut] = conditionProblems(`request.expectedUsers in ${celRange(101)}`);
      expect(sut.message).toBe('The condition is too complex: Exceeded maxListElements (100)');
    });

    it('refuses nested comprehensions whose cost could explode', () => {
      const L = celRange(100);
      const [sut] = conditionProblems(`${L}.all(x, ${L}.all(y, ${L}.all(z, x + y + z >= 0)))`);
      expect(sut.message).toMatch(/^The condition could be too expensive to evaluate: estimated evaluation cost/);
    });

    it('refuses regular expressions, at the call', () => {
      const condition = 'request.useCase.matches("(a+)+$")';
      expect(conditionProblems(condition)).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^matches: regular expressions are not allowed/) }),
      ]);
    });
  });

  describe('effect fields', () => {
    it.each<[string, Partial<PolicyRuleDefinition>, string, string]>([
      [
        'REQUIRE_EXPERTISE without expertise',
        { effect: PolicyEffect.REQUIRE_EXPERTISE, text: null },
        'expertise',
        'REQUIRE_EXPERTISE needs an expertise',
      ],
      ['MIN_TIER without tier', { effect: PolicyEffect.MIN_TIER }, 'tier', 'MIN_TIER needs a tier'],
      ['BLOCK without text', { effect: PolicyEffect.BLOCK, text: undefined }, 'text', 'BLOCK needs a text'],
      ['ADVISE without text', { effect: PolicyEffect.ADVISE, text: null }, 'text', 'ADVISE needs a text'],
      [
        'REQUIRE_CONDITION without text',
        { effect: PolicyEffect.REQUIRE_CONDITION, text: undefined },
        'text',
        'REQUIRE_CONDITION needs a text',
      ],
      ['ADVISE with a tier', { tier: RiskTier.HIGH }, 'tier', 'ADVISE does not use tier; remove it'],
      [
        'BLOCK with an expertise',
        { effect: PolicyEffect.BLOCK, expertise: Expertise.LEGAL },
        'expertise',
        'BLOCK does not use expertise; remove it',
      ],
      [
        'MIN_TIER with an expertise',
        { effect: PolicyEffect.MIN_TIER, tier: RiskTier.HIGH, expertise: Expertise.LEGAL },
        'expertise',
        'MIN_TIER does not use expertise; remove it',
      ],
      [
        'an unknown expertise',
        { effect: PolicyEffect.REQUIRE_EXPERTISE, expertise: 'MAGIC' as Expertise },
        'expertise',
        'Unknown expertise "MAGIC"',
      ],
      [
        'an unknown tier',
        { effect: PolicyEffect.MIN_TIER, tier: 'EXTREME' as RiskTier },
        'tier',
        'Unknown tier "EXTREME"',
      ],
      ['a blank text', { text: '   ' }, 'text', 'The text must not be empty'],
      ['a blank title', { title: ' ' }, 'title', 'The title must not be empty'],
      ['an unknown effect', { effect: 'DELETE' as PolicyEffect }, 'effect', 'Unknown effect "DELETE"'],
    ])('refuses %s', (_case, overrides, field, message) => {
      expect(validateRule(rule(overrides))).toEqual([{ field, message }]);
    });

    it.each<[string, Partial<PolicyRuleDefinition>]>([
      ['REQUIRE_EXPERTISE with expertise', { effect: PolicyEffect.REQUIRE_EXPERTISE, expertise: Expertise.SECURITY }],
      [
        'REQUIRE_EXPERTISE with an explanation',
        { effect: PolicyEffect.REQUIRE_EXPERTISE, expertise: Expertise.LEGAL, text: 'why' },
      ],
      ['MIN_TIER with tier and no text', { effect: PolicyEffect.MIN_TIER, tier: RiskTier.HIGH, text: null }],
      ['BLOCK with text', { effect: PolicyEffect.BLOCK, text: 'No.' }],
    ])('accepts %s', (_case, overrides) => {
      expect(validateRule(rule(overrides))).toEqual([]);
    });

    it('reports condition and field problems together', () => {
      const sut = validateRule(rule({ condition: 'model.colour', effect: PolicyEffect.MIN_TIER, text: null }));
      expect(sut.map((p) => p.field)).toEqual(['condition', 'tier']);
    });
  });
});

describe(compileCondition.name, () => {
  it('returns a condition that evaluates', () => {
    const sut = compileCondition('request.expectedUsers > 10');
    expect(sut.problems).toEqual([]);
    expect(sut.compiled?.estimatedCost).toBeGreaterThan(0);
  });
});

import { Script } from 'node:vm';
import { Expertise } from '@app/core';
import { RiskTier } from '@app/risk/engine';
import { PolicyEffect, type PolicyRuleDefinition } from './policy-rule';
import { adviseRule, celRange, makeContext } from './policy.test-support';
import {
  clearConditionCache,
  conditionCacheStats,
  evaluateRules,
  MAX_RULE_RUNS,
  MIN_RULE_TIME_MS,
  PolicyLimitError,
  RULE_ERROR_EFFECT,
} from './rule-evaluation';

const context = makeContext({ expectedUsers: 1000, languages: ['en', 'sw-KE'] });

/**
 * 10^4 iterations of a 20-operation body: accepted by the static checks (estimate about 6 x 10^5 steps),
 * but it runs for tens of milliseconds (50-90 ms measured), well past a 10 ms limit.
 */
const SLOW_BUT_VALID = `${celRange(100)}.all(x, ${celRange(100)}.all(y, ${[
  'x + y >= 0',
  'x * y >= 0',
  'x - y < 1000',
  'x % 7 != 100',
  'y / 3 < 1000',
  'x + y + x + y < 10000',
  'x * x + y * y >= 0',
].join(' && ')}))`;

describe(evaluateRules.name, () => {
  beforeEach(() => clearConditionCache());

  describe('findings', () => {
    it('reports each rule whose condition is true, in rule order, and nothing for false ones', () => {
      const rules = [
        adviseRule('request.expectedUsers > 100', 'a'),
        adviseRule('request.expectedUsers > 100000', 'b'),
        adviseRule('"sw-KE" in request.languages', 'c'),
      ];
      const sut = evaluateRules(rules, context);
      expect(sut).toEqual({
        findings: [
          { ruleId: 'a', title: 'Rule a', effect: PolicyEffect.ADVISE, message: 'advice a', text: 'advice a' },
          { ruleId: 'c', title: 'Rule c', effect: PolicyEffect.ADVISE, message: 'advice c', text: 'advice c' },
        ],
        errors: [],
      });
    });

    it('carries the expertise of REQUIRE_EXPERTISE and the tier of MIN_TIER, with default messages', () => {
      const rules: PolicyRuleDefinition[] = [
        { ...adviseRule('true', 'x'), effect: PolicyEffect.REQUIRE_EXPERTISE, expertise: Expertise.LEGAL, text: null },
        { ...adviseRule('true', 't'), effect: PolicyEffect.MIN_TIER, tier: RiskTier.HIGH, text: undefined },
      ];
      expect(evaluateRules(rules, context).findings).toEqual([
        {
          ruleId: 'x',
          title: 'Rule x',
          effect: PolicyEffect.REQUIRE_EXPERTISE,
          expertise: Expertise.LEGAL,
          message: 'Rule x: approval needs an approver with LEGAL expertise',
        },
        {
          ruleId: 't',
          title: 'Rule t',
          effect: PolicyEffect.MIN_TIER,
          tier: RiskTier.HIGH,
          message: 'Rule t: the risk tier is at least HIGH',
        },
      ]);
    });

    it('cuts messages to maxResultSize characters', () => {
      const rule = { ...adviseRule('true'), text: 'x'.repeat(100) };
      const [sut] = evaluateRules([rule], context, { maxResultSize: 20 }).findings;
      expect(sut.message).toHaveLength(20);
      expect(sut.message.endsWith('…')).toBe(true);
    });
  });

  describe('failures are reported, never skipped', () => {
    it.each([
      ['division by zero', 'request.expectedUsers / 0 > 1', /^Run-time error at line 1, column 1: division by zero/],
      ['an index out of range', 'request.languages[5] == "fr"', /^Run-time error at line 1, column \d+: .*index/i],
    ])('reports %s as a failure and an ERROR finding, and goes on', (_case, condition, message) => {
      const rules = [adviseRule(condition, 'bad'), adviseRule('true', 'good')];
      const sut = evaluateRules(rules, context);
      expect(sut.errors).toEqual([{ ruleId: 'bad', title: 'Rule bad', message: expect.stringMatching(message) }]);
      expect(sut.findings.map((f) => [f.ruleId, f.effect])).toEqual([
        ['bad', RULE_ERROR_EFFECT],
        ['good', PolicyEffect.ADVISE],
      ]);
      expect(sut.findings[0].message).toBe(sut.errors[0].message);
    });

    it('reports a context value of the wrong type (a JS number for a CEL int)', () => {
      const raw = { ...context, request: { ...context.request, expectedUsers: 5 as unknown as bigint } };
      const sut = evaluateRules([adviseRule('request.expectedUsers > 1')], raw);
      expect(sut.errors[0].message).toContain("Field 'expectedUsers' is not of type 'int'");
    });

    it('reports a condition that was never validated and does not compile', () => {
      const sut = evaluateRules([adviseRule('model.colour == "red"')], context);
      expect(sut.errors[0].message).toMatch(
        /^The condition is invalid: Unknown field "colour" in model.colour.*\(line 1, column 7\)$/,
      );
      expect(sut.findings[0].effect).toBe(RULE_ERROR_EFFECT);
    });

    it('reports a condition that is not a bool', () => {
      const sut = evaluateRules([adviseRule('dyn(model.name)')], context);
      expect(sut.errors[0].message).toContain('must be a bool');
    });

    it('reports a rule with invalid effect fields', () => {
      const rule = { ...adviseRule('true'), effect: PolicyEffect.REQUIRE_EXPERTISE, text: null };
      expect(evaluateRules([rule], context).errors[0].message).toBe(
        'The rule is invalid: REQUIRE_EXPERTISE needs an expertise',
      );
    });
  });

  describe('limits', () => {
    it('refuses more rules than maxRules before evaluating any', () => {
      const rules = [adviseRule('true', 'a'), adviseRule('true', 'b'), adviseRule('true', 'c')];
      expect(() => evaluateRules(rules, context, { maxRules: 2 })).toThrow(PolicyLimitError);
      expect(() => evaluateRules(rules, context, { maxRules: 2 })).toThrow('3 rules exceed the limit of 2');
    });

    it('accepts the default of 200 rules', () => {
      const rules = Array.from({ length: 200 }, (_, i) => adviseRule(`request.expectedUsers > ${i}`, `r${i}`));
      const sut = evaluateRules(rules, context);
      expect(sut.errors).toEqual([]);
      expect(sut.findings).toHaveLength(200);
    });

    it('refuses a pathological expression before running it', () => {
      const L = celRange(100);
      const started = Date.now();
      const sut = evaluateRules([adviseRule(`${L}.all(x, ${L}.all(y, ${L}.all(z, ${L}.all(w, true))))`)], context);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(sut.errors[0].message).toMatch(/^The condition is invalid: The condition could be too expensive/);
    });

    it('stops a condition that runs past timeMs and reports it', () => {
      const started = Date.now();
      const sut = evaluateRules([adviseRule(SLOW_BUT_VALID, 'slow'), adviseRule('true', 'next')], context, {
        timeMs: 10,
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(sut.errors).toEqual([
        {
          ruleId: 'slow',
          title: 'Rule slow',
          message: 'Evaluation stopped: the condition ran longer than the limit of 10 ms, twice',
        },
      ]);
      expect(sut.findings.map((f) => f.ruleId)).toEqual(['slow', 'next']);
    });

    it('retries a run stopped while the process had no CPU, and fails closed after MAX_RULE_RUNS such runs', () => {
      // As if the process were starved: every stopped run used no CPU time.
      const idle = { user: 0, system: 0 };
      const cpu = jest.spyOn(process, 'cpuUsage').mockReturnValue(idle);
      const run = jest.spyOn(Script.prototype, 'runInContext');
      try {
        const sut = evaluateRules([adviseRule(SLOW_BUT_VALID, 'slow')], context, { timeMs: 10 });
        expect(sut.errors.map((e) => e.message)).toEqual([
          `Evaluation stopped: the condition did not finish within 10 ms in ${MAX_RULE_RUNS} runs (the service was short of CPU)`,
        ]);
        expect(run).toHaveBeenCalledTimes(MAX_RULE_RUNS);
      } finally {
        cpu.mockRestore();
        run.mockRestore();
      }
    });

    it('raises a per-rule limit below MIN_RULE_TIME_MS to it (finer limits fire spuriously)', () => {
      const rules = Array.from({ length: 50 }, (_, i) => adviseRule('request.expectedUsers > 1', `r${i}`));
      const sut = evaluateRules(rules, context, { timeMs: 0 });
      expect(sut.errors).toEqual([]);
      expect(sut.findings).toHaveLength(50);
      expect(MIN_RULE_TIME_MS).toBe(10);
    });

    it('evaluates the same condition correctly after it was stopped', () => {
      expect(evaluateRules([adviseRule(SLOW_BUT_VALID)], context, { timeMs: 10 }).errors).toHaveLength(1);
      const sut = evaluateRules([adviseRule(SLOW_BUT_VALID)], context, { timeMs: 10_000 });
      expect(sut).toEqual({ findings: [expect.objectContaining({ effect: PolicyEffect.ADVISE })], errors: [] });
    });

    it('reports the rules it had no time left for', () => {
      const sut = evaluateRules([adviseRule('true', 'a'), adviseRule('true', 'b')], context, { totalTimeMs: 0 });
      expect(sut.errors.map((e) => [e.ruleId, e.message])).toEqual([
        ['a', "Not evaluated: the evaluation's time budget of 0 ms was used up before this rule"],
        ['b', "Not evaluated: the evaluation's time budget of 0 ms was used up before this rule"],
      ]);
      expect(sut.findings.every((f) => f.effect === RULE_ERROR_EFFECT)).toBe(true);
    });
  });

  describe('cache', () => {
    it('compiles each distinct condition once', () => {
      const rules = [adviseRule('request.publicFacing', 'a'), adviseRule('request.publicFacing', 'b')];
      evaluateRules(rules, context);
      evaluateRules(rules, context);
      expect(conditionCacheStats()).toEqual({ size: 1, misses: 1, hits: 3 });
    });
  });
});

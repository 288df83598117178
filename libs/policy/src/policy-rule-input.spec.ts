import { ValidationError } from '@app/core';
import { PolicyEvaluationService, TESTED_RULE_ID } from './policy-evaluation.service';
import { ruleFieldErrors, toDefinitions } from './policy-rule-input';
import { PolicyService } from './policy.service';
import { PolicyRuleInput } from './policy.types';
import { PolicyEffect } from './rules/policy-rule';
import { makeRequest, openModel, REQUESTER } from './rules/policy.test-support';

const rule = (over: Partial<PolicyRuleInput> = {}): PolicyRuleInput => ({
  title: 'Education is advised',
  description: '',
  condition: 'request.sector == "EDUCATION"',
  effect: PolicyEffect.ADVISE,
  text: 'Ask the education lead',
  ...over,
});

describe(ruleFieldErrors.name, () => {
  it('gives a condition problem its line and column, as numbers and in the message', () => {
    const sut = ruleFieldErrors(
      toDefinitions([rule(), rule({ condition: 'request.sector ==\n  "EDUCATION" &&' })]),
      (i) => `rules[${i}]`,
    );
    expect(sut).toHaveLength(1);
    expect(sut[0]).toMatchObject({ field: 'rules[1].condition', line: 2, column: expect.any(Number) });
    expect(sut[0].message).toContain(`(line 2, column ${sut[0].column})`);
  });

  it('gives no position to a problem outside the condition', () => {
    const [sut] = ruleFieldErrors(toDefinitions([rule({ effect: PolicyEffect.REQUIRE_EXPERTISE })]), () => 'rule');
    expect(sut.field).toBe('rule.expertise');
    expect(sut.line).toBeUndefined();
    expect(sut.column).toBeUndefined();
  });
});

describe(PolicyEvaluationService.name, () => {
  const sut = new PolicyEvaluationService({} as PolicyService);
  const test = (over: Partial<PolicyRuleInput>, sector = 'EDUCATION') =>
    sut.testRule({} as never, rule(over), makeRequest({ sector } as never), openModel(), REQUESTER);

  it('reports a matching rule with the finding it would produce', () => {
    expect(test({})).toEqual({
      matched: true,
      finding: expect.objectContaining({ ruleId: TESTED_RULE_ID, effect: 'ADVISE', message: 'Ask the education lead' }),
    });
  });

  it('reports a rule whose condition is false without a finding', () => {
    expect(test({}, 'HEALTH')).toEqual({ matched: false, finding: null });
  });

  it('refuses a rule that could not be saved, with the position of the problem', () => {
    const result = test({ condition: 'request.sectr == "X"' });
    expect(result).toBeInstanceOf(ValidationError);
    expect((result as ValidationError).fieldErrors[0]).toMatchObject({
      field: 'rule.condition',
      line: 1,
      column: expect.any(Number),
    });
  });
});

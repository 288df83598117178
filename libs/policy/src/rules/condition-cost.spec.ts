import { COST_LIMITS, estimateConditionCost } from './condition-cost';
import { policyEnvironment } from './policy-context';
import { celRange } from './policy.test-support';

const estimate = (condition: string) => estimateConditionCost(policyEnvironment().parse(condition).ast);

/** `cel.bind(v0, "xxxx…", cel.bind(v1, v0 + v0 + v0 + v0, …))`: each level makes the string 4 times longer. */
function growingBinds(levels: number): string {
  let expr = `v${levels - 1}.contains("y")`;
  for (let i = levels - 1; i >= 1; i--) {
    const v = `v${i - 1}`;
    expr = `cel.bind(v${i}, ${v} + ${v} + ${v} + ${v}, ${expr})`;
  }
  return `cel.bind(v0, "${'x'.repeat(16)}", ${expr})`;
}

describe(estimateConditionCost.name, () => {
  it('finds a plain comparison cheap', () => {
    const sut = estimate('model.weightsAccess == "OPEN" && request.publicFacing');
    expect(sut.problems).toEqual([]);
    expect(sut.cost).toBeLessThan(20);
  });

  it('accepts membership tests over context lists at their bounds', () => {
    const sut = estimate('request.languages.all(l, l in model.languages)');
    expect(sut.problems).toEqual([]);
  });

  it('multiplies nested comprehensions by the length of their ranges', () => {
    const one = estimate(`${celRange(100)}.exists(x, x == 1)`).cost;
    const two = estimate(`${celRange(100)}.exists(x, ${celRange(100)}.exists(y, x == y))`).cost;
    expect(two / one).toBeGreaterThan(50);
  });

  it('refuses three comprehensions over 100-element lists on cost', () => {
    const L = celRange(100);
    const sut = estimate(`${L}.all(x, ${L}.all(y, ${L}.all(z, x + y + z >= 0)))`);
    expect(sut.cost).toBeGreaterThan(COST_LIMITS.maxCost);
    expect(sut.problems).toEqual([
      expect.objectContaining({ message: expect.stringContaining('exceeds the limit of 1.0e+6'), offset: 0 }),
    ]);
  });

  it('refuses comprehensions nested four deep, pointing at the fourth', () => {
    const condition = '[1].all(a, [1].all(b, [1].all(c, [1].all(d, a == d))))';
    const sut = estimate(condition);
    expect(sut.problems.map((p) => p.offset)).toEqual([condition.indexOf('[1].all(d')]);
    expect(sut.problems[0].message).toContain('nested more than 3 deep');
  });

  it('refuses a value that grows at each cel.bind, pointing at where it gets too large', () => {
    const condition = growingBinds(12);
    const sut = estimate(condition);
    expect(sut.maxValueSize).toBeGreaterThan(COST_LIMITS.maxValueSize);
    expect(sut.problems[0].message).toContain('may grow to about');
    // v8 = 16 x 4^8 = 1048576 characters is the first value above 10^6; it is built from v7.
    expect(condition.slice(sut.problems[0].offset)).toMatch(/^v7 \+ v7 \+ v7 \+ v7, cel\.bind\(v9/);
  });

  it('accepts a few levels of growth', () => {
    expect(estimate(growingBinds(4)).problems).toEqual([]);
  });

  it('bounds a split of a long text by its length, not its square', () => {
    expect(estimate('request.useCase.split(" ").exists(w, w == "triage")').problems).toEqual([]);
  });

  it('does not count references to the context as allocations', () => {
    expect(estimate('model.obligations.exists(o, o.kind == "NON_COMMERCIAL")').maxValueSize).toBeLessThan(100);
  });
});

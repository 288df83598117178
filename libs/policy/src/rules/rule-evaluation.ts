/**
 * Evaluates the rules of the published policies against one context (ARCHITECTURE.md section 5):
 * evaluation is bounded in time and size, and a rule that fails at run time is reported, never silently
 * skipped.
 *
 * Guarantees of {@link evaluateRules}:
 * - **Every rule has an outcome.** A true condition gives a finding; a false one gives nothing; a rule whose
 *   condition or effect fields are invalid, that throws, returns a non-bool, runs out of time or is not
 *   reached within the total budget gives a {@link RuleFailure} *and* a finding with effect `ERROR`.
 *   Callers should treat `ERROR` as blocking (fail closed): the failed rule may have been a BLOCK.
 * - **Time per rule.** Each condition runs under `node:vm` with `timeout: timeMs`; Node's watchdog
 *   terminates the running JavaScript (V8 TerminateExecution), so even a condition that slipped past the
 *   static checks stops after about `timeMs` milliseconds (never less than {@link MIN_RULE_TIME_MS}); it
 *   fails after two stopped runs that used the CPU for at least half the limit; runs stopped while the
 *   process was starved of CPU are retried (at most {@link MAX_RULE_RUNS} runs in all). The
 *   library itself has no step budget or interruption hook; vm is the only way to stop synchronous code
 *   short of a worker thread, which would cost milliseconds per rule.
 * - **Total time.** Before each rule the elapsed time is compared with `totalTimeMs`; once it is used up,
 *   the remaining rules are reported as failures, so a call takes at most about `totalTimeMs + timeMs`.
 * - **Number of rules.** More than `maxRules` rules is a configuration error: {@link PolicyLimitError} is
 *   thrown before anything is evaluated (a partial evaluation could miss a BLOCK).
 * - **Memory and steps.** JavaScript offers no per-call memory limit, so sizes are bounded statically:
 *   every condition passes the same checks as `validateRule` (length, parser limits, types, static cost
 *   and value-size estimate) before it runs, whether or not it was validated when saved. The estimate
 *   assumes the context bounds that `buildPolicyContext` enforces; a hand-made context beyond them is still
 *   bounded in time, not in memory.
 * - **Result size.** Each message is cut to `maxResultSize` characters.
 *
 * Compiled conditions are cached per expression text (bounded, least recently used first out), so the
 * parser and type checker run once per distinct condition, not once per request.
 */
import { createContext, Script } from 'node:vm';
import { EvaluationError } from '@marcbachmann/cel-js';
import type { Expertise } from '@app/core';
import type { RiskTier } from '@app/risk/engine';
import type { PolicyContext } from './policy-context';
import { PolicyEffect, type PolicyRuleDefinition } from './policy-rule';
import {
  compileCondition,
  type ConditionCompilation,
  positionAt,
  type RuleProblem,
  validateEffectFields,
} from './rule-validation';

/** The effect of a finding that reports a failed rule. */
export const RULE_ERROR_EFFECT = 'ERROR';

/** A finding's effect: the rule's, or ERROR for a rule that could not be evaluated. */
export type PolicyFindingEffect = PolicyEffect | typeof RULE_ERROR_EFFECT;

/** What one rule says about the request (the API's `PolicyFinding { ruleId title effect message }`). */
export interface PolicyFinding {
  ruleId: string;
  title: string;
  effect: PolicyFindingEffect;
  message: string;
  expertise?: Expertise;
  tier?: RiskTier;
  text?: string;
}

/** A rule that could not be evaluated, and why. */
export interface RuleFailure {
  ruleId: string;
  title: string;
  message: string;
}

/** The outcome of evaluating a set of rules. */
export interface PolicyEvaluation {
  findings: PolicyFinding[];
  errors: RuleFailure[];
}

/** Bounds of one call of {@link evaluateRules}. */
export interface EvaluationLimits {
  /** Most rules evaluated in one call; more throws {@link PolicyLimitError}. */
  maxRules: number;
  /** Wall-clock milliseconds one condition may run before it is stopped (at least {@link MIN_RULE_TIME_MS}). */
  timeMs: number;
  /** Wall-clock milliseconds for the whole call, checked between rules. */
  totalTimeMs: number;
  /** Most characters of any message in the result (longer ones are cut, ending in an ellipsis). */
  maxResultSize: number;
}

/**
 * The smallest per-rule time limit honoured. Node's vm watchdog is not precise at a few milliseconds: with
 * `timeout: 1`, about one trivial condition in five was stopped in our measurements. A smaller `timeMs` is
 * raised to this, so a limit never produces spurious failures.
 */
export const MIN_RULE_TIME_MS = 10;

/**
 * Most runs of one condition stopped by the watchdog before it fails: a run stopped while the process was
 * starved of CPU is retried, one that used the CPU for half the limit or more is a strike (two fail it).
 */
export const MAX_RULE_RUNS = 5;

export const DEFAULT_EVALUATION_LIMITS: Readonly<EvaluationLimits> = {
  maxRules: 200,
  timeMs: 50,
  totalTimeMs: 2000,
  maxResultSize: 2000,
};

/** A call outside the limits of {@link EvaluationLimits} that is refused as a whole. */
export class PolicyLimitError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyLimitError';
  }
}

/** Compiled conditions by expression text; a Map keeps insertion order, so re-inserting on a hit gives LRU. */
const CACHE_CAPACITY = 1000;
const cache = new Map<string, ConditionCompilation>();
const stats = { hits: 0, misses: 0 };

function compiled(condition: string): ConditionCompilation {
  const found = cache.get(condition);
  if (found) {
    stats.hits++;
    cache.delete(condition);
    cache.set(condition, found);
    return found;
  }
  stats.misses++;
  const result = compileCondition(condition);
  cache.set(condition, result);
  if (cache.size > CACHE_CAPACITY) cache.delete(cache.keys().next().value!);
  return result;
}

/** Cache counters, for diagnostics and tests. */
export function conditionCacheStats(): { size: number; hits: number; misses: number } {
  return { size: cache.size, ...stats };
}

/** Empties the compiled-condition cache (tests; or after changing the context schema at run time). */
export function clearConditionCache(): void {
  cache.clear();
  stats.hits = 0;
  stats.misses = 0;
}

// One sandbox for all evaluations: the condition runs in our realm, the sandbox only hosts the timed call.
const sandbox = createContext({ run: undefined as undefined | (() => unknown) });
const timedCall = new Script('run()', { filename: 'policy-condition.vm' });

class ConditionTimeout extends Error {}

/** Runs `fn` and terminates it after `timeMs` (Node's vm watchdog interrupts synchronous code). */
function runWithTimeout(fn: () => unknown, timeMs: number): unknown {
  sandbox.run = fn;
  try {
    return timedCall.runInContext(sandbox, { timeout: timeMs });
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new ConditionTimeout();
    throw error;
  } finally {
    sandbox.run = undefined;
  }
}

/**
 * Evaluates `rules` against `context` within `limits` (see the module comment for the guarantees).
 *
 * @example
 * ```ts
 * const { findings, errors } = evaluateRules(BASELINE_POLICY_RULES, buildPolicyContext(request, model, who));
 * const blocked = findings.filter((f) => f.effect === PolicyEffect.BLOCK || f.effect === RULE_ERROR_EFFECT);
 * ```
 * @throws PolicyLimitError when there are more than `limits.maxRules` rules.
 */
export function evaluateRules(
  rules: readonly PolicyRuleDefinition[],
  context: PolicyContext,
  limits: Partial<EvaluationLimits> = {},
): PolicyEvaluation {
  const bounds: EvaluationLimits = { ...DEFAULT_EVALUATION_LIMITS, ...limits };
  bounds.timeMs = Math.max(MIN_RULE_TIME_MS, Math.ceil(bounds.timeMs));
  if (rules.length > bounds.maxRules) {
    throw new PolicyLimitError(`${rules.length} rules exceed the limit of ${bounds.maxRules} per evaluation`);
  }
  const clip = (s: string) => (s.length > bounds.maxResultSize ? `${s.slice(0, bounds.maxResultSize - 1)}…` : s);
  const result: PolicyEvaluation = { findings: [], errors: [] };
  const fail = (rule: PolicyRuleDefinition, message: string) => {
    const text = clip(message);
    result.errors.push({ ruleId: rule.id, title: rule.title, message: text });
    result.findings.push({ ruleId: rule.id, title: rule.title, effect: RULE_ERROR_EFFECT, message: text });
  };

  const started = performance.now();
  for (const rule of rules) {
    if (performance.now() - started >= bounds.totalTimeMs) {
      fail(
        rule,
        `Not evaluated: the evaluation's time budget of ${bounds.totalTimeMs} ms was used up before this rule`,
      );
      continue;
    }
    const outcome = evaluateOne(rule, context, bounds.timeMs);
    if (outcome.failure !== undefined) fail(rule, outcome.failure);
    else if (outcome.value) result.findings.push(findingOf(rule, clip));
  }
  return result;
}

function evaluateOne(
  rule: PolicyRuleDefinition,
  context: PolicyContext,
  timeMs: number,
  attempt: { strikes: number; runs: number } = { strikes: 0, runs: 0 },
): { value?: boolean; failure?: string } {
  const fieldProblems = validateEffectFields(rule);
  if (fieldProblems.length > 0) return { failure: `The rule is invalid: ${describeProblems(fieldProblems)}` };
  const compilation = compiled(rule.condition);
  if (!compilation.compiled) return { failure: `The condition is invalid: ${describeProblems(compilation.problems)}` };

  let value: unknown;
  const cpuBefore = process.cpuUsage();
  try {
    value = runWithTimeout(() => compilation.compiled.evaluate(context), timeMs);
  } catch (error) {
    if (error instanceof ConditionTimeout) {
      // A terminated run may leave per-AST evaluation state half-updated: compile afresh next time.
      cache.delete(rule.condition);
      // The watchdog measures wall-clock time, so a process starved of CPU (or paused by the collector) can
      // stop a trivial condition. A stopped run counts against the condition only when the process really
      // computed for at least half the limit meanwhile; a condition that really runs too long does so twice.
      // Starved runs are retried afresh, at most MAX_RULE_RUNS runs in all (then it fails closed).
      const cpu = process.cpuUsage(cpuBefore);
      const strikes = attempt.strikes + ((cpu.user + cpu.system) / 1000 >= timeMs / 2 ? 1 : 0);
      const runs = attempt.runs + 1;
      if (strikes < 2 && runs < MAX_RULE_RUNS) return evaluateOne(rule, context, timeMs, { strikes, runs });
      return {
        failure:
          strikes >= 2
            ? `Evaluation stopped: the condition ran longer than the limit of ${timeMs} ms, twice`
            : `Evaluation stopped: the condition did not finish within ${timeMs} ms in ${runs} runs (the service was short of CPU)`,
      };
    }
    if (error instanceof EvaluationError) {
      const at = error.range ? positionAt(rule.condition, error.range.start) : undefined;
      const where = at ? ` at line ${at.line}, column ${at.column}` : '';
      return { failure: `Run-time error${where}: ${error.summary}` };
    }
    return { failure: `Run-time error: ${error instanceof Error ? error.message : String(error)}` };
  }
  // Unreachable for conditions that type-check as bool (compileCondition refuses dyn); kept so that a
  // library change or a context of the wrong shape can never turn a non-bool into "did not fire".
  if (typeof value !== 'boolean') {
    return { failure: `The condition returned ${describeValue(value)} instead of true or false` };
  }
  return { value };
}

function findingOf(rule: PolicyRuleDefinition, clip: (s: string) => string): PolicyFinding {
  const text = rule.text?.trim() || undefined;
  const finding: PolicyFinding = { ruleId: rule.id, title: rule.title, effect: rule.effect, message: '' };
  if (rule.effect === PolicyEffect.REQUIRE_EXPERTISE && rule.expertise) finding.expertise = rule.expertise;
  if (rule.effect === PolicyEffect.MIN_TIER && rule.tier) finding.tier = rule.tier;
  if (text) finding.text = clip(text);
  finding.message = clip(text ?? defaultMessage(rule));
  return finding;
}

/** The message of an effect whose text is optional. */
function defaultMessage(rule: PolicyRuleDefinition): string {
  switch (rule.effect) {
    case PolicyEffect.REQUIRE_EXPERTISE:
      return `${rule.title}: approval needs an approver with ${rule.expertise} expertise`;
    case PolicyEffect.MIN_TIER:
      return `${rule.title}: the risk tier is at least ${rule.tier}`;
    default:
      return rule.title;
  }
}

function describeProblems(problems: RuleProblem[]): string {
  return problems
    .map((p) => (p.position ? `${p.message} (line ${p.position.line}, column ${p.position.column})` : p.message))
    .join('; ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return `the int ${value}`;
  if (typeof value === 'string') return 'a string';
  if (Array.isArray(value)) return 'a list';
  return `a value of type ${typeof value}`;
}

/**
 * Checks a policy rule when it is saved ("parsed and checked when saved ... reporting the position
 * of the error"), so that a rule which could never work, or could run away, is never published.
 *
 * A condition is accepted only when it:
 * 1. is at most {@link RULE_LIMITS.maxConditionLength} characters;
 * 2. parses within the parser limits of `POLICY_PARSE_LIMITS` (AST size, nesting depth, literal sizes);
 * 3. type-checks against the declared context (unknown variables and fields are refused, naming them);
 * 4. has type `bool` (not `dyn`: a condition that is only sometimes bool fails at run time);
 * 5. uses no regular expression (`matches`): JavaScript regexes backtrack, so `"aaa…!".matches("(a+)+$")`
 *    takes exponential time, and their dialect is not CEL's RE2;
 * 6. stays within the static cost estimate of `condition-cost.ts`.
 */
import { ParseError, TypeError as CelTypeError, serialize, type ASTNode, type Environment } from '@marcbachmann/cel-js';
import { Expertise } from '@app/core';
import { RiskTier } from '@app/risk/engine';
import { estimateConditionCost } from './condition-cost';
import { POLICY_CONTEXT_SCHEMA, policyEnvironment, type PolicyContext } from './policy-context';
import { EFFECT_FIELD_RULES, type EffectField, isPolicyEffect, type PolicyRuleDefinition } from './policy-rule';

/** Where in the condition a problem is: line and column from 1, offset (UTF-16 code units) from 0. */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}

/** One reason a rule cannot be saved. `effect` is reported for an effect outside {@link PolicyEffect}. */
export interface RuleProblem {
  field: 'condition' | 'effect' | 'expertise' | 'tier' | 'text' | 'title';
  message: string;
  position?: SourcePosition;
}

/** Size limits of a rule's text fields. */
export const RULE_LIMITS = {
  maxConditionLength: 2000,
  maxTitleLength: 200,
  maxTextLength: 2000,
} as const;

/** Functions a condition may not call, and why (shown to the author). */
const FORBIDDEN_FUNCTIONS: Readonly<Record<string, string>> = {
  matches:
    'regular expressions are not allowed in policy conditions (they can take exponential time); use contains, startsWith or endsWith',
};

/** A condition that passed every check, ready to evaluate. */
export interface CompiledCondition {
  readonly source: string;
  /** Evaluates the condition; throws the library's EvaluationError on run-time failure. */
  readonly evaluate: (context: PolicyContext) => unknown;
  /** The static cost estimate (steps), for diagnostics. */
  readonly estimatedCost: number;
}

/** The outcome of compiling a condition: either compiled, or the problems (never both). */
export type ConditionCompilation =
  { compiled: CompiledCondition; problems: [] } | { compiled?: undefined; problems: RuleProblem[] };

/** Line and column (from 1) of an offset in a source text. */
export function positionAt(source: string, offset: number): SourcePosition {
  const clamped = Math.max(0, Math.min(offset, source.length));
  const before = source.slice(0, clamped);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: clamped - lineStart + 1, offset: clamped };
}

/**
 * Parses, type-checks and cost-checks a condition. Problems carry the position reported by the library
 * (its error `range.start`) or, for the cost estimate, of the node responsible.
 */
export function compileCondition(condition: string, env: Environment = policyEnvironment()): ConditionCompilation {
  const problem = (message: string, offset?: number): ConditionCompilation => ({
    problems: [
      { field: 'condition', message, ...(offset === undefined ? {} : { position: positionAt(condition, offset) }) },
    ],
  });
  if (typeof condition !== 'string' || condition.trim() === '') return problem('The condition must not be empty');
  if (condition.length > RULE_LIMITS.maxConditionLength) {
    return problem(
      `The condition is ${condition.length} characters long; at most ${RULE_LIMITS.maxConditionLength} are allowed`,
      RULE_LIMITS.maxConditionLength,
    );
  }

  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env.parse(condition);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const prefix = error.code === 'limit_exceeded' ? 'The condition is too complex' : 'Syntax error';
    return problem(`${prefix}: ${error.summary}`, error.range?.start);
  }

  const checked = parsed.check();
  if (!checked.valid) {
    const error = checked.error!;
    return problem(describeTypeError(error), error.range?.start);
  }
  if (checked.type !== 'bool') {
    return problem(`The condition must be a bool (true or false) expression, but its type is ${checked.type}`, 0);
  }

  const forbidden = findForbiddenCall(parsed.ast);
  if (forbidden) return problem(`${forbidden.name}: ${FORBIDDEN_FUNCTIONS[forbidden.name]}`, forbidden.start);

  const estimate = estimateConditionCost(parsed.ast);
  if (estimate.problems.length > 0) {
    return {
      problems: estimate.problems.map((p) => ({
        field: 'condition' as const,
        message: `The condition could be too expensive to evaluate: ${p.message}`,
        position: positionAt(condition, p.offset),
      })),
    };
  }
  return {
    compiled: { source: condition, evaluate: (context) => parsed(context), estimatedCost: estimate.cost },
    problems: [],
  };
}

/** Turns the library's type errors into messages that name the offending field or variable. */
function describeTypeError(error: ParseError | CelTypeError): string {
  const node = error.node as ASTNode | undefined;
  if (error.code === 'no_such_key' && node && node.op === '.') {
    const [receiver, field] = node.args;
    const root = receiver.op === 'id' ? (POLICY_CONTEXT_SCHEMA as Record<string, object>)[receiver.args] : undefined;
    const known = root ? `; ${receiver.args} has ${Object.keys(root).join(', ')}` : '';
    return `Unknown field "${field}" in ${serialize(node)}${known}`;
  }
  if (error.code === 'unknown_variable' && node && node.op === 'id') {
    return `Unknown variable "${node.args}": a condition can use ${Object.keys(POLICY_CONTEXT_SCHEMA).join(', ')}`;
  }
  return `Type error: ${error.summary}`;
}

/** The first call of a forbidden function, depth first. */
function findForbiddenCall(ast: ASTNode): { name: string; start: number } | undefined {
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as { op?: unknown; args?: unknown; start?: number } | null;
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (typeof node.op !== 'string') continue;
    if ((node.op === 'call' || node.op === 'rcall') && Array.isArray(node.args)) {
      const name = node.args[0] as string;
      if (Object.prototype.hasOwnProperty.call(FORBIDDEN_FUNCTIONS, name)) return { name, start: node.start ?? 0 };
    }
    stack.push(node.args);
  }
  return undefined;
}

const EXPERTISE_VALUES = new Set<string>(Object.values(Expertise));
const TIER_VALUES = new Set<string>(Object.values(RiskTier));

/**
 * All the reasons a rule cannot be saved; empty when it can.
 *
 * @example
 * ```ts
 * validateRule({ ...rule, condition: 'model.colour == "red"' });
 * // [{ field: 'condition', message: 'Unknown field "colour" in model.colour; model has name, ...',
 * //    position: { line: 1, column: 7, offset: 6 } }]
 * ```
 */
export function validateRule(def: PolicyRuleDefinition): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const title = typeof def.title === 'string' ? def.title.trim() : '';
  if (title === '') problems.push({ field: 'title', message: 'The title must not be empty' });
  else if (title.length > RULE_LIMITS.maxTitleLength) {
    problems.push({ field: 'title', message: `The title is longer than ${RULE_LIMITS.maxTitleLength} characters` });
  }

  problems.push(...compileCondition(def.condition).problems);

  problems.push(...validateEffectFields(def));
  return problems;
}

/**
 * The effect-specific checks of {@link validateRule} alone (no condition), for callers that compile the
 * condition separately (the evaluator does, with a cache).
 */
export function validateEffectFields(def: PolicyRuleDefinition): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!isPolicyEffect(def.effect)) {
    problems.push({ field: 'effect', message: `Unknown effect "${String(def.effect)}"` });
    return problems;
  }
  const present = (f: EffectField) => def[f] !== undefined && def[f] !== null;
  const { required, forbidden } = EFFECT_FIELD_RULES[def.effect];
  for (const f of required) {
    if (!present(f)) problems.push({ field: f, message: `${def.effect} needs ${f === 'expertise' ? 'an' : 'a'} ${f}` });
  }
  for (const f of forbidden) {
    if (present(f)) problems.push({ field: f, message: `${def.effect} does not use ${f}; remove it` });
  }
  if (present('expertise') && !EXPERTISE_VALUES.has(def.expertise as string)) {
    problems.push({ field: 'expertise', message: `Unknown expertise "${String(def.expertise)}"` });
  }
  if (present('tier') && !TIER_VALUES.has(def.tier as string)) {
    problems.push({ field: 'tier', message: `Unknown tier "${String(def.tier)}"` });
  }
  if (present('text')) {
    const text = typeof def.text === 'string' ? def.text.trim() : '';
    if (text === '') problems.push({ field: 'text', message: 'The text must not be empty' });
    else if (text.length > RULE_LIMITS.maxTextLength) {
      problems.push({ field: 'text', message: `The text is longer than ${RULE_LIMITS.maxTextLength} characters` });
    }
  }
  return problems;
}

import { FieldError } from '@app/core';
import { PolicyRuleInput } from './policy.types';
import { PolicyRuleDefinition } from './rules/policy-rule';
import { validateRule } from './rules/rule-validation';

/** Rules as a version stores them, numbered `r1`, `r2`, ... in the order given. */
export function toDefinitions(rules: PolicyRuleInput[]): PolicyRuleDefinition[] {
  return rules.map((r, i) => ({
    id: `r${i + 1}`,
    title: r.title.trim(),
    description: r.description ?? '',
    condition: r.condition,
    effect: r.effect,
    expertise: r.expertise ?? null,
    tier: r.tier ?? null,
    text: r.text ?? null,
  }));
}

/**
 * Why rules cannot be saved or tested, as field errors under `pathOf(index)` (e.g. `rules[0].condition`).
 * A problem in the condition's text carries its line and column, in the message (as it always did) and as
 * numbers, so that an editor can mark the spot.
 */
export function ruleFieldErrors(
  definitions: readonly PolicyRuleDefinition[],
  pathOf: (index: number) => string,
): FieldError[] {
  return definitions.flatMap((d, i) =>
    validateRule(d).map((p) => ({
      field: `${pathOf(i)}.${p.field}`,
      message: p.position ? `${p.message} (line ${p.position.line}, column ${p.position.column})` : p.message,
      ...(p.position ? { line: p.position.line, column: p.position.column } : {}),
    })),
  );
}

/**
 * The shape of one policy rule (ARCHITECTURE.md section 5): a CEL condition over `{request, model,
 * requester}` and the effect it has when the condition is true.
 * Pure types: no NestJS, no database. GraphQL registration belongs to the policy library's GraphQL types.
 */
import type { Expertise } from '@app/core';
import type { RiskTier } from '@app/risk/engine';

/** What a rule does to a request when its condition holds. */
export enum PolicyEffect {
  /** Submission is refused; `text` says why and what would unblock it. */
  BLOCK = 'BLOCK',
  /** An approver with `expertise` must be among those who approve. */
  REQUIRE_EXPERTISE = 'REQUIRE_EXPERTISE',
  /** `text` is attached to the approval as a condition the adopter must meet. */
  REQUIRE_CONDITION = 'REQUIRE_CONDITION',
  /** The request's tier is raised to at least `tier` (ARCHITECTURE.md section 4). */
  MIN_TIER = 'MIN_TIER',
  /** `text` is shown to the requester; nothing is enforced. */
  ADVISE = 'ADVISE',
}

/**
 * A rule as a policy administrator writes it.
 *
 * Which optional fields an effect needs is data ({@link EFFECT_FIELD_RULES}), so validation, documentation
 * and the GraphQL input agree:
 * - REQUIRE_EXPERTISE needs `expertise`; MIN_TIER needs `tier`;
 * - BLOCK, REQUIRE_CONDITION and ADVISE need `text` (the message the requester or approver sees);
 * - REQUIRE_EXPERTISE and MIN_TIER may carry `text` as an explanation;
 * - `expertise` and `tier` are refused on effects that would ignore them, so an author never believes a
 *   field is enforced when it is not.
 *
 * @example
 * ```ts
 * const rule: PolicyRuleDefinition = {
 *   id: 'children-min-tier-high',
 *   title: 'Children data is at least HIGH risk',
 *   description: 'GDPR recital 38: children merit specific protection.',
 *   condition: 'request.dataSensitivity == "CHILDREN"',
 *   effect: PolicyEffect.MIN_TIER,
 *   tier: RiskTier.HIGH,
 * };
 * ```
 */
export interface PolicyRuleDefinition {
  /** Stable identifier, reported with every finding so decision records can cite the rule. */
  id: string;
  title: string;
  description: string;
  /** A CEL expression of type bool over the context of `policy-context.ts`. */
  condition: string;
  effect: PolicyEffect;
  expertise?: Expertise | null;
  tier?: RiskTier | null;
  text?: string | null;
}

/** The optional fields of a rule whose presence depends on the effect. */
export type EffectField = 'expertise' | 'tier' | 'text';

/** For one effect: fields that must be present, and fields that must be absent. */
export interface EffectFieldRule {
  required: readonly EffectField[];
  forbidden: readonly EffectField[];
}

/** The field rules of each effect (see {@link PolicyRuleDefinition}). */
export const EFFECT_FIELD_RULES: Readonly<Record<PolicyEffect, EffectFieldRule>> = {
  [PolicyEffect.BLOCK]: { required: ['text'], forbidden: ['expertise', 'tier'] },
  [PolicyEffect.REQUIRE_EXPERTISE]: { required: ['expertise'], forbidden: ['tier'] },
  [PolicyEffect.REQUIRE_CONDITION]: { required: ['text'], forbidden: ['expertise', 'tier'] },
  [PolicyEffect.MIN_TIER]: { required: ['tier'], forbidden: ['expertise'] },
  [PolicyEffect.ADVISE]: { required: ['text'], forbidden: ['expertise', 'tier'] },
};

/** True when `value` is one of the {@link PolicyEffect} values (input may come from outside TypeScript). */
export function isPolicyEffect(value: unknown): value is PolicyEffect {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EFFECT_FIELD_RULES, value);
}

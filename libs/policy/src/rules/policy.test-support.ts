import { closedModel as engineClosedModel, makeRequest, openModel as engineOpenModel } from '@app/risk/testing';
import type { ModelFacts, RequestFacts } from '@app/risk/engine';
import { buildPolicyContext, type PolicyContext, type PolicyRequester } from './policy-context';
import { PolicyEffect, type PolicyRuleDefinition } from './policy-rule';

/** The risk engine's fixtures: a small internal use, and an open and a closed model to judge it with. */
export { makeRequest };

/** An open-weights model under an OSI licence, self-hostable, tunable, English and French (8B parameters). */
export function openModel(overrides: Partial<ModelFacts> = {}): ModelFacts {
  return engineOpenModel({ name: 'Open 8B', parameterCount: 8e9, ...overrides });
}

/** A closed, API-only model with proprietary terms, a tuning API and undisclosed training data (no family). */
export function closedModel(overrides: Partial<ModelFacts> = {}): ModelFacts {
  return engineClosedModel({ family: null, ...overrides });
}

export const REQUESTER: PolicyRequester = { roles: ['REQUESTER'], expertise: [] };

/** A context from request overrides and a model (the open model by default). */
export function makeContext(request: Partial<RequestFacts> = {}, model: ModelFacts = openModel()): PolicyContext {
  return buildPolicyContext(makeRequest(request), model, REQUESTER);
}

/** An ADVISE rule with a condition, for tests of validation and evaluation. */
export function adviseRule(condition: string, id = 'r1'): PolicyRuleDefinition {
  return {
    id,
    title: `Rule ${id}`,
    description: 'test rule',
    condition,
    effect: PolicyEffect.ADVISE,
    text: `advice ${id}`,
  };
}

/** A list literal `[0, 1, ..., n - 1]` in CEL. */
export function celRange(n: number): string {
  return `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;
}

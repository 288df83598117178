import { Injectable } from '@nestjs/common';
import { RequestContext, ValidationError } from '@app/core';
import type { ModelFacts, RequestFacts } from '@app/risk';
import { ruleFieldErrors, toDefinitions } from './policy-rule-input';
import { PolicyService } from './policy.service';
import { PolicyRuleInput } from './policy.types';
import { buildPolicyContext, PolicyRequester } from './rules/policy-context';
import { evaluateRules, PolicyFinding, RULE_ERROR_EFFECT } from './rules/rule-evaluation';

/** What one rule, saved or not, says about one request. */
export interface RuleTestOutcome {
  /** The condition held, so the rule produces its finding. */
  matched: boolean;
  /**
   * What evaluatePolicies would report for this rule: its finding when it matched, an ERROR finding when it
   * could not be evaluated (which blocks, fail closed), null when its condition was false.
   */
  finding: PolicyFinding | null;
}

/** The id a rule under test carries in its finding (it belongs to no version yet). */
export const TESTED_RULE_ID = 'tested-rule';

export interface PolicyVerdict {
  findings: PolicyFinding[];
  policyVersions: Array<{ policyId: string; name: string; version: number }>;
}

/**
 * Evaluates the organisation's published policy versions against one request, model and requester.
 * A rule that fails at run time is reported (effect ERROR), never skipped.
 */
@Injectable()
export class PolicyEvaluationService {
  constructor(private readonly policies: PolicyService) {}

  /**
   * Evaluates one rule (not saved anywhere) over the same context as the published ones, with the same
   * checks as saving it: a rule that could not be saved answers the same ValidationError, under `rule.`,
   * with the line and column of a condition's problem. Writes nothing.
   */
  testRule(
    _ctx: RequestContext,
    rule: PolicyRuleInput,
    request: RequestFacts,
    model: ModelFacts & { osaidConformant?: boolean },
    requester: PolicyRequester,
  ): RuleTestOutcome | ValidationError {
    const definitions = toDefinitions([rule]).map((d) => ({ ...d, id: TESTED_RULE_ID }));
    const problems = ruleFieldErrors(definitions, () => 'rule');
    if (problems.length) return ValidationError.of(problems);
    const [finding] = evaluateRules(definitions, buildPolicyContext(request, model, requester)).findings;
    return { matched: finding !== undefined && finding.effect !== RULE_ERROR_EFFECT, finding: finding ?? null };
  }

  async evaluate(
    ctx: RequestContext,
    request: RequestFacts,
    model: ModelFacts & { osaidConformant?: boolean },
    requester: PolicyRequester,
  ): Promise<PolicyVerdict> {
    const versions = await this.policies.published(ctx);
    if (versions.length === 0) return { findings: [], policyVersions: [] };
    const names = new Map((await this.policies.list(ctx)).map((p) => [p.id, p.name]));
    const context = buildPolicyContext(request, model, requester);
    const findings: PolicyFinding[] = [];
    for (const version of versions) {
      const result = evaluateRules(
        version.rules.map((r) => ({ ...r, id: `${version.policyId}:v${version.number}:${r.id}` })),
        context,
      );
      findings.push(...result.findings);
    }
    return {
      findings,
      policyVersions: versions.map((v) => ({
        policyId: v.policyId,
        name: names.get(v.policyId) ?? '',
        version: v.number,
      })),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';
import type { ModelFacts, RequestFacts } from '@app/risk';
import { PolicyService } from './policy.service';
import { buildPolicyContext, PolicyRequester } from './rules/policy-context';
import { evaluateRules, PolicyFinding } from './rules/rule-evaluation';

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

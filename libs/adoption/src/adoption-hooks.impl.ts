import { Injectable } from '@nestjs/common';
import { AiModelEntity, AiModelQueryService } from '@app/catalog';
import { RequestContext, ValidationError } from '@app/core';
import { OrganisationService, UserService } from '@app/identity';
import { PolicyEvaluationService, PolicyFinding, PolicyRuleInput, RuleTestOutcome } from '@app/policy';
import { AssessmentItem, preAssess, RequestFacts, screenEuAiAct } from '@app/risk';
import { PolicyEvaluation, PolicyFindingView, PolicyHook, PreAssessmentHook } from './adoption-hooks';
import { modelFacts, requestFacts, withOrganisation } from './adoption-facts';
import type { AdoptionRequestEntity } from './adoption-request.entity';

/**
 * The automatic pre-assessment (libs/risk): each category's inherent likelihood and impact with the
 * reasons behind them, and the EU AI Act class of the use. The residual values start equal to the
 * inherent ones; the assessor lowers them with mitigations.
 */
@Injectable()
export class EnginePreAssessment extends PreAssessmentHook {
  constructor(
    private readonly models: AiModelQueryService,
    private readonly organisations: OrganisationService,
  ) {
    super();
  }

  async preAssess(ctx: RequestContext, request: AdoptionRequestEntity, model: AiModelEntity) {
    const facts = withOrganisation(requestFacts(request), await this.organisations.get(ctx, ctx.orgId));
    const siblings = await this.models.familySiblings(ctx, model);
    const result = preAssess(facts, modelFacts(model, siblings));
    const items: AssessmentItem[] = result.items.map((i) => ({
      category: i.category,
      likelihood: i.likelihood,
      impact: i.impact,
      rationale: i.reasons.length ? i.reasons.map((r) => r.text).join('; ') : 'No rule applied: baseline values.',
      mitigation: '',
      residualLikelihood: i.likelihood,
      residualImpact: i.impact,
      source: 'AUTO',
      justification: null,
      reasons: i.reasons.map((r) => ({ code: r.code, text: r.text })),
    }));
    const euAiActScreen = screenEuAiAct(facts, modelFacts(model, siblings));
    return { items, euAiActClass: euAiActScreen.euAiActClass, euAiActScreen };
  }
}

/**
 * The organisation's published policies (libs/policy), evaluated over the request, the model's openness
 * profile and the requester.
 */
@Injectable()
export class OrganisationPolicies extends PolicyHook {
  constructor(
    private readonly policies: PolicyEvaluationService,
    private readonly models: AiModelQueryService,
    private readonly users: UserService,
    private readonly organisations: OrganisationService,
  ) {
    super();
  }

  async evaluate(ctx: RequestContext, request: AdoptionRequestEntity, model: AiModelEntity): Promise<PolicyEvaluation> {
    return this.evaluateFor(ctx, request, model, requestFacts(request));
  }

  /** Evaluation with explicit request facts (compareOptions judges each model with its own deployment mode). */
  async evaluateFor(ctx: RequestContext, request: AdoptionRequestEntity, model: AiModelEntity, facts: RequestFacts) {
    const verdict = await this.policies.evaluate(ctx, ...(await this.contextOf(ctx, request, model, facts)));
    return {
      findings: verdict.findings.map(findingView),
      policyVersions: verdict.policyVersions,
    };
  }

  /** One unsaved rule over the same request, model and requester facts as the published policies. */
  async testRule(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    model: AiModelEntity,
    rule: PolicyRuleInput,
  ): Promise<{ matched: boolean; finding: PolicyFindingView | null } | ValidationError> {
    const outcome: RuleTestOutcome | ValidationError = this.policies.testRule(
      ctx,
      rule,
      ...(await this.contextOf(ctx, request, model, requestFacts(request))),
    );
    if (outcome instanceof ValidationError) return outcome;
    return { matched: outcome.matched, finding: outcome.finding ? findingView(outcome.finding) : null };
  }

  private async contextOf(
    ctx: RequestContext,
    request: AdoptionRequestEntity,
    model: AiModelEntity,
    facts: RequestFacts,
  ) {
    const requester = (await this.users.byIds(ctx, [request.requesterId])).get(request.requesterId);
    const siblings = await this.models.familySiblings(ctx, model);
    const organisation = await this.organisations.get(ctx, ctx.orgId);
    return [
      withOrganisation(facts, organisation),
      { ...modelFacts(model, siblings), osaidConformant: model.osaid.conformant },
      { roles: requester?.roles ?? [], expertise: requester?.expertise ?? [] },
    ] as const;
  }
}

function findingView(f: PolicyFinding): PolicyFindingView {
  return {
    ruleId: f.ruleId,
    title: f.title,
    effect: f.effect as PolicyFindingView['effect'],
    message: f.message,
    expertise: f.expertise ?? null,
    tier: f.tier ?? null,
    text: f.text ?? null,
  };
}

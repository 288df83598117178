import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AiModelEntity, AiModelQueryService, HostingOption } from '@app/catalog';
import { BadUserInputError, RequestContext, requireUuid } from '@app/core';
import { FeasibilityStatus, maxTier, preAssess, quorumFor, screenEuAiAct } from '@app/risk';
import { OrganisationService } from '@app/identity';
import { PolicyRuleInput } from '@app/policy';
import { feasibilityOf, modelFacts, requestFacts, withOrganisation } from './adoption-facts';
import { OptionComparisonType } from './adoption-options.types';
import { PolicyFindingView, requirementsOf } from './adoption-hooks';
import { OrganisationPolicies } from './adoption-hooks.impl';
import { AdoptionRequestQueryService } from './adoption-request-query.service';

export const MAX_OPTIONS = 10;

/** One option to judge: a model, and the deployment mode to judge it with (the request's when not named). */
export interface OptionRequest {
  modelId: string;
  deploymentMode?: HostingOption | null;
}

/**
 * What the policies and the risk engine say about a request before it is decided: its own findings, and
 * the same judgement for alternative models side by side (what choosing the open or the closed model
 * changes).
 */
@Injectable()
export class AdoptionOptionsService {
  constructor(
    private readonly requests: AdoptionRequestQueryService,
    private readonly models: AiModelQueryService,
    private readonly policies: OrganisationPolicies,
    private readonly access: AccessService,
    private readonly organisations: OrganisationService,
  ) {}

  async evaluatePolicies(ctx: RequestContext, requestId: string): Promise<PolicyFindingView[]> {
    const request = await this.requests.get(ctx, requestId);
    const model = await this.models.get(ctx, request.modelId);
    return (await this.policies.evaluate(ctx, request, model)).findings;
  }

  /** One unsaved rule judged against a request of the organisation (POLICY_ADMIN); writes nothing. */
  async testRule(ctx: RequestContext, requestId: string, rule: PolicyRuleInput) {
    const request = await this.requests.getForPolicyTest(ctx, requestId);
    const model = await this.models.get(ctx, request.modelId);
    return this.policies.testRule(ctx, request, model, rule);
  }

  /**
   * The request judged with each option, in the order given. An option is a model with the request's own
   * deployment mode, or with a mode the caller names for it (a reviewer comparing "this open model
   * self-hosted" with "that closed model through its API"); the mode is never chosen for the caller, and an
   * option judged with another mode than the request's says so. Feasibility comes first: an INFEASIBLE option,
   * or one without any deployment mode, is returned with its feasibility only, never scored as if it were
   * possible.
   */
  async compare(ctx: RequestContext, requestId: string, wanted: OptionRequest[]): Promise<OptionComparisonType[]> {
    const request = await this.requests.get(ctx, requestId);
    const seen = new Set<string>();
    const unique = wanted.filter((o) => {
      const key = `${o.modelId}/${o.deploymentMode ?? ''}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    if (unique.length === 0 || unique.length > MAX_OPTIONS) {
      throw new BadUserInputError(`modelIds and options must name 1 to ${MAX_OPTIONS} options together`, 'modelIds');
    }
    unique.forEach((o) => requireUuid('AiModel', o.modelId));
    const options: OptionComparisonType[] = [];
    for (const option of unique) {
      const model: AiModelEntity = await this.models.get(ctx, option.modelId);
      const deploymentMode = option.deploymentMode ?? request.deploymentMode;
      const asRequested = deploymentMode === request.deploymentMode;
      const feasibility = feasibilityOf(request, model, deploymentMode);
      // The use's EU AI Act class and the model's GPAI status hold whether or not the option is feasible.
      const euAiAct = screenEuAiAct(requestFacts(request), modelFacts(model));
      if (deploymentMode === null || feasibility.status === FeasibilityStatus.INFEASIBLE) {
        options.push({
          model,
          deploymentMode,
          deploymentModeAsRequested: asRequested,
          feasibility,
          euAiAct,
          scored: false,
          tier: null,
          quorum: null,
          requiredExpertise: [],
          requiredConditions: [],
          blocked: false,
          items: [],
          findings: [],
        });
        continue;
      }
      const facts = withOrganisation(
        requestFacts(request, deploymentMode),
        await this.organisations.get(ctx, ctx.orgId),
      );
      const siblings = await this.models.familySiblings(ctx, model);
      const assessment = preAssess(facts, modelFacts(model, siblings));
      const evaluation = await this.policies.evaluateFor(ctx, request, model, facts);
      const needs = requirementsOf(evaluation);
      const tier = maxTier(assessment.inherentTier, ...needs.minTiers);
      options.push({
        model,
        deploymentMode,
        deploymentModeAsRequested: asRequested,
        feasibility,
        euAiAct,
        scored: true,
        tier,
        quorum: quorumFor(tier),
        requiredExpertise: needs.requiredExpertise,
        requiredConditions: needs.requiredConditions,
        blocked: needs.blocking.length > 0,
        items: assessment.items.map((i) => ({
          category: i.category,
          likelihood: i.likelihood,
          impact: i.impact,
          score: i.score,
          band: i.band,
          nistCategory: i.nistCategory,
          reasons: i.reasons.map((r) => ({ code: r.code, text: r.text })),
        })),
        findings: evaluation.findings,
      });
    }
    return options;
  }
}

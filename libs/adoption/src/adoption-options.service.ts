import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AiModelEntity, AiModelQueryService } from '@app/catalog';
import { BadUserInputError, RequestContext, requireUuid } from '@app/core';
import { FeasibilityStatus, maxTier, preAssess, quorumFor } from '@app/risk';
import { OrganisationService } from '@app/identity';
import { feasibilityOf, modelFacts, requestFacts, withOrganisation } from './adoption-facts';
import { OptionComparisonType } from './adoption-options.types';
import { PolicyFindingView, requirementsOf } from './adoption-hooks';
import { OrganisationPolicies } from './adoption-hooks.impl';
import { AdoptionRequestQueryService } from './adoption-request-query.service';

export const MAX_OPTIONS = 10;

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

  /**
   * The request judged with each model, in the order given. Feasibility comes first and uses the request's own
   * deployment mode (never one the model happens to offer): an INFEASIBLE option, or any option while the draft
   * states no deployment mode, is returned with its feasibility only, never scored as if it were possible.
   */
  async compare(ctx: RequestContext, requestId: string, modelIds: string[]): Promise<OptionComparisonType[]> {
    const request = await this.requests.get(ctx, requestId);
    const ids = [...new Set(modelIds)];
    if (ids.length === 0 || ids.length > MAX_OPTIONS) {
      throw new BadUserInputError(`modelIds must name 1 to ${MAX_OPTIONS} models`, 'modelIds');
    }
    ids.forEach((id) => requireUuid('AiModel', id));
    const options: OptionComparisonType[] = [];
    for (const id of ids) {
      const model: AiModelEntity = await this.models.get(ctx, id);
      const deploymentMode = request.deploymentMode;
      const feasibility = feasibilityOf(request, model);
      if (deploymentMode === null || feasibility.status === FeasibilityStatus.INFEASIBLE) {
        options.push({
          model,
          deploymentMode,
          feasibility,
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
      const facts = withOrganisation(requestFacts(request), await this.organisations.get(ctx, ctx.orgId));
      const siblings = await this.models.familySiblings(ctx, model);
      const assessment = preAssess(facts, modelFacts(model, siblings));
      const evaluation = await this.policies.evaluateFor(ctx, request, model, facts);
      const needs = requirementsOf(evaluation);
      const tier = maxTier(assessment.inherentTier, ...needs.minTiers);
      options.push({
        model,
        deploymentMode,
        feasibility,
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

import { Injectable } from '@nestjs/common';
import { AiModelEntity, AiModelQueryService } from '@app/catalog';
import { RequestContext } from '@app/core';
import { AssessmentItem, classifyUse, preAssess } from '@app/risk';
import { PreAssessmentHook } from './adoption-hooks';
import { modelFacts, requestFacts } from './adoption-facts';
import type { AdoptionRequestEntity } from './adoption-request.entity';

/**
 * The automatic pre-assessment (libs/risk): each category's inherent likelihood and impact with the
 * reasons behind them, and the EU AI Act class of the use. The residual values start equal to the
 * inherent ones; the assessor lowers them with mitigations.
 */
@Injectable()
export class EnginePreAssessment extends PreAssessmentHook {
  constructor(private readonly models: AiModelQueryService) {
    super();
  }

  async preAssess(ctx: RequestContext, request: AdoptionRequestEntity, model: AiModelEntity) {
    const facts = requestFacts(request);
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
    return { items, euAiActClass: classifyUse(facts).euAiActClass };
  }
}

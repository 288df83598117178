/*
 * What submission checks on a request, as pure functions of the request and its model: the fields it must
 * have, a usable model, and the EU AI Act's prohibited practices. The pipeline gathers them as facts.
 */
import { AiModelEntity } from '@app/catalog';
import { classifyUse, EuAiActClass } from '@app/risk';
import { requestFacts } from './adoption-facts';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { BlockingFinding, FieldProblem } from './workflow';

/** Fields a request must have before it can be submitted. */
export const REQUIRED_FOR_SUBMISSION: Array<keyof AdoptionRequestEntity> = [
  'useCase',
  'sector',
  'deploymentMode',
  'dataSensitivity',
  'intendedAdaptation',
  'languages',
  'affectedPopulation',
  'expectedUsers',
  'justification',
  'connectivity',
  'dataResidency',
  'hardware',
  'publicFacing',
];

/** Required fields still empty, by their input names. */
export function missingFields(row: AdoptionRequestEntity): FieldProblem[] {
  return REQUIRED_FOR_SUBMISSION.filter((f) => {
    const v = row[f];
    return (
      v === null ||
      v === undefined ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === 'string' && v.trim() === '')
    );
  }).map((f) => ({ field: f, message: `${f} is required before submitting` }));
}

/** The model must exist in the caller's organisation and not be retired. */
export function modelProblems(model: AiModelEntity | null | undefined, modelId: string): FieldProblem[] {
  if (!model) return [{ field: 'input.modelId', message: `no model ${modelId} in your organisation's catalog` }];
  if (model.retired) return [{ field: 'input.modelId', message: `${model.name} is retired and cannot be requested` }];
  return [];
}

/** EU AI Act Article 5: a prohibited practice is never adopted, whatever the policies say. */
export function prohibitedPractice(request: AdoptionRequestEntity): BlockingFinding[] {
  const euAiAct = classifyUse(requestFacts(request));
  return euAiAct.euAiActClass === EuAiActClass.PROHIBITED
    ? [
        {
          ruleId: 'eu-ai-act-article-5',
          title: 'EU AI Act: prohibited practice',
          effect: 'BLOCK',
          message: euAiAct.reasons.join(' '),
        },
      ]
    : [];
}

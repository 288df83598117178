/**
 * EU AI Act (Regulation (EU) 2024/1689) pre-screen: the risk class of the intended use (Articles 5, 6, 50,
 * Annexes I and III) and the general-purpose AI model status of the candidate model (Articles 3(63), 51, 53).
 * A keyword screen over the request's own words: it names the provision and the words that triggered it so a
 * reviewer can confirm or overrule it; it is not legal advice.
 */
import { EU_AI_ACT_RULES, type Trigger, type UseFacts } from './eu-ai-act-rules';
import { type OrganisationRole, organisationRole } from './eu-ai-act-role';
import { type GpaiStatus, gpaiStatus } from './gpai-status';
import { EuAiActClass, type ModelFacts, type RequestFacts } from './risk-context';

// The rules, the GPAI model test and the organisation's role live in their own files for size; they are part
// of this module's API.
export { type AiActRule, EU_AI_ACT_RULES, type Matcher, type Trigger, type UseFacts } from './eu-ai-act-rules';
export { gpaiStatus, type GpaiStatus, SYSTEMIC_RISK_FLOPS } from './gpai-status';
export { AiActRole, type OrganisationRole, organisationRole, type SourcedWarning } from './eu-ai-act-role';

/** One provision the use falls under, with what triggered it. */
export interface MatchedProvision {
  euAiActClass: EuAiActClass;
  /** Article or annex point, e.g. `Annex III 3(b)` or `Art. 50(1)`. */
  reference: string;
  label: string;
  /** The words of the use case or affected population, or the facts (sector), that matched. */
  triggers: Trigger[];
}

/** Result of {@link classifyUse}. */
export interface EuAiActClassification {
  euAiActClass: EuAiActClass;
  /** Every matched provision, highest class first (a high-risk chatbot also carries Art. 50(1)). */
  provisions: MatchedProvision[];
  /** What the pre-screen cannot decide for this class; the reviewer confirms. */
  caveat: string;
  /** Each matched provision with the evidence, highest class first, then the caveat: for messages. */
  reasons: string[];
}

const CAVEATS: Readonly<Record<EuAiActClass, string>> = {
  [EuAiActClass.PROHIBITED]:
    'Keyword pre-screen: Article 5 has narrow exceptions (e.g. medical or safety reasons in 5(1)(f), authorised targeted searches in 5(1)(h)); legal review required before any further step.',
  [EuAiActClass.HIGH]:
    'Keyword pre-screen: under Art. 6(3) an Annex III system is not high-risk when it only performs a narrow procedural or preparatory task and does not materially influence decisions, unless it profiles people; the reviewer confirms and documents this.',
  [EuAiActClass.LIMITED]: 'Keyword pre-screen: the reviewer confirms the classification.',
  [EuAiActClass.MINIMAL]:
    'No Article 5 practice, Annex I or III area or Article 50 trigger found in the use case or affected population: minimal risk (voluntary codes of conduct, Art. 95); keyword pre-screen, the reviewer confirms.',
};

/**
 * Classifies the intended use: PROHIBITED (Art. 5), HIGH (Art. 6 with Annex I or III), LIMITED (Art. 50),
 * else MINIMAL. Every matching provision is listed (a high-risk chatbot also carries Art. 50 duties), highest
 * class first, each with the words that triggered it.
 *
 * @example classifyUse({ ...request, useCase: 'Screen CVs of job applicants' }).euAiActClass === EuAiActClass.HIGH
 */
export function classifyUse(request: RequestFacts): EuAiActClassification {
  const facts: UseFacts = {
    purpose: request.useCase.toLowerCase(),
    population: request.affectedPopulation.toLowerCase(),
    request,
  };
  const provisions: MatchedProvision[] = [];
  for (const rule of EU_AI_ACT_RULES) {
    const triggers = rule.when(facts);
    if (!triggers) continue;
    provisions.push({ euAiActClass: rule.euAiActClass, reference: rule.reference, label: rule.label, triggers });
  }
  const euAiActClass = provisions[0]?.euAiActClass ?? EuAiActClass.MINIMAL;
  const caveat = CAVEATS[euAiActClass];
  return { euAiActClass, provisions, caveat, reasons: [...provisions.map(provisionText), caveat] };
}

/** `Annex III 4(a): employment: ... ("screening cvs", sector EDUCATION)`. */
export function provisionText(p: MatchedProvision): string {
  const evidence = p.triggers.map((t) => (t.field === 'sector' ? `sector ${t.text}` : `"${t.text}"`));
  return `${p.reference}: ${p.label} (${evidence.join(', ')})`;
}

/** The whole pre-screen of a request with a candidate model: {@link screenEuAiAct}. */
export interface EuAiActScreen {
  euAiActClass: EuAiActClass;
  provisions: MatchedProvision[];
  caveat: string;
  /** The candidate model's general-purpose AI status (Art. 3(63), 51, 53(2), 54(6)). */
  gpai: GpaiStatus;
  /** DEPLOYER, or PROVIDER when it fine-tunes the model and makes the result available to others. */
  role: OrganisationRole;
}

/**
 * The EU AI Act pre-screen of adopting `model` for `request`: the class of the use with every provision matched
 * and what triggered it, the model's GPAI status, and the organisation's role. Pure and cheap: computed from
 * the current facts wherever it is shown.
 *
 * @example screenEuAiAct(request, model).provisions[0]?.reference // e.g. 'Annex III 3(b)'
 */
export function screenEuAiAct(request: RequestFacts, model: ModelFacts): EuAiActScreen {
  const { euAiActClass, provisions, caveat } = classifyUse(request);
  const gpai = gpaiStatus(model);
  return { euAiActClass, provisions, caveat, gpai, role: organisationRole(request, { euAiActClass }, gpai) };
}

/**
 * The baseline policy seeded into every organisation (ARCHITECTURE.md section 5: a baseline policy
 * reflecting the open/closed trade-offs is seeded). Each rule states one consequence of how open a model is,
 * or of where the data goes, and cites the source it rests on. A unit test checks that every rule passes
 * `validateRule`.
 *
 * Sources cited:
 * - NIST AI 600-1 (July 2024), Generative AI Profile: risks Data Privacy, Information Security,
 *   Intellectual Property, Harmful Bias, Value Chain and Component Integration.
 * - GDPR (Regulation (EU) 2016/679): Art. 9 special categories, Art. 28 processors, recital 38 children.
 * - Kapoor et al. 2024, "On the Societal Impact of Open Foundation Models" (marginal-risk framework): risk
 *   is judged at the margin; the provider cannot monitor the use of weights the organisation runs itself.
 * - Qi et al. 2023, "Fine-tuning Aligned Language Models Compromises Safety, Even When Users Do Not Intend
 *   To!": a few tuning examples, even benign ones, remove safety tuning (open weights and tuning APIs alike).
 * - ICRC and Brussels Privacy Hub, Handbook on Data Protection in Humanitarian Action, 2nd ed. (2020).
 * - EU AI Act (Regulation (EU) 2024/1689), Art. 10 data governance for high-risk uses.
 * - Contractor et al. 2022, "Behavioral Use Licensing for Responsible AI" (OpenRAIL use restrictions).
 * - The licence terms themselves (user thresholds, non-commercial clauses).
 */
import { Expertise } from '@app/core';
import { RiskTier } from '@app/risk/engine';
import { PolicyEffect, type PolicyRuleDefinition } from './policy-rule';

/**
 * Primary language subtag of a BCP 47 tag, in CEL (`sw-KE`, `SW_ke` -> `sw`), as the risk engine's
 * `primarySubtag` computes it, so "sw-KE" requested is covered by "sw" documented and vice versa.
 */
const primarySubtag = (v: string) => `${v}.trim().split("-")[0].split("_")[0].lowerAscii()`;

/** The baseline rules, in the order they are shown. */
export const BASELINE_POLICY_RULES: readonly PolicyRuleDefinition[] = [
  // GDPR Art. 9 and recital 38: special-category and children's data sent to a provider's API leave the
  // organisation's control; NIST AI 600-1 Data Privacy. The ICRC Handbook (2nd ed. 2020, chapter on cloud
  // services) treats the personal data of people affected by a crisis the same way. Someone who knows data
  // protection must approve.
  {
    id: 'baseline-vendor-api-sensitive-data',
    title: 'Sensitive, children or crisis-affected people’s data sent to a vendor API',
    description:
      "Special-category (GDPR Art. 9), children's (recital 38) or humanitarian beneficiaries' personal data (ICRC Handbook on Data Protection in Humanitarian Action, 2nd ed. 2020) leave the organisation when sent to the provider's API (NIST AI 600-1, Data Privacy).",
    condition:
      'request.deploymentMode == "VENDOR_API" && (request.dataSensitivity in ["SENSITIVE_PERSONAL", "CHILDREN"] || (request.sector == "HUMANITARIAN" && request.dataSensitivity == "PERSONAL"))',
    effect: PolicyEffect.REQUIRE_EXPERTISE,
    expertise: Expertise.DATA_PROTECTION,
    text: 'Sensitive personal, children or crisis-affected people’s data go to the provider: a data protection approver must approve.',
  },
  // GDPR Art. 28(3): processing by a processor is governed by a contract. Applies to any personal data sent
  // to a provider's API, not only the special categories.
  {
    id: 'baseline-vendor-api-processing-agreement',
    title: 'Processing agreement for personal data sent to a vendor API',
    description: 'A provider processing personal data on the organisation’s behalf is a processor (GDPR Art. 28).',
    condition:
      'request.deploymentMode == "VENDOR_API" && request.dataSensitivity in ["PERSONAL", "SENSITIVE_PERSONAL", "CHILDREN"]',
    effect: PolicyEffect.REQUIRE_CONDITION,
    text: 'A data processing agreement (GDPR Art. 28) with the provider is signed before use',
  },
  // The adopter's view of misuse (Kapoor et al. 2024, marginal risk; NIST AI 600-1, Information Security and
  // MG-3.2): weights the organisation runs itself, OPEN or GATED alike, have no provider moderation layer in
  // front of them, so a public service puts hardening and abuse monitoring on the organisation.
  {
    id: 'baseline-open-weights-public-facing',
    title: 'Self-hosted open or gated weights in a public-facing service',
    description:
      'Weights the organisation runs itself have no provider moderation layer (Kapoor et al. 2024); serving them to the public puts the security and abuse-monitoring duties on the organisation (NIST AI 600-1, Information Security).',
    condition:
      'model.weightsAccess in ["OPEN", "GATED"] && request.deploymentMode in ["SELF_HOSTED", "ON_DEVICE"] && request.publicFacing',
    effect: PolicyEffect.REQUIRE_EXPERTISE,
    expertise: Expertise.SECURITY,
    text: 'Self-hosted weights in a public-facing service: a security approver must review abuse monitoring, hardening, the guardrails and the marginal-risk analysis.',
  },
  // Same reason: output filtering and guardrails are the adopter's job when no provider runs them (NIST AI
  // 600-1, Dangerous, Violent, or Hateful Content; MG-3.2). Required where people outside the organisation
  // use the system or the data are sensitive; the approval carries it as a condition.
  {
    id: 'baseline-self-hosted-guardrails',
    title: 'Guardrails for self-hosted weights in a public-facing or sensitive use',
    description:
      'Self-hosted OPEN or GATED weights have no provider moderation layer (Kapoor et al. 2024); output filtering and guardrails are the organisation’s to build (NIST AI 600-1, Dangerous, Violent, or Hateful Content; MG-3.2).',
    condition:
      'model.weightsAccess in ["OPEN", "GATED"] && request.deploymentMode in ["SELF_HOSTED", "ON_DEVICE"] && (request.publicFacing || request.dataSensitivity in ["SENSITIVE_PERSONAL", "CHILDREN"])',
    effect: PolicyEffect.REQUIRE_CONDITION,
    text: 'Output filtering and guardrails run in front of the self-hosted model before use: harmful-content filtering of inputs and outputs, abuse monitoring, and a way for people to report harmful answers',
  },
  // Qi et al. 2023: fine-tuning, even on benign data, can remove safety tuning; they did it through a
  // provider's tuning API as well as on open weights. NIST AI 600-1 MS-2.6: evaluate safety after changes.
  {
    id: 'baseline-fine-tuning-safety-reevaluation',
    title: 'Safety re-evaluated after fine-tuning',
    description:
      'Fine-tuning, even on benign data, can remove a model’s safety tuning (Qi et al. 2023); the tuned model is a changed system whose safety must be evaluated again (NIST AI 600-1, MS-2.6).',
    condition:
      'request.intendedAdaptation == "FINE_TUNING" && (model.weightsAccess in ["OPEN", "GATED"] || (model.weightsAccess == "CLOSED" && "PROVIDER_API" in model.fineTuning))',
    effect: PolicyEffect.REQUIRE_CONDITION,
    text: 'The fine-tuned model’s safety is evaluated again before it is deployed and after every retraining (red-teaming for the harms of this use, compared with the untuned model)',
  },
  // Kapoor et al. 2024 note that many "open" licences restrict use; community licences are bespoke, with
  // acceptable-use policies and thresholds (NIST AI 600-1, Intellectual Property).
  {
    id: 'baseline-community-licence',
    title: 'Community licence',
    description:
      'Custom community licences carry bespoke restrictions (acceptable use, user thresholds, naming) that must be read against the use case (NIST AI 600-1, Intellectual Property).',
    condition: 'model.licenseKind == "COMMUNITY_CUSTOM"',
    effect: PolicyEffect.REQUIRE_EXPERTISE,
    expertise: Expertise.LEGAL,
    text: 'The model is under a custom community licence: a legal approver must check its terms against this use.',
  },
  // Contractor et al. 2022: OpenRAIL use restrictions bind the adopter and must be passed on downstream.
  {
    id: 'baseline-open-rail-pass-on',
    title: 'OpenRAIL use restrictions passed on',
    description:
      'OpenRAIL licences require their use restrictions to be passed on to downstream users (Contractor et al. 2022).',
    condition: 'model.licenseKind == "OPEN_RAIL"',
    effect: PolicyEffect.REQUIRE_CONDITION,
    text: "The licence's use restrictions are included in the terms shown to downstream users",
  },
  // A closed model can only be adapted through the provider's tuning API; without one, fine-tuning on local
  // data is impossible, while open weights can be tuned locally (Kapoor et al. 2024; the risk engine's
  // NO_TUNING_AVAILABLE).
  {
    id: 'baseline-closed-model-cannot-be-tuned',
    title: 'Fine-tuning needed but the closed model offers no tuning',
    description:
      'Closed weights without a provider tuning API cannot be adapted to local data; open weights can be (Kapoor et al. 2024).',
    condition:
      'request.intendedAdaptation == "FINE_TUNING" && model.weightsAccess == "CLOSED" && !("PROVIDER_API" in model.fineTuning)',
    effect: PolicyEffect.ADVISE,
    text: 'This model cannot be fine-tuned: consider an open-weights model that can be fine-tuned on local data.',
  },
  // Licence terms: community licences with a monthly-user threshold grant no rights above it unless the
  // producer grants a separate licence, so the use would be unlicensed (NIST AI 600-1, Intellectual Property).
  // The clause (e.g. Llama's 700M) counts the licensee's monthly active users across all its products: the
  // organisation's recorded figure, and at least this request's users.
  {
    id: 'baseline-user-threshold-exceeded',
    title: "Monthly active users above the licence's user threshold",
    description:
      "Above its monthly-user threshold, counted over all the licensee's products, the licence grants no rights until the producer grants a separate licence.",
    condition:
      'model.userThreshold > 0 && (request.expectedUsers > model.userThreshold || request.organisationMonthlyActiveUsers > model.userThreshold)',
    effect: PolicyEffect.BLOCK,
    text: "The organisation's monthly active users (its recorded figure, or this request's expected users) exceed the licence's threshold, which counts users across all its products: obtain a separate licence from the producer, or choose another model.",
  },
  // Licence terms: a non-commercial clause forbids uses that many organisations' activities may count as
  // commercial (fees, grants with deliverables); legal must judge it, and the approval records the limit.
  {
    id: 'baseline-non-commercial-legal',
    title: 'Non-commercial licence: legal review',
    description: 'Whether the use is commercial in the sense of the licence is a legal judgement.',
    condition: 'model.obligations.exists(o, o.kind == "NON_COMMERCIAL")',
    effect: PolicyEffect.REQUIRE_EXPERTISE,
    expertise: Expertise.LEGAL,
    text: 'The licence forbids commercial use: a legal approver must confirm this use is non-commercial.',
  },
  {
    id: 'baseline-non-commercial-condition',
    title: 'Non-commercial licence: condition of use',
    description: 'The approval carries the licence’s non-commercial limit so it is not forgotten later.',
    condition: 'model.obligations.exists(o, o.kind == "NON_COMMERCIAL")',
    effect: PolicyEffect.REQUIRE_CONDITION,
    text: 'The model is used for non-commercial purposes only, as its licence requires',
  },
  // GDPR recital 38: children merit specific protection; the risk engine raises impact for children's data
  // (CHILDREN_DATA_IMPACT).
  {
    id: 'baseline-children-min-tier',
    title: 'Children data: at least HIGH risk',
    description: "Children's personal data merit specific protection (GDPR recital 38).",
    condition: 'request.dataSensitivity == "CHILDREN"',
    effect: PolicyEffect.MIN_TIER,
    tier: RiskTier.HIGH,
    text: "Children's data: the request is at least HIGH risk.",
  },
  // NIST AI 600-1 Harmful Bias; EU AI Act Art. 10 (data governance for high-risk systems): without knowing
  // the training data, bias against the affected population cannot be assessed from the data, only from
  // testing, which health uses must then do deliberately. Decided: ETHICS expertise rather than advice.
  {
    id: 'baseline-health-undisclosed-training-data',
    title: 'Health use of a model with undisclosed training data',
    description:
      'Bias against the affected population cannot be assessed from undisclosed training data (NIST AI 600-1, Harmful Bias; EU AI Act Art. 10).',
    condition: 'request.sector == "HEALTH" && model.trainingDataOpenness in ["UNDISCLOSED", "UNKNOWN"]',
    effect: PolicyEffect.REQUIRE_EXPERTISE,
    expertise: Expertise.ETHICS,
    text: 'Health use with undisclosed training data: an ethics approver must review bias testing on the affected population.',
  },
  // Weights access unknown (the catalog's source does not say whether the weights are released): neither the
  // open-weights nor the closed-weights rules apply, so a technical approver confirms how the model is
  // obtained and run, and the catalog records it (NIST AI 600-1, Value Chain and Component Integration).
  {
    id: 'baseline-weights-access-unknown',
    title: 'Weights access unknown',
    description:
      'The catalog does not say whether the weights are released, so neither the open- nor the closed-weights safeguards can be assumed (NIST AI 600-1, Value Chain and Component Integration).',
    condition: 'model.weightsAccess == "UNKNOWN"',
    effect: PolicyEffect.REQUIRE_EXPERTISE,
    expertise: Expertise.TECHNICAL,
    text: 'Weights access is unknown: a technical approver must confirm how the model is obtained and run, and the release level is recorded in the catalog.',
  },
  // Licence terms unknown: there is no basis to tell whether any use is permitted. Decided: BLOCK rather
  // than LEGAL review, because the fix is a catalog fact (record the licence), not an approver's judgement.
  {
    id: 'baseline-unknown-licence',
    title: 'Unknown licence',
    description:
      'Without known licence terms, no one can say whether this use is permitted (NIST AI 600-1, Intellectual Property).',
    condition: 'model.licenseKind == "UNKNOWN"',
    effect: PolicyEffect.BLOCK,
    text: "The model's licence is unknown: record the licence in the catalog before submitting.",
  },
  // The risk engine raises LOCAL_FIT for languages the model lacks (LANGUAGE_NOT_SUPPORTED); NIST AI 600-1
  // Harmful Bias (performance disparities across languages). Compared by primary subtag, as the risk engine does; a model
  // documenting no languages is "undocumented", handled by the next rule.
  {
    id: 'baseline-languages-not-covered',
    title: 'Requested languages not covered by the model',
    description: 'Models perform worse in languages they were not trained for (NIST AI 600-1, Harmful Bias).',
    condition: `size(model.languages) > 0 && cel.bind(known, model.languages.map(m, ${primarySubtag('m')}), !request.languages.all(l, ${primarySubtag('l')} in known))`,
    effect: PolicyEffect.ADVISE,
    text: 'The model does not document every requested language: test it in those languages, or consider a model (or an open model fine-tuned on local data) that covers them.',
  },
  {
    id: 'baseline-languages-undocumented',
    title: 'Model languages undocumented',
    description:
      'The producer documents no languages, so coverage of the requested ones is unknown (NIST AI 600-1, Harmful Bias).',
    condition: 'size(model.languages) == 0 && size(request.languages) > 0',
    effect: PolicyEffect.ADVISE,
    text: 'The producer does not document the languages of this model: test it in the requested languages before relying on it.',
  },
  // NIST AI 600-1 Value Chain and Component Integration: an API-only model can be repriced, changed or
  // deprecated by one provider; open weights held locally do not disappear (Kapoor et al. 2024).
  {
    id: 'baseline-api-only-dependency',
    title: 'API-only model: provider dependency',
    description:
      'An API-only model depends on one provider’s pricing, changes and deprecation schedule (NIST AI 600-1, Value Chain and Component Integration).',
    condition: 'model.weightsAccess == "CLOSED" && model.hostingOptions.all(h, h == "VENDOR_API")',
    effect: PolicyEffect.ADVISE,
    text: 'This model is only available through its provider: keep prompts and evaluation data portable and plan for the model being deprecated or repriced.',
  },
];

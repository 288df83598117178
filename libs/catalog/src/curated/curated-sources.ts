import { type LicenseObligation, ObligationKind, type SourceLink } from '../openness/openness.types';

/** Source links and licence obligations shared by several curated models (see curated-models.ts). */

export const s = (field: string, url: string, note?: string): SourceLink =>
  note ? { field, url, note } : { field, url };
export const mot = (file: string): string => `https://github.com/lfai/model_openness_tool/blob/main/models/${file}`;

// ---------------------------------------------------------------------------------------------------------
// Licence texts and obligations shared by several models
// ---------------------------------------------------------------------------------------------------------

export const APACHE_URL = 'https://www.apache.org/licenses/LICENSE-2.0';
export const APACHE_TXT = 'https://www.apache.org/licenses/LICENSE-2.0.txt';
export const MIT_URL = 'https://opensource.org/licenses/MIT';

export const APACHE_NOTICE: LicenseObligation = {
  kind: ObligationKind.ATTRIBUTION,
  text: 'Redistributions must include a copy of the Apache License 2.0, keep copyright and NOTICE attributions and mark modified files.',
};
export const MIT_NOTICE: LicenseObligation = {
  kind: ObligationKind.ATTRIBUTION,
  text: 'The copyright notice and MIT permission notice must be included in all copies or substantial portions.',
};

export const OPENAI_TERMS = 'https://openai.com/policies/terms-of-use';
export const OPENAI_TERMS_QUOTE = 'https://ospo.co/blog/be-careful-with-openais-terms-of-use/';
export const OPENAI_OBLIGATIONS: LicenseObligation[] = [
  {
    kind: ObligationKind.NO_TRAINING_OTHER_MODELS,
    text: 'OpenAI terms: you may not use Output to develop models that compete with OpenAI.',
  },
  {
    kind: ObligationKind.ACCEPTABLE_USE_POLICY,
    text: "Use must comply with OpenAI's Usage Policies, which the terms incorporate.",
  },
];

export const ANTHROPIC_TERMS = 'https://www.anthropic.com/legal/commercial-terms';
export const ANTHROPIC_TERMS_ANALYSIS =
  'https://conductatlas.com/platform/anthropic/anthropic-commercial-terms/use-restrictions-and-competing-products/';
export const ANTHROPIC_OBLIGATIONS: LicenseObligation[] = [
  {
    kind: ObligationKind.NO_TRAINING_OTHER_MODELS,
    text: 'Anthropic Commercial Terms: customers may not use the Services to build a competing product or service, including training competing AI models.',
  },
];

export const GEMINI_TERMS = 'https://ai.google.dev/gemini-api/terms';
export const GEMINI_TERMS_ARCHIVE = 'https://ai.google.dev/gemini-api/terms-archive/terms_03_20_24';
export const GEMINI_OBLIGATIONS: LicenseObligation[] = [
  {
    kind: ObligationKind.NO_TRAINING_OTHER_MODELS,
    text: 'Gemini API Additional Terms: you may not use the Services to develop models that compete with the Gemini API or Google AI Studio.',
  },
  {
    kind: ObligationKind.ACCEPTABLE_USE_POLICY,
    text: "Use must comply with Google's Generative AI Prohibited Use Policy (https://policies.google.com/terms/generative-ai/use-policy).",
  },
];

// Meta Llama 3.x community licences ------------------------------------------------------------------------

export const LLAMA3_LICENSE = 'https://github.com/meta-llama/llama3/blob/main/LICENSE';
export const LLAMA3_CARD = 'https://github.com/meta-llama/llama3/blob/main/MODEL_CARD.md';
export const LLAMA31_LICENSE = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE';
export const LLAMA31_CARD = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md';
export const LLAMA32_LICENSE = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE';
export const LLAMA32_CARD = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/MODEL_CARD.md';
export const LLAMA32_VISION_CARD =
  'https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/MODEL_CARD_VISION.md';
export const LLAMA32_AUP = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/USE_POLICY.md';
export const LLAMA33_LICENSE = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/LICENSE';
export const LLAMA33_CARD = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/MODEL_CARD.md';

/** The eight languages the Llama 3.1, 3.2 and 3.3 model cards list as officially supported. */
export const LLAMA_LANGUAGES = ['en', 'de', 'fr', 'it', 'pt', 'hi', 'es', 'th'];

export const llamaThreshold = (version: string): LicenseObligation => ({
  kind: ObligationKind.USER_THRESHOLD,
  threshold: 700_000_000,
  text: `If the licensee's (or its affiliates') products had more than 700 million monthly active users on the ${version} release date, a licence must be requested from Meta.`,
});
export const llamaAup = (version: string, url: string): LicenseObligation => ({
  kind: ObligationKind.ACCEPTABLE_USE_POLICY,
  text: `Use must adhere to the ${version} Acceptable Use Policy (${url}).`,
});
export const llamaAttribution = (display: string, prefix: string): LicenseObligation => ({
  kind: ObligationKind.ATTRIBUTION,
  text: `Prominently display "${display}" and ship the licence and Notice file with redistributions; models trained or fine-tuned with Llama Materials must have names beginning with "${prefix}".`,
});

export const LLAMA3_OBLIGATIONS: LicenseObligation[] = [
  llamaThreshold('Meta Llama 3'),
  llamaAup('Meta Llama 3', 'https://llama.meta.com/llama3/use-policy'),
  llamaAttribution('Built with Meta Llama 3', 'Llama 3'),
  {
    kind: ObligationKind.NO_TRAINING_OTHER_MODELS,
    text: 'Section 1.b.v: the Llama Materials or their output must not be used to improve any other large language model (excluding Meta Llama 3 or derivative works).',
  },
];
export const LLAMA31_OBLIGATIONS: LicenseObligation[] = [
  llamaThreshold('Llama 3.1'),
  llamaAup('Llama 3.1', 'https://llama.meta.com/llama3_1/use-policy'),
  llamaAttribution('Built with Llama', 'Llama'),
];
export const LLAMA32_OBLIGATIONS: LicenseObligation[] = [
  llamaThreshold('Llama 3.2'),
  llamaAup('Llama 3.2', 'https://www.llama.com/llama3_2/use-policy'),
  llamaAttribution('Built with Llama', 'Llama'),
];
export const LLAMA33_OBLIGATIONS: LicenseObligation[] = [
  llamaThreshold('Llama 3.3'),
  llamaAup('Llama 3.3', 'https://www.llama.com/llama3_3/use-policy'),
  llamaAttribution('Built with Llama', 'Llama'),
];

// Google Gemma terms ---------------------------------------------------------------------------------------

export const GEMMA_TERMS = 'https://ai.google.dev/gemma/terms';
export const GEMMA_PUP = 'https://ai.google.dev/gemma/prohibited_use_policy';
export const GEMMA_DISTRIBUTION_DISCUSSION = 'https://hf.cn.page/google/gemma-7b/discussions/122';
export const GEMMA_OBLIGATIONS: LicenseObligation[] = [
  {
    kind: ObligationKind.ACCEPTABLE_USE_POLICY,
    text: `Gemma and Model Derivatives must not be used for the uses restricted by the Gemma Prohibited Use Policy (${GEMMA_PUP}).`,
  },
  {
    kind: ObligationKind.OTHER,
    text: 'Distribution (Terms section 3.1): pass the use restrictions on, provide a copy of the Gemma Terms of Use, mark modified files and include the notice that Gemma is provided under and subject to the Gemma Terms of Use.',
  },
];
export const GEMMA2_RELEASE = 'https://blog.google/technology/developers/google-gemma-2/';

// ---------------------------------------------------------------------------------------------------------
// The curated models
// ---------------------------------------------------------------------------------------------------------

import { duty, type KnownLicence, threshold } from './licence-duties';
import { LLAMA_LICENCES, LLAMA_MONTHLY_ACTIVE_USERS } from './licence-table-llama';
import { LicenseKind, type LicenseObligation, ObligationKind } from './openness.types';

export type { KnownLicence } from './licence-duties';
export { LLAMA_MONTHLY_ACTIVE_USERS } from './licence-table-llama';

/** RAIL licences: behavioural use restrictions that must be passed on (Contractor et al. 2022). */
const railObligations = (restrictions: string): LicenseObligation[] => [
  duty(
    ObligationKind.ACCEPTABLE_USE_POLICY,
    `The use restrictions of ${restrictions} apply to every use of the model.`,
  ),
  duty(
    ObligationKind.OTHER,
    'The use restrictions must be included, as an enforceable provision, in any agreement under which the model or a derivative is distributed or made available, and a copy of the licence given to recipients.',
  ),
];

/**
 * Kinds of the Creative Commons NonCommercial family (and other standard licences that are not on the OSI
 * list): STANDARD_NON_OSI, because they are published and maintained by a standards body (not written by the
 * model's producer, which is what COMMUNITY_CUSTOM means); what they restrict is said by their obligations.
 */
const ccNonCommercial = (variant: '' | 'SA' | 'ND', version: string): KnownLicence => {
  const id = `CC-BY-NC${variant ? `-${variant}` : ''}-${version}`;
  const slug = `by-nc${variant ? `-${variant.toLowerCase()}` : ''}`;
  const obligations: LicenseObligation[] = [
    duty(
      ObligationKind.NON_COMMERCIAL,
      `${id}: the licensed rights may be exercised for non-commercial purposes only (not primarily intended for or directed towards commercial advantage or monetary compensation).`,
    ),
    duty(ObligationKind.ATTRIBUTION, `${id}: credit the creator, link the licence and indicate changes when sharing.`),
  ];
  if (variant === 'SA') {
    obligations.push(
      duty(
        ObligationKind.SHARE_ALIKE,
        `${id}: adapted material must be shared under the same or a compatible licence.`,
      ),
    );
  }
  if (variant === 'ND') {
    obligations.push(
      duty(ObligationKind.OTHER, `${id}: adapted material (e.g. fine-tuned weights) must not be shared.`),
    );
  }
  const spaced = `${variant ? `-${variant}` : ''}`.replace('-', '[- ]?');
  return {
    key: id.toLowerCase(),
    name: id,
    pattern: new RegExp(`^(?:cc|creative commons)[- ]?by[- ]?nc${spaced}[- ]?${version.replace('.', '\\.')}$`, 'i'),
    kind: LicenseKind.STANDARD_NON_OSI,
    obligations,
    gated: false,
    url: `https://creativecommons.org/licenses/${slug}/${version}/legalcode`,
  };
};

/**
 * Known model licences, matched by name in this order (the more specific first: Llama 3.1 before Llama 3).
 * Names are matched as the Model Openness Tool's records write them (`Meta Llama 3 Community License
 * Agreement`, `Llama 3 Community License`, `gemma`, `bigscience-bloom-rail-1.0` ...) and as model cards do.
 * Obligations are the ones the licence text states; a licence whose terms could not be checked has none
 * listed rather than guessed (its kind still calls for legal review).
 */
export const KNOWN_LICENCES: readonly KnownLicence[] = Object.freeze([
  ...LLAMA_LICENCES,
  {
    key: 'gemma',
    name: 'Gemma Terms of Use',
    pattern: /^gemma(?:\s+terms(?:\s+of\s+use)?|\s+licen[cs]e)?$/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.ACCEPTABLE_USE_POLICY,
        'Gemma and Model Derivatives must not be used for the uses restricted by the Gemma Prohibited Use Policy (https://ai.google.dev/gemma/prohibited_use_policy).',
      ),
      duty(
        ObligationKind.OTHER,
        'Distribution (section 3.1): pass the use restrictions on, provide a copy of the Gemma Terms of Use, mark modified files and include the notice that Gemma is provided under and subject to the Gemma Terms of Use.',
      ),
    ],
    gated: true,
    url: 'https://ai.google.dev/gemma/terms',
  },
  {
    key: 'qwen-research',
    name: 'Qwen Research License Agreement',
    pattern: /^(?:qwen|tongyi[\s-]?qianwen)[\s-]+research\b/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.NON_COMMERCIAL,
        'Research and non-commercial use only; commercial use requires a licence from Alibaba Cloud.',
      ),
      duty(
        ObligationKind.ATTRIBUTION,
        'Redistributions carry the agreement and state "Qwen is licensed under the Qwen RESEARCH LICENSE AGREEMENT".',
      ),
    ],
    gated: false,
    url: 'https://huggingface.co/Qwen/Qwen2.5-3B/blob/main/LICENSE',
  },
  {
    key: 'qwen',
    name: 'Qwen License Agreement (Tongyi Qianwen License Agreement)',
    pattern: /^(?:qwen|tongyi[\s-]?qianwen)(?:[\s-]+licen[cs]e(?:[\s-]+agreement)?)?$/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      threshold(
        100_000_000,
        'Section 4: a commercial use whose product or service has more than 100 million monthly active users must request a licence from Alibaba Cloud.',
      ),
      duty(
        ObligationKind.NO_TRAINING_OTHER_MODELS,
        'The Materials or their output must not be used to improve any other large language model (excluding Qwen or derivative works).',
      ),
      duty(ObligationKind.ATTRIBUTION, 'Redistributions carry the agreement and its notice.'),
    ],
    gated: false,
    url: 'https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT',
  },
  {
    key: 'bigscience-bloom-rail-1.0',
    name: 'BigScience BLOOM RAIL License v1.0',
    pattern: /^bigscience[\s-](?:bloom[\s-])?rail(?:[\s-]licen[cs]e)?[\s-]v?1\.0$/i,
    kind: LicenseKind.OPEN_RAIL,
    obligations: railObligations('Attachment A of the BigScience BLOOM RAIL License'),
    gated: false,
    url: 'https://huggingface.co/spaces/bigscience/license',
  },
  {
    key: 'bigscience-openrail-m',
    name: 'BigScience OpenRAIL-M License',
    pattern: /^bigscience[\s-]openrail[\s-]m$/i,
    kind: LicenseKind.OPEN_RAIL,
    obligations: railObligations('Attachment A of the BigScience OpenRAIL-M License'),
    gated: false,
    url: 'https://www.licenses.ai/blog/2022/8/26/bigscience-open-rail-m-license',
  },
  {
    key: 'creativeml-openrail-m',
    name: 'CreativeML OpenRAIL-M',
    pattern: /^creativeml[\s-]open[\s-]?rail(?:\+\+)?[\s-]m$/i,
    kind: LicenseKind.OPEN_RAIL,
    obligations: railObligations('Attachment A of the CreativeML OpenRAIL-M licence'),
    gated: false,
    url: 'https://huggingface.co/spaces/CompVis/stable-diffusion-license',
  },
  {
    key: 'bigcode-openrail-m',
    name: 'BigCode OpenRAIL-M v1 License Agreement',
    pattern: /^bigcode[\s-]open[\s-]?rail[\s-]m\b/i,
    kind: LicenseKind.OPEN_RAIL,
    obligations: railObligations('Attachment A of the BigCode OpenRAIL-M licence'),
    gated: false,
    url: 'https://www.bigcode-project.org/docs/pages/bigcode-openrail/',
  },
  {
    key: 'openrail',
    name: 'OpenRAIL (Open Responsible AI Licence)',
    pattern: /^open[\s-]?rail(?:[\s-]?(?:m|s|d|a|\+\+))?(?:[\s-]licen[cs]e)?$/i,
    kind: LicenseKind.OPEN_RAIL,
    obligations: railObligations('the OpenRAIL licence (its use-based restrictions)'),
    gated: false,
    url: 'https://www.licenses.ai/blog/2022/8/18/naming-convention-of-responsible-ai-licenses',
  },
  ccNonCommercial('', '4.0'),
  ccNonCommercial('SA', '4.0'),
  ccNonCommercial('ND', '4.0'),
  ccNonCommercial('', '3.0'),
  ccNonCommercial('SA', '3.0'),
  ccNonCommercial('ND', '3.0'),
  ccNonCommercial('', '2.0'),
  ccNonCommercial('SA', '2.0'),
  {
    key: 'deepseek',
    name: 'DeepSeek License Agreement',
    pattern: /^deepseek(?:[\s-]model)?[\s-]licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.ACCEPTABLE_USE_POLICY,
        'Section 4 and Attachment A: the model and its derivatives must not be used for the restricted uses (e.g. military use, harming minors, fully automated decisions with adverse legal effects).',
      ),
      duty(
        ObligationKind.OTHER,
        'The use restrictions must be included in any agreement under which the model or a derivative is distributed, and a copy of the licence given to recipients.',
      ),
    ],
    gated: false,
    url: 'https://github.com/deepseek-ai/DeepSeek-LLM/blob/main/LICENSE-MODEL',
  },
  {
    key: 'falcon-180b-tii',
    name: 'Falcon-180B TII License Version 1.0',
    pattern: /^falcon[\s-]?180b[\s-]tii[\s-]licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.ACCEPTABLE_USE_POLICY,
        'Use must comply with the Falcon 180B Acceptable Use Policy (https://falconllm.tii.ae/acceptable-use-policy.html).',
      ),
      duty(
        ObligationKind.OTHER,
        'Hosting Use (offering the model or a derivative as a shared service or API to third parties) is not licensed without a separate agreement with TII.',
      ),
      duty(ObligationKind.ATTRIBUTION, 'Redistributions carry the licence and the attribution notice.'),
    ],
    gated: true,
    url: 'https://huggingface.co/spaces/tiiuae/falcon-180b-license/blob/main/LICENSE.txt',
  },
  {
    key: 'tii-falcon-2.0',
    name: 'TII Falcon License 2.0',
    pattern: /^(?:tii[\s-])?falcon(?:[\s-]llm)?[\s-]licen[cs]e[\s-](?:version[\s-])?2\.0$/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.ACCEPTABLE_USE_POLICY,
        'Use must comply with the acceptable use policy published by TII (https://falconllm-staging.tii.ae/falcon-2-acceptable-use-policy.html).',
      ),
      duty(
        ObligationKind.ATTRIBUTION,
        'Redistributions carry the licence and state that the work is built using Falcon.',
      ),
    ],
    gated: false,
    url: 'https://falconllm-staging.tii.ae/falcon-2-terms-and-conditions.html',
  },
  {
    key: 'mistral-research',
    name: 'Mistral AI Research License (MRL-0.1)',
    pattern: /^(?:mistral(?:\s+ai)?\s+research\s+licen[cs]e|mrl)(?:[\s-]*\(?mrl)?[\s-]*(?:0\.1)?\)?$/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.NON_COMMERCIAL,
        'Research and non-commercial use only; commercial deployment requires a separate Mistral commercial licence.',
      ),
    ],
    gated: true,
    url: 'https://mistral.ai/licenses/MRL-0.1.md',
  },
  {
    key: 'databricks-open-model',
    name: 'Databricks Open Model License',
    pattern: /^databricks\s+open\s+model\s+licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      threshold(
        LLAMA_MONTHLY_ACTIVE_USERS,
        'Section 2: if the licensee’s products or services had more than 700 million monthly active users in the preceding month, a licence must be requested from Databricks.',
      ),
      duty(
        ObligationKind.ACCEPTABLE_USE_POLICY,
        'Use must comply with the Databricks Open Model Acceptable Use Policy (https://www.databricks.com/legal/acceptable-use-policy-open-model).',
      ),
      duty(
        ObligationKind.NO_TRAINING_OTHER_MODELS,
        'DBRX or its output must not be used to improve any other large language model (excluding DBRX or derivatives).',
      ),
      duty(
        ObligationKind.ATTRIBUTION,
        'Redistributions carry the licence and the notice "DBRX is provided under and subject to the Databricks Open Model License".',
      ),
    ],
    gated: true,
    url: 'https://www.databricks.com/legal/open-model-license',
  },
  {
    key: 'apple-sample-code',
    name: 'Apple Sample Code License',
    pattern: /^apple[\s-]sample[\s-]code[\s-]licen[cs]e$/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.ATTRIBUTION,
        'Redistributions in source form keep the notice and disclaimers; Apple’s name and marks must not be used to endorse derived products without permission.',
      ),
    ],
    gated: false,
    url: 'https://huggingface.co/apple/OpenELM/blob/main/LICENSE',
  },
  {
    key: 'chatglm',
    name: 'ChatGLM Model License',
    pattern: /^chatglm\d?[\s-]6b[\s-]licen[cs]e$/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      duty(
        ObligationKind.ACCEPTABLE_USE_POLICY,
        'The software must not be used for acts that may endanger national security or national unity, harm the public interest, or infringe rights; nor for military or illegal purposes.',
      ),
      duty(ObligationKind.OTHER, 'Commercial use requires registration with the producer (Zhipu AI / THUDM).'),
    ],
    gated: false,
    url: 'https://github.com/THUDM/ChatGLM-6B/blob/main/MODEL_LICENSE',
  },
]);

/** The known licence a name refers to, if any. */
export function findKnownLicence(licenseName: string | null | undefined): KnownLicence | undefined {
  const name = licenseName?.trim().replace(/\s+/g, ' ');
  if (!name) return undefined;
  return KNOWN_LICENCES.find((l) => l.pattern.test(name));
}

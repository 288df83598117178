/**
 * Each risk category mapped to the risks of NIST AI 600-1, "Artificial Intelligence Risk Management
 * Framework: Generative Artificial Intelligence Profile" (July 2024), section 2. The twelve names are the
 * profile's own, spelled exactly as it spells them.
 */
import { RiskCategory } from './risk-context';

/** The 12 risks unique to or exacerbated by generative AI, NIST AI 600-1 section 2 (2.1 to 2.12). */
export const NIST_AI_600_1_RISKS = [
  'CBRN Information or Capabilities',
  'Confabulation',
  'Dangerous, Violent, or Hateful Content',
  'Data Privacy',
  'Environmental Impacts',
  'Harmful Bias or Homogenization',
  'Human-AI Configuration',
  'Information Integrity',
  'Information Security',
  'Intellectual Property',
  'Obscene, Degrading, and/or Abusive Content',
  'Value Chain and Component Integration',
] as const;

/** One of the twelve NIST AI 600-1 risk names. */
export type NistGaiRisk = (typeof NIST_AI_600_1_RISKS)[number];

/** Where a category sits in NIST AI 600-1: the primary risk, related ones, and why. */
export interface NistMapping {
  nistCategory: NistGaiRisk;
  related: readonly NistGaiRisk[];
  rationale: string;
}

/** The mapping, one entry per category. */
export const NIST_MAPPING: Readonly<Record<RiskCategory, NistMapping>> = {
  // The profile has no "misuse" risk: misuse by malicious users appears as the content and capability risks
  // it enables. Kapoor et al. (2024), "On the Societal Impact of Open Foundation Models", list the same
  // misuse vectors (disinformation, cyber attacks, bio risk, non-consensual intimate imagery and CSAM).
  [RiskCategory.MISUSE]: {
    nistCategory: 'Dangerous, Violent, or Hateful Content',
    related: [
      'CBRN Information or Capabilities',
      'Information Integrity',
      'Obscene, Degrading, and/or Abusive Content',
      'Information Security',
    ],
    rationale: 'Misuse shows up as the harmful content and capabilities the model can be made to produce.',
  },
  // 2.12 covers third-party components "including upstream" models, and GV-6.2 asks for contingency
  // processes when a third-party GAI system fails or is retired: that is the provider-dependency risk.
  [RiskCategory.PROVIDER_DEPENDENCY]: {
    nistCategory: 'Value Chain and Component Integration',
    related: [],
    rationale: 'Dependence on an upstream provider is a value-chain risk (third-party pricing, terms, deprecation).',
  },
  // 2.12 names "non-transparent or untraceable integration of upstream third-party components"; what cannot
  // be inspected also cannot be examined for bias (2.6) or for the provenance of training data (2.10).
  [RiskCategory.TRANSPARENCY]: {
    nistCategory: 'Value Chain and Component Integration',
    related: ['Harmful Bias or Homogenization', 'Intellectual Property'],
    rationale: 'Opaque weights and training data make an upstream component untraceable.',
  },
  [RiskCategory.DATA_PROTECTION]: {
    nistCategory: 'Data Privacy',
    related: ['Information Security'],
    rationale: 'Personal data sent to, memorised by or leaked from the model.',
  },
  [RiskCategory.INFORMATION_SECURITY]: {
    nistCategory: 'Information Security',
    related: [],
    rationale: 'Attacks on the model and its hosting (prompt injection, weight theft, unpatched serving stacks).',
  },
  // 2.6 covers performance disparities across languages and groups and the homogenisation of outputs; 2.7
  // covers the fit between the system and the people who use it in their context.
  [RiskCategory.LOCAL_FIT]: {
    nistCategory: 'Harmful Bias or Homogenization',
    related: ['Human-AI Configuration'],
    rationale: 'A model that lacks the local languages or cannot be adapted serves some users worse than others.',
  },
  // The profile has no licence category; model licences are intellectual-property licences, and 2.10 with
  // GV-6.1 (reviewing third-party IP and terms) is where their conditions are governed. Licence terms of an
  // upstream model are also part of the value chain (2.12).
  [RiskCategory.LICENSE_COMPLIANCE]: {
    nistCategory: 'Intellectual Property',
    related: ['Value Chain and Component Integration'],
    rationale: 'Breaching a model licence (user thresholds, use restrictions) is an intellectual-property risk.',
  },
  [RiskCategory.BIAS]: {
    nistCategory: 'Harmful Bias or Homogenization',
    related: [],
    rationale: 'Outputs that disadvantage groups of people.',
  },
  // 2.7 covers over-reliance on confabulated outputs (automation bias); 2.8 the spread of false content.
  [RiskCategory.CONFABULATION]: {
    nistCategory: 'Confabulation',
    related: ['Human-AI Configuration', 'Information Integrity'],
    rationale: 'Confidently stated false content.',
  },
  // 2.5 covers the energy and water of training and serving; hosting cost has no NIST counterpart but moves
  // with the same GPU-hours, so both are judged together.
  [RiskCategory.SUSTAINABILITY_COST]: {
    nistCategory: 'Environmental Impacts',
    related: [],
    rationale: 'Energy, water and money spent on compute.',
  },
};

/** The primary NIST AI 600-1 risk of a category, e.g. `nistCategoryOf(RiskCategory.BIAS)`. */
export function nistCategoryOf(category: RiskCategory): NistGaiRisk {
  return NIST_MAPPING[category].nistCategory;
}

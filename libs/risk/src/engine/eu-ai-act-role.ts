/**
 * The organisation's role under the EU AI Act (Regulation (EU) 2024/1689): a deployer (Art. 3(4)) uses a
 * system under its authority; a provider (Art. 3(3)) develops a system or model and places it on the market
 * or puts it into service under its own name. Fine-tuning a model and making the result available to others
 * can move an organisation from the first to the second. Part of the pre-screen's API through eu-ai-act.ts.
 */
import type { EuAiActClassification } from './eu-ai-act';
import type { GpaiStatus } from './gpai-status';
import { EuAiActClass, IntendedAdaptation, type RequestFacts } from './risk-context';

/** The organisation's role for the adopted system. */
export enum AiActRole {
  /** Uses the system under its authority (Art. 3(4), duties of Art. 26 for high-risk systems, Art. 50(3)-(4)). */
  DEPLOYER = 'DEPLOYER',
  /** May be the provider of the fine-tuned system or model it makes available (Art. 3(3), 25(1)): see warnings. */
  PROVIDER = 'PROVIDER',
}

/** A warning with the texts it rests on. */
export interface SourcedWarning {
  text: string;
  /** Citations, each with where to read it. */
  sources: string[];
}

/** Result of {@link organisationRole}. */
export interface OrganisationRole {
  role: AiActRole;
  /** Why this role, naming the request facts read. */
  reasons: string[];
  /** What could make the organisation a provider, with sources; empty for a plain deployer. */
  warnings: SourcedWarning[];
}

const AI_ACT = 'Regulation (EU) 2024/1689 (AI Act), https://eur-lex.europa.eu/eli/reg/2024/1689/oj';
const GPAI_GUIDELINES =
  'European Commission, Guidelines on the scope of the obligations for general-purpose AI models, C(2025) 5045, 18 July 2025, section 3 (downstream modifiers), https://digital-strategy.ec.europa.eu/en/library/guidelines-scope-obligations-providers-general-purpose-ai-models-under-ai-act';

/** Words of a use case saying the organisation hands the model or the system on to others. */
const DISTRIBUTES = new RegExp(
  [
    /(?:publish|releas|distribut|upload|open[- ]sourc)\w* (?:\w+ ){0,3}(?:models?|weights|checkpoints?|adapters?)\b/
      .source,
    /(?:shar|offer|provid|sell|licens|mak\w* available)\w* (?:\w+ ){0,3}(?:models?|weights|checkpoints?|adapters?|system|tool|app|service|chatbot|assistant) (?:\w+ ){0,3}(?:to|with|for) (?:\w+ ){0,3}(?:partners?|other (?:organisations|ngos|schools|clinics|hospitals)|organisations|ngos|schools|clinics|hospitals|the public|community|communities|members|ministr\w*|governments?|clients|customers)\b/
      .source,
    /(?:to|on) hugging ?face/.source,
  ].join('|'),
);

/**
 * The organisation's role: DEPLOYER unless it fine-tunes the model (intendedAdaptation FINE_TUNING) and makes
 * the resulting model or system available to others (publicFacing, or the use case says it distributes,
 * publishes or offers the model or system). Then PROVIDER, with warnings saying when that holds: Art. 25(1) for
 * a high-risk system; for a general-purpose model, the Commission's guidelines (a downstream modifier is the
 * provider of the modified model when the modification uses more than a third of the original training
 * compute). A keyword pre-screen: the reviewer confirms.
 */
export function organisationRole(
  request: RequestFacts,
  use: Pick<EuAiActClassification, 'euAiActClass'>,
  gpai: Pick<GpaiStatus, 'gpai' | 'systemicRisk' | 'openSourceExemption'>,
): OrganisationRole {
  const fineTunes = request.intendedAdaptation === IntendedAdaptation.FINE_TUNING;
  const hands = DISTRIBUTES.exec(request.useCase.toLowerCase());
  const availability = [
    ...(request.publicFacing ? ['publicFacing: the system is open to the public'] : []),
    ...(hands ? [`use case "${hands[0].trim()}"`] : []),
  ];
  if (!fineTunes) {
    return {
      role: AiActRole.DEPLOYER,
      reasons: [
        `intendedAdaptation ${request.intendedAdaptation}: the organisation uses the model without modifying it, as a deployer (Art. 3(4))`,
      ],
      warnings: [],
    };
  }
  if (availability.length === 0) {
    return {
      role: AiActRole.DEPLOYER,
      reasons: [
        'intendedAdaptation FINE_TUNING for the organisation’s own use, nothing says the tuned model or system is made available to others: deployer (Art. 3(4))',
        'making the fine-tuned model or system available to others (publicly or to partners) would make the organisation its provider: ask again before doing so',
      ],
      warnings: [],
    };
  }
  const warnings: SourcedWarning[] = [
    {
      text: 'An organisation that develops an AI system (here by fine-tuning a model) and places it on the market or puts it into service under its own name, for payment or free of charge, is its provider (Art. 3(3)); the provider carries the Art. 50(1)-(2) transparency duties (telling people they interact with an AI system, marking generated content).',
      sources: [`${AI_ACT}, Art. 3(3), 3(9)-(11), 50(1)-(2)`],
    },
  ];
  if (use.euAiActClass === EuAiActClass.HIGH || use.euAiActClass === EuAiActClass.PROHIBITED) {
    warnings.push({
      text: 'For a high-risk use, a deployer is considered the provider of the high-risk AI system, with the obligations of Art. 16 (quality management, technical documentation, conformity assessment, registration), when it puts its name or trademark on it, makes a substantial modification to it, or modifies the intended purpose of a system (including a general-purpose AI system) so that it becomes high-risk (Art. 25(1)(a)-(c)); the original provider must then cooperate and hand over the information needed (Art. 25(2)).',
      sources: [`${AI_ACT}, Art. 25(1)-(2), Art. 16, Art. 43`],
    });
  }
  if (gpai.gpai) {
    warnings.push({
      text: `For the general-purpose model itself, the Commission's guidelines consider a downstream modifier the provider of the modified model only when the modification uses more than a third of the compute used to train the original model (where that is unknown, a third of 10^23 FLOPs, or of 10^25 FLOPs for a model with systemic risk); its obligations are then limited to the modification (recital 109): technical documentation of the modification, a copyright policy and a summary of the training content added (Art. 53(1)). Typical fine-tuning uses far less: record the compute of the fine-tuning run so the reviewer can confirm.${
        gpai.systemicRisk === true
          ? ' The original model is presumed to carry systemic risk (Art. 51(2)): a modifier above the threshold would also carry the Art. 55 duties.'
          : ''
      }${
        gpai.openSourceExemption
          ? ' Released under a free and open-source licence with the weights, architecture and usage information public, the modified model would keep the Art. 53(2) and 54(6) exemptions (not for systemic risk).'
          : ''
      }`,
      sources: [GPAI_GUIDELINES, `${AI_ACT}, recital 109, Art. 53(1)-(2), 54(6), 55`],
    });
  }
  return {
    role: AiActRole.PROVIDER,
    reasons: [
      `intendedAdaptation FINE_TUNING and the result is made available to others (${availability.join('; ')}): the organisation may be the provider of the fine-tuned system or model, not only its deployer; the reviewer confirms`,
    ],
    warnings,
  };
}

/**
 * Rules driven by the model's openness profile: weights access (Solaiman's release gradient), hosting,
 * tuning, training-data openness, MOF class and hybrid-family siblings.
 *
 * Sources cited by key:
 * - KAPOOR_2024: Kapoor, Bommasani et al., "On the Societal Impact of Open Foundation Models" (ICML 2024):
 *   open weights give broader access, customisation, local adaptation, inspection and independence from a
 *   provider, but cannot be recalled and their use cannot be monitored; risk is judged as marginal risk.
 * - SOLAIMAN_2023: Solaiman, "The Gradient of Generative AI Release" (FAccT 2023): gated and staged releases
 *   sit between API access and open download, trading control for access.
 * - NIST_600_1: NIST AI 600-1, Generative AI Profile (July 2024).
 * - MOF: White et al., "The Model Openness Framework" (2024).
 * - QI_2023: Qi et al., "Fine-tuning Aligned Language Models Compromises Safety, Even When Users Do Not Intend
 *   To!" (ICLR 2024; arXiv 2310.03693, 2023): a few fine-tuning examples, even benign ones, remove safety tuning,
 *   through open weights and through a provider's tuning API alike.
 * - LUCCIONI_2024: Luccioni, Jernite, Strubell, "Power Hungry Processing" (FAccT 2024): inference energy grows
 *   with model size and is highest for generative tasks.
 */
import {
  FineTuningAvailability,
  HostingOption,
  MofClass,
  TrainingDataOpenness,
  WeightsAccess,
} from '@app/catalog/openness';
import { IntendedAdaptation, RiskCategory } from './risk-context';
import {
  apiOnly,
  deploys,
  formatCount,
  isClosed,
  isGated,
  isOpen,
  openAlternatives,
  type RiskRule,
  type RuleContext,
  siblings,
  weightsAvailable,
} from './risk-rule';

const KAPOOR_2024 = 'Kapoor et al. 2024, On the Societal Impact of Open Foundation Models';
const SOLAIMAN_2023 = 'Solaiman 2023, The Gradient of Generative AI Release';
const NIST_600_1 = 'NIST AI 600-1 (2024)';
const MOF = 'White et al. 2024, The Model Openness Framework';
const LUCCIONI_2024 = 'Luccioni, Jernite, Strubell 2024, Power Hungry Processing';
const QI_2023 =
  'Qi et al. 2023, Fine-tuning Aligned Language Models Compromises Safety, Even When Users Do Not Intend To!';

/** At or above: a large model to serve. */
export const LARGE_MODEL_PARAMETERS = 70e9;
/** At or below: a small model to serve. */
export const SMALL_MODEL_PARAMETERS = 10e9;

const fineTuning = (c: RuleContext): boolean => c.request.intendedAdaptation === IntendedAdaptation.FINE_TUNING;
/** The organisation runs the model itself: on its servers or on its users' devices. */
const runsItself = (c: RuleContext): boolean =>
  deploys(c, HostingOption.SELF_HOSTED) || deploys(c, HostingOption.ON_DEVICE);

/** Rules from the openness profile, in category order. */
export const OPENNESS_RULES: readonly RiskRule[] = [
  // MISUSE -----------------------------------------------------------------------------------------------
  // The adopter's view (Kapoor et al. 2024 judge risk as marginal risk; NIST AI 600-1, MG-3.2 and MS-2.6):
  // what matters is the system the organisation runs, not whether the producer could recall a release. A
  // provider's API puts its moderation and abuse monitoring in front of the model; self-hosted weights have
  // none unless the organisation builds it, and fine-tuning can undo the model's own safety tuning. Whether
  // the producer can recall a release, or vets who downloads it (gating), is the producer's control over its
  // release, not the adopter's: GATED and OPEN weights run by the organisation are judged alike here, and
  // gating shows where it does reach the adopter (PROVIDER_DEPENDENCY). The guardrails and the safety
  // re-evaluation are required approval conditions in the baseline policy.
  {
    code: 'SELF_HOSTED_NO_PROVIDER_MODERATION',
    category: RiskCategory.MISUSE,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Dangerous, Violent, or Hateful Content; MG-3.2 (pre-trained models in the organisation's own pipeline); ${KAPOOR_2024} (use of self-hosted weights cannot be monitored by the provider)`,
    applies: (c) => weightsAvailable(c) && runsItself(c),
    text: (c) =>
      `${c.request.deploymentMode} ${c.model.weightsAccess} weights: no provider moderation layer sits in front of the model; output filtering, guardrails and abuse monitoring are the organisation's job`,
  },
  {
    code: 'FINE_TUNING_ERODES_SAFETY',
    category: RiskCategory.MISUSE,
    effect: 'likelihood',
    delta: 1,
    source: `${QI_2023}; ${NIST_600_1}, MS-2.6 (evaluate the system for safety after changes)`,
    applies: (c) =>
      fineTuning(c) &&
      (weightsAvailable(c) || (isClosed(c) && c.model.fineTuning.includes(FineTuningAvailability.PROVIDER_API))),
    text: (c) =>
      weightsAvailable(c)
        ? `FINE_TUNING ${c.model.weightsAccess} weights: tuning, even on benign data, can remove the model's safety tuning; its safety must be evaluated again after tuning`
        : "FINE_TUNING through the provider's tuning API: tuning can remove safety tuning there too (Qi et al. did it through such an API); its safety must be evaluated again after tuning",
  },
  {
    code: 'CLOSED_WEIGHTS_PROVIDER_MONITORS',
    category: RiskCategory.MISUSE,
    effect: 'likelihood',
    delta: -1,
    source: `${SOLAIMAN_2023} (API access keeps usage monitoring and revocation with the provider); ${NIST_600_1}, Value Chain and Component Integration`,
    applies: isClosed,
    text: () =>
      "weights are closed: the provider's usage policy, moderation and abuse monitoring sit in front of the model (and the provider can revoke access)",
  },

  // PROVIDER_DEPENDENCY ----------------------------------------------------------------------------------
  {
    code: 'OPEN_WEIGHTS_HELD_LOCALLY',
    category: RiskCategory.PROVIDER_DEPENDENCY,
    effect: 'likelihood',
    delta: -1,
    source: `${KAPOOR_2024} (open weights reduce dependence on a provider)`,
    applies: isOpen,
    text: () => "weights held locally: no dependency on the provider's pricing or deprecation",
  },
  {
    // Gated is in between: a granted copy is held like an open one, but the provider still decides who may
    // download it (new environments, new staff) and can change the gating terms.
    code: 'GATED_WEIGHTS_HELD_LOCALLY',
    category: RiskCategory.PROVIDER_DEPENDENCY,
    effect: 'likelihood',
    delta: -1,
    source: KAPOOR_2024,
    applies: isGated,
    text: () =>
      "gated weights, once granted, are held locally: the provider's pricing and deprecation do not reach them",
  },
  {
    code: 'GATED_ACCESS_PROVIDER_CONTROLLED',
    category: RiskCategory.PROVIDER_DEPENDENCY,
    effect: 'likelihood',
    delta: 1,
    source: SOLAIMAN_2023,
    applies: isGated,
    text: () => 'weights are gated: the provider decides who may download them and can change the access terms',
  },
  {
    code: 'CLOSED_WEIGHTS_SINGLE_PROVIDER',
    category: RiskCategory.PROVIDER_DEPENDENCY,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Value Chain and Component Integration; GV-6.2 (contingency for third-party failure)`,
    applies: isClosed,
    text: () => "weights are closed: only the provider can serve the model, on the provider's pricing and terms",
  },
  {
    code: 'API_ONLY_DEPRECATION',
    category: RiskCategory.PROVIDER_DEPENDENCY,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, GV-6.2; ${KAPOOR_2024} (API models are changed or retired at the provider's discretion)`,
    applies: apiOnly,
    text: (c) =>
      `API-only model: the provider can change or retire it (hosting options: ${c.model.hostingOptions.join(', ') || 'none'})`,
  },
  {
    code: 'PROVIDER_TUNING_LOCK_IN',
    category: RiskCategory.PROVIDER_DEPENDENCY,
    effect: 'likelihood',
    delta: 1,
    source: KAPOOR_2024,
    applies: (c) => fineTuning(c) && isClosed(c) && c.model.fineTuning.includes(FineTuningAvailability.PROVIDER_API),
    text: () => "FINE_TUNING through the provider's tuning API: the tuned model stays with the provider",
  },
  {
    // A hybrid family counts gated siblings too (e.g. Gemini's open alternative is Gemma, which is gated):
    // their weights can be self-hosted once access is granted, which is what the closed model never allows.
    code: 'FAMILY_OPEN_ALTERNATIVE',
    category: RiskCategory.PROVIDER_DEPENDENCY,
    effect: 'likelihood',
    delta: 0,
    source: `${SOLAIMAN_2023} (hybrid releases of one family)`,
    applies: (c) => openAlternatives(c).length > 0,
    text: (c) => {
      const alternatives = openAlternatives(c);
      const gated = alternatives.some((a) => a.weightsAccess === WeightsAccess.GATED);
      const names = alternatives
        .map((a) => (a.weightsAccess === WeightsAccess.GATED ? `${a.name} (gated)` : a.name))
        .join(', ');
      return `a model of the same family with downloadable weights (${names}) could be self-hosted instead${
        gated ? "; gated weights are downloaded once the producer grants access, on the producer's terms" : ''
      }`;
    },
  },

  // TRANSPARENCY -----------------------------------------------------------------------------------------
  {
    code: 'OPEN_WEIGHTS_INSPECTABLE',
    category: RiskCategory.TRANSPARENCY,
    effect: 'likelihood',
    delta: -1,
    source: `${KAPOOR_2024} (open weights enable independent inspection and evaluation)`,
    applies: isOpen,
    text: () => 'weights are downloadable: they can be inspected and evaluated independently',
  },
  {
    code: 'GATED_WEIGHTS_INSPECTABLE',
    category: RiskCategory.TRANSPARENCY,
    effect: 'likelihood',
    delta: -1,
    source: KAPOOR_2024,
    applies: isGated,
    text: () => 'weights are gated: once access is granted they can be inspected and evaluated independently',
  },
  {
    code: 'CLOSED_WEIGHTS_OPAQUE',
    category: RiskCategory.TRANSPARENCY,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Value Chain and Component Integration (untraceable upstream components)`,
    applies: isClosed,
    text: () => "weights are closed: the model cannot be inspected; evaluation relies on the provider's claims",
  },
  {
    // The catalog does not know whether the weights are released (an imported record silent about them).
    // Not read as open or closed: no openness benefit is credited, and the gap itself is opacity.
    code: 'WEIGHTS_ACCESS_UNKNOWN',
    category: RiskCategory.TRANSPARENCY,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Value Chain and Component Integration (untraceable upstream components)`,
    applies: (c) => c.model.weightsAccess === WeightsAccess.UNKNOWN,
    text: () =>
      "weights access is UNKNOWN: the catalog does not say whether the weights are released, so neither the benefits of open weights (inspection, local hosting, tuning) nor a provider's safeguards can be assumed; record the release level in the catalog",
  },
  {
    // Missing documentation is itself opacity, so UNKNOWN counts as UNDISCLOSED.
    code: 'TRAINING_DATA_UNDISCLOSED',
    category: RiskCategory.TRANSPARENCY,
    effect: 'likelihood',
    delta: 1,
    source: MOF,
    applies: (c) =>
      c.model.trainingDataOpenness === TrainingDataOpenness.UNDISCLOSED ||
      c.model.trainingDataOpenness === TrainingDataOpenness.UNKNOWN,
    text: (c) =>
      c.model.trainingDataOpenness === TrainingDataOpenness.UNKNOWN
        ? 'training-data openness not recorded: content and provenance of the training data cannot be examined'
        : 'training data undisclosed: content and provenance of the training data cannot be examined',
  },
  {
    code: 'TRAINING_DATA_OPEN',
    category: RiskCategory.TRANSPARENCY,
    effect: 'likelihood',
    delta: -1,
    source: MOF,
    applies: (c) => c.model.trainingDataOpenness === TrainingDataOpenness.OPEN,
    text: () => 'training data open: content and provenance of the training data can be examined',
  },
  {
    // MOF class II adds training, inference and evaluation code to class III; class I adds the datasets.
    code: 'MOF_OPEN_PIPELINE',
    category: RiskCategory.TRANSPARENCY,
    effect: 'likelihood',
    delta: -1,
    source: MOF,
    applies: (c) => c.model.mofClass === MofClass.CLASS_I || c.model.mofClass === MofClass.CLASS_II,
    text: (c) => `MOF ${c.model.mofClass}: training and evaluation code are released under open licences`,
  },

  // INFORMATION_SECURITY ---------------------------------------------------------------------------------
  {
    code: 'SELF_HOSTED_SECURITY_DUTIES',
    category: RiskCategory.INFORMATION_SECURITY,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Information Security; ${KAPOOR_2024} (self-hosting moves operational duties in-house)`,
    applies: (c) => weightsAvailable(c) && deploys(c, HostingOption.SELF_HOSTED),
    text: (c) =>
      `SELF_HOSTED ${c.model.weightsAccess} weights: the organisation carries patching, access control and protection of the weights`,
  },

  // LOCAL_FIT --------------------------------------------------------------------------------------------
  {
    code: 'WEIGHTS_TUNABLE_LOCALLY',
    category: RiskCategory.LOCAL_FIT,
    effect: 'likelihood',
    delta: -1,
    source: `${KAPOOR_2024} (customisation and local adaptation of open models)`,
    applies: (c) => fineTuning(c) && weightsAvailable(c),
    text: (c) => `weights are ${c.model.weightsAccess}: can be fine-tuned on local data`,
  },
  {
    code: 'NO_TUNING_AVAILABLE',
    category: RiskCategory.LOCAL_FIT,
    effect: 'likelihood',
    delta: 2,
    source: KAPOOR_2024,
    applies: (c) =>
      fineTuning(c) &&
      isClosed(c) &&
      !c.model.fineTuning.includes(FineTuningAvailability.PROVIDER_API) &&
      !c.model.fineTuning.includes(FineTuningAvailability.WEIGHTS),
    text: () => 'FINE_TUNING requested but no tuning available for a closed model',
  },
  {
    code: 'DEPLOYMENT_MODE_NOT_OFFERED',
    category: RiskCategory.LOCAL_FIT,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Human-AI Configuration (system fit to its context of use)`,
    applies: (c) => !c.model.hostingOptions.includes(c.request.deploymentMode),
    text: (c) =>
      `requested deployment ${c.request.deploymentMode} is not among the model's hosting options (${c.model.hostingOptions.join(', ') || 'none'})`,
  },

  // BIAS -------------------------------------------------------------------------------------------------
  {
    code: 'TRAINING_DATA_UNDISCLOSED_BIAS',
    category: RiskCategory.BIAS,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Harmful Bias or Homogenization (MP-2.3: document training-data provenance)`,
    applies: (c) =>
      c.model.trainingDataOpenness === TrainingDataOpenness.UNDISCLOSED ||
      c.model.trainingDataOpenness === TrainingDataOpenness.UNKNOWN,
    text: (c) =>
      c.model.trainingDataOpenness === TrainingDataOpenness.UNKNOWN
        ? 'training-data openness not recorded: biases cannot be examined'
        : 'training data undisclosed: biases cannot be examined',
  },
  {
    code: 'TRAINING_DATA_OPEN_BIAS',
    category: RiskCategory.BIAS,
    effect: 'likelihood',
    delta: -1,
    source: `${NIST_600_1}, Harmful Bias or Homogenization; ${KAPOOR_2024}`,
    applies: (c) => c.model.trainingDataOpenness === TrainingDataOpenness.OPEN,
    text: () => 'training data open: biases in it can be examined and documented',
  },

  // SUSTAINABILITY_COST ----------------------------------------------------------------------------------
  {
    code: 'SELF_HOSTED_GPU_COST',
    category: RiskCategory.SUSTAINABILITY_COST,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Environmental Impacts; ${KAPOOR_2024}`,
    applies: (c) => weightsAvailable(c) && deploys(c, HostingOption.SELF_HOSTED),
    text: (c) => `SELF_HOSTED ${c.model.weightsAccess} weights: the organisation pays for GPU hosting and its energy`,
  },
  {
    // Serving energy grows with model size (Luccioni et al. 2024); 70B parameters need several data-centre
    // GPUs even quantised, 10B and below fit one commodity GPU.
    code: 'LARGE_MODEL_COMPUTE',
    category: RiskCategory.SUSTAINABILITY_COST,
    effect: 'likelihood',
    delta: 1,
    source: `${LUCCIONI_2024}; ${NIST_600_1}, Environmental Impacts`,
    applies: (c) => c.model.parameterCount !== null && c.model.parameterCount >= LARGE_MODEL_PARAMETERS,
    text: (c) =>
      `parameter count ${formatCount(c.model.parameterCount!)}: serving needs several data-centre GPUs and more energy per request`,
  },
  {
    code: 'SMALL_MODEL_COMPUTE',
    category: RiskCategory.SUSTAINABILITY_COST,
    effect: 'likelihood',
    delta: -1,
    source: LUCCIONI_2024,
    applies: (c) => c.model.parameterCount !== null && c.model.parameterCount <= SMALL_MODEL_PARAMETERS,
    text: (c) =>
      `parameter count ${formatCount(c.model.parameterCount!)}: a small model, cheap and light on energy to serve`,
  },
  {
    code: 'FAMILY_CLOSED_ALTERNATIVE',
    category: RiskCategory.SUSTAINABILITY_COST,
    effect: 'likelihood',
    delta: 0,
    source: `${SOLAIMAN_2023} (hybrid releases of one family)`,
    applies: (c) => weightsAvailable(c) && siblings(c, WeightsAccess.CLOSED).length > 0,
    text: (c) =>
      `a closed API model of the same family (${siblings(c, WeightsAccess.CLOSED).join(', ')}) could be used instead of running GPUs`,
  },
];

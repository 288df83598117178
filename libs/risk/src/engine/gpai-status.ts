/**
 * General-purpose AI model status under the EU AI Act (Regulation (EU) 2024/1689): is the candidate a GPAI
 * model (Art. 3(63)), is it presumed to carry systemic risk (Art. 51), and is its provider exempt from the
 * technical-documentation duties as an open-source release (Art. 53(2)). Re-exported by eu-ai-act.ts.
 */
import { LicenseKind, MofClass, ObligationKind, WeightsAccess } from '@app/catalog/openness';
import type { ModelFacts } from './risk-context';
import { formatCount } from './risk-rule';

/** Art. 51(2): a GPAI model is presumed to have high-impact capabilities above this cumulative training compute. */
export const SYSTEMIC_RISK_FLOPS = 1e25;
/** Recital 98: at least a billion parameters, trained at scale, indicates significant generality. */
export const GENERALITY_PARAMETER_HINT = 1e9;
/**
 * Training tokens at which a model's compute would reach {@link SYSTEMIC_RISK_FLOPS}, under the usual
 * estimate compute = 6 x parameters x tokens (Kaplan et al. 2020), is compared with this: frontier models
 * of 2024 were trained on about 15-20 trillion tokens.
 */
export const PLAUSIBLE_TRAINING_TOKENS = 20e12;

/** Result of {@link gpaiStatus}. */
export interface GpaiStatus {
  gpai: boolean;
  /** Presumed systemic risk (Art. 51(2)); null when training compute is not known. */
  systemicRisk: boolean | null;
  /** The Art. 51(2) threshold, {@link SYSTEMIC_RISK_FLOPS}. */
  systemicRiskThresholdFlops: number;
  /** Cumulative training compute in FLOPs when disclosed, compared with {@link SYSTEMIC_RISK_FLOPS}. */
  trainingComputeFlops: number | null;
  /**
   * Art. 53(2) exemption from the technical-documentation duties of Art. 53(1)(a)-(b), and Art. 54(6) from
   * appointing an authorised representative: a free and open-source licence allowing access, use,
   * modification and distribution, with the weights, architecture and usage information public; never for
   * a model with systemic risk.
   */
  openSourceExemption: boolean;
  /** Why the exemption applies or not (also among `reasons`). */
  exemptionReasons: string[];
  reasons: string[];
}

const LANGUAGE_MODALITIES = /^(?:text|language|code|multimodal)$/i;

const flops = (n: number): string => n.toExponential(1).replace('e+', 'e');

/**
 * GPAI status of a model. Judgement calls, each stated in the reasons:
 * - GPAI: language, code or multimodal models, any model of at least a billion parameters (recital 98), and
 *   models whose modalities are not recorded (the catalog holds foundation models).
 * - Systemic risk: only from disclosed training compute (> 10^25 FLOPs). Parameter count is never enough; it is
 *   reported as a hint only and the answer stays null.
 * - Open-source exemption: conservatively only an OSI-approved licence with OPEN weights and no
 *   non-commercial clause. OpenRAIL and community licences restrict uses, and recitals 102-104 speak of
 *   licences that let anyone access, use, modify and redistribute the model; never when systemic risk is
 *   presumed (Art. 53(2) last sentence).
 */
export function gpaiStatus(model: ModelFacts): GpaiStatus {
  const reasons: string[] = [];
  const params = model.parameterCount;
  const modalities = (model.modalities ?? []).map((m) => m.trim()).filter(Boolean);

  let gpai: boolean;
  if (modalities.length === 0) {
    gpai = true;
    reasons.push('modalities not recorded: treated as a general-purpose foundation model (Art. 3(63))');
  } else if (modalities.length > 1 || modalities.some((m) => LANGUAGE_MODALITIES.test(m))) {
    gpai = true;
    reasons.push(
      `modalities ${modalities.join(', ')}: a language or multimodal foundation model is a general-purpose AI model (Art. 3(63), recital 99)`,
    );
  } else {
    gpai = params !== null && params >= GENERALITY_PARAMETER_HINT;
    reasons.push(
      `single non-language modality (${modalities[0]}): general-purpose status not presumed from the modality (Art. 3(63))`,
    );
  }
  if (params !== null && params >= GENERALITY_PARAMETER_HINT) {
    reasons.push(
      `parameter count ${formatCount(params)}: at least a billion parameters indicates significant generality (recital 98)`,
    );
  }
  if (!gpai) {
    reasons.push('not a general-purpose AI model: the GPAI duties of Art. 53-55 do not apply; the reviewer confirms');
    return {
      gpai,
      systemicRisk: false,
      systemicRiskThresholdFlops: SYSTEMIC_RISK_FLOPS,
      trainingComputeFlops: computeOf(model),
      openSourceExemption: false,
      exemptionReasons: ['not a general-purpose AI model: Art. 53(2) and 54(6) do not arise'],
      reasons,
    };
  }

  const systemicRisk = systemicRiskOf(model, reasons);
  const exemptionReasons: string[] = [];
  const openSourceExemption = exemptionOf(model, systemicRisk, exemptionReasons);
  reasons.push(...exemptionReasons);
  return {
    gpai,
    systemicRisk,
    systemicRiskThresholdFlops: SYSTEMIC_RISK_FLOPS,
    trainingComputeFlops: computeOf(model),
    openSourceExemption,
    exemptionReasons,
    reasons,
  };
}

function computeOf(model: ModelFacts): number | null {
  const compute = model.trainingComputeFlops;
  return typeof compute === 'number' && Number.isFinite(compute) && compute >= 0 ? compute : null;
}

function systemicRiskOf(model: ModelFacts, reasons: string[]): boolean | null {
  const compute = computeOf(model);
  if (compute !== null) {
    if (compute > SYSTEMIC_RISK_FLOPS) {
      reasons.push(
        `training compute ${flops(compute)} FLOPs above 10^25: presumed high-impact capabilities, systemic risk (Art. 51(2)); Art. 55 duties apply`,
      );
      return true;
    }
    reasons.push(
      `training compute ${flops(compute)} FLOPs not above 10^25: no presumption of systemic risk (Art. 51(2)); the Commission may still designate the model (Art. 51(1)(b), Art. 52)`,
    );
    return false;
  }
  reasons.push(
    'training compute not disclosed: the systemic-risk presumption (Art. 51(2), 10^25 FLOPs) cannot be checked',
  );
  const params = model.parameterCount;
  if (params !== null && params > 0) {
    // Tokens needed to reach the threshold with compute = 6 x parameters x tokens.
    const tokens = SYSTEMIC_RISK_FLOPS / (6 * params);
    reasons.push(
      tokens <= PLAUSIBLE_TRAINING_TOKENS
        ? `hint only: with ${formatCount(params)} parameters, 10^25 FLOPs is reached at ${formatCount(tokens)} training tokens, a plausible amount; ask the provider`
        : `hint only: with ${formatCount(params)} parameters, 10^25 FLOPs would need ${formatCount(tokens)} training tokens, an unlikely amount`,
    );
  }
  return null;
}

function exemptionOf(model: ModelFacts, systemicRisk: boolean | null, reasons: string[]): boolean {
  const refusals: string[] = [];
  if (model.licenseKind !== LicenseKind.OSI_APPROVED) {
    refusals.push(
      model.licenseKind === LicenseKind.OPEN_RAIL
        ? `licence ${model.licenseName} is an OpenRAIL licence with use restrictions: not counted as free and open-source (recitals 102-104)`
        : `licence ${model.licenseName} (${model.licenseKind}) is not an OSI-approved free and open-source licence`,
    );
  }
  if (model.weightsAccess !== WeightsAccess.OPEN) {
    refusals.push(`weights are ${model.weightsAccess}: the parameters are not made publicly available`);
  }
  if (model.obligations.some((o) => o.kind === ObligationKind.NON_COMMERCIAL)) {
    refusals.push('the licence forbids commercial use: it does not allow use by anyone for any purpose');
  }
  if (systemicRisk === true) refusals.push('the exemption never applies to a model with systemic risk (Art. 53(2))');
  if (refusals.length > 0) {
    reasons.push(
      `no open-source exemption (Art. 53(2), 54(6)): ${refusals.join('; ')}; the exemption needs a free and open-source licence allowing access, use, modification and distribution, with the weights, architecture and usage information public`,
    );
    return false;
  }
  reasons.push(
    `licence ${model.licenseName} is OSI-approved and the weights are OPEN: exempt from the technical-documentation duties of Art. 53(1)(a)-(b) (Art. 53(2)) and from appointing an authorised representative (Art. 54(6)); the copyright policy and training-content summary (Art. 53(1)(c)-(d)) still apply`,
  );
  if (model.mofClass === MofClass.UNCLASSIFIED) {
    reasons.push(
      'no MOF class recorded: confirm that architecture and usage information are public, as Art. 53(2) requires',
    );
  } else {
    reasons.push(
      `MOF ${model.mofClass}: the model architecture and a model card are published, as Art. 53(2) requires of architecture and usage information`,
    );
  }
  if (systemicRisk === null) {
    reasons.push('the exemption holds only if training compute is confirmed at or below 10^25 FLOPs');
  }
  return true;
}

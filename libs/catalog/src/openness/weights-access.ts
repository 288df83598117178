import type { LicenceRegistry } from './licence-registry';
import { findKnownLicence } from './licence-table';
import type { MofClassification, MofComponentAssessment } from './mof-classifier';
import { MOF_COMPONENT_IDS } from './mof-settings';
import type { MotRecord } from './mot-record';
import { LicenseKind, ReleaseLevel, WeightsAccess } from './openness.types';

/**
 * Who can obtain the weights, from the release level on Solaiman's gradient: weights that can be
 * downloaded are open unless the producer gates them (terms to accept, approval to wait for); a staged
 * release hands weights out selectively, so it is gated; hosted, API-only and fully closed releases never
 * hand out weights; a level the sources do not state leaves the access UNKNOWN (never CLOSED).
 */
export function deriveWeightsAccess(releaseLevel: ReleaseLevel, gated: boolean): WeightsAccess {
  switch (releaseLevel) {
    case ReleaseLevel.DOWNLOADABLE:
    case ReleaseLevel.FULLY_OPEN:
      return gated ? WeightsAccess.GATED : WeightsAccess.OPEN;
    case ReleaseLevel.GRADUAL_STAGED:
      return WeightsAccess.GATED;
    case ReleaseLevel.HOSTED:
    case ReleaseLevel.CLOUD_API:
    case ReleaseLevel.FULLY_CLOSED:
      return WeightsAccess.CLOSED;
    case ReleaseLevel.UNKNOWN:
      return WeightsAccess.UNKNOWN;
  }
}

/** What a caller knows beyond the record; MOT records do not say whether a model is served by an API. */
export interface ReleaseLevelHints {
  /** The producer offers the model through a public (paid or free) API. */
  offeredViaApi?: boolean;
}

/**
 * Licence values that, written for the final parameters, say the weights were not released rather than
 * name a licence (published records write `Proprietary`).
 */
export const NOT_RELEASED_LICENCE = /proprietary|not\s+(?:publicly\s+)?(?:released|available)/i;

/**
 * Licence values that, written for the final parameters, say nothing about the weights: `Undisclosed` (the
 * licence is not disclosed) and `Component not included` (the record does not include the component). They
 * are not evidence that the weights were withheld: GPT-2, StarCoder and TeleChat published their weights
 * although their records say `Component not included`.
 */
export const NOT_STATED_LICENCE = /undisclosed|not\s+(?:be\s+)?includ/i;

/** What a record says about its final parameters. */
export type ParametersClaim =
  /** Listed with a licence that names one (own, or the record's global or distribution licence). */
  | { kind: 'licensed'; license: string }
  /** Listed as not released (`Proprietary`, "not released"). */
  | { kind: 'not-released'; license: string }
  /** Not listed, listed without a licence (`unlicensed`), or with a value that says nothing (`Undisclosed`). */
  | { kind: 'not-stated'; why: string };

/** What the record says about its final parameters, from the classification's licence resolution. */
export function parametersClaim(record: MotRecord, classification: MofClassification): ParametersClaim {
  const params = classification.components.find((c) => c.id === MOF_COMPONENT_IDS.MODEL_PARAMETERS_FINAL);
  const listed = params !== undefined && record.components.some((c) => c.name === params.name);
  if (!params || !listed) return { kind: 'not-stated', why: 'the record does not list the final parameters' };
  if (!params.license) return { kind: 'not-stated', why: 'the record lists the final parameters without a licence' };
  if (NOT_STATED_LICENCE.test(params.license)) {
    return { kind: 'not-stated', why: `the record gives the final parameters' licence as "${params.license}"` };
  }
  if (NOT_RELEASED_LICENCE.test(params.license)) return { kind: 'not-released', license: params.license };
  return { kind: 'licensed', license: params.license };
}

/**
 * Infers a release level from a MOT record, conservatively (a level is claimed only on evidence):
 *
 * 1. FULLY_OPEN when the final parameters, the datasets and the training code are all included under open
 *    licences: weights, data and code are the three things Solaiman's "fully open" end releases.
 * 2. DOWNLOADABLE when the final parameters are listed with any licence that names one (open or not,
 *    e.g. a community licence), read from the component or the record's data/distribution licence.
 * 3. When the record says the parameters were not released (`Proprietary`): CLOUD_API when the caller knows
 *    the model is served through an API, else FULLY_CLOSED.
 * 4. Otherwise the record does not say (parameters not listed, `unlicensed`, `Undisclosed`, `Component not
 *    included`): UNKNOWN, which gives UNKNOWN weights access, never CLOSED.
 *
 * HOSTED and GRADUAL_STAGED are never inferred: a record carries no evidence of either.
 */
export function inferReleaseLevelFromRecord(
  record: MotRecord,
  classification: MofClassification,
  hints: ReleaseLevelHints = {},
): ReleaseLevel {
  const byId = new Map(classification.components.map((c) => [c.id, c]));
  const status = (id: number): MofComponentAssessment['status'] | undefined => byId.get(id)?.status;
  if (
    status(MOF_COMPONENT_IDS.MODEL_PARAMETERS_FINAL) === 'included' &&
    status(MOF_COMPONENT_IDS.DATASETS) === 'included' &&
    status(MOF_COMPONENT_IDS.TRAINING_CODE) === 'included'
  ) {
    return ReleaseLevel.FULLY_OPEN;
  }
  const claim = parametersClaim(record, classification);
  if (claim.kind === 'licensed') return ReleaseLevel.DOWNLOADABLE;
  if (claim.kind === 'not-released') return hints.offeredViaApi ? ReleaseLevel.CLOUD_API : ReleaseLevel.FULLY_CLOSED;
  return hints.offeredViaApi ? ReleaseLevel.CLOUD_API : ReleaseLevel.UNKNOWN;
}

/** Open Responsible AI Licences: OpenRAIL, OpenRAIL-M, BigScience BLOOM RAIL, CreativeML OpenRAIL-M ... */
const RAIL = /(?:^|[^a-z])(?:open)?rail(?:[^a-z]|$)/i;

/**
 * Producer-written model licences: they grant broad use but add conditions (acceptable-use policies,
 * user thresholds, no training of other models) that keep them off the OSI list.
 */
const COMMUNITY = [
  /llama/i,
  /gemma/i,
  /qwen|tongyi|qianwen/i,
  /deepseek/i,
  /falcon|\btii\b/i,
  /baichuan/i,
  /chatglm|glm-\d|codegeex/i,
  /aquila|\bbaai\b/i,
  /internlm/i,
  /\byi\b.*licen[cs]e/i,
  /codefuse/i,
  /telechat/i,
  /databricks open model/i,
  /nvidia open model/i,
  /ai sweden/i,
  /community licen[cs]e/i,
];

const PROPRIETARY = /proprietary|terms of (?:service|use)|commercial licen[cs]e|all rights reserved/i;

/**
 * Sorts a licence name into a kind. Order matters: an OSI-approved id wins (matched by id, id in any case,
 * or full SPDX name, so `MIT License` and `apache-2.0` count), then the known model licences of
 * {@link KNOWN_LICENCES} (Llama, Gemma, Qwen, RAIL variants, CC-BY-NC ...), then other RAIL licences, then
 * producers' community licences (so `Gemma Terms of Use` is community, not proprietary), then proprietary
 * terms, then a standard licence the registry counts as open although not OSI-approved (CC-BY-4.0,
 * Apache-1.0: STANDARD_NON_OSI), else UNKNOWN.
 */
export function inferLicenseKind(licenseName: string | null | undefined, registry: LicenceRegistry): LicenseKind {
  const name = licenseName?.trim();
  if (!name) return LicenseKind.UNKNOWN;
  const id = registry.resolveId(name);
  if (id !== undefined && registry.isOsiApproved(id)) return LicenseKind.OSI_APPROVED;
  const known = findKnownLicence(name);
  if (known) return known.kind;
  if (RAIL.test(name)) return LicenseKind.OPEN_RAIL;
  if (COMMUNITY.some((pattern) => pattern.test(name))) return LicenseKind.COMMUNITY_CUSTOM;
  if (PROPRIETARY.test(name)) return LicenseKind.PROPRIETARY_TERMS;
  if (id !== undefined && registry.isOpen(id)) return LicenseKind.STANDARD_NON_OSI;
  return LicenseKind.UNKNOWN;
}

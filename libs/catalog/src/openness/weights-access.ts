import type { LicenceRegistry } from './licence-registry';
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
 * name a licence (published records write `Proprietary`, `Undisclosed`, `Component not included`).
 */
export const NOT_RELEASED_LICENCE =
  /proprietary|undisclosed|not\s+(?:be\s+)?includ|not\s+(?:publicly\s+)?(?:released|available)/i;

/**
 * Infers a release level from a MOT record, conservatively (a level is claimed only on evidence):
 *
 * 1. FULLY_OPEN when the final parameters, the datasets and the training code are all included under open
 *    licences: weights, data and code are the three things Solaiman's "fully open" end releases.
 * 2. DOWNLOADABLE when the final parameters are listed with any licence that names one (open or not,
 *    e.g. a community licence), read from the component or the record's data/distribution licence.
 * 3. Otherwise the weights are not released (parameters absent, `unlicensed`, or marked proprietary or
 *    undisclosed): CLOUD_API when the caller knows the model is served through an API, else FULLY_CLOSED.
 *    HOSTED and GRADUAL_STAGED are never inferred: a record carries no evidence of either.
 */
export function inferReleaseLevelFromRecord(
  record: MotRecord,
  classification: MofClassification,
  hints: ReleaseLevelHints = {},
): ReleaseLevel {
  const byId = new Map(classification.components.map((c) => [c.id, c]));
  const status = (id: number): MofComponentAssessment['status'] | undefined => byId.get(id)?.status;
  const params = byId.get(MOF_COMPONENT_IDS.MODEL_PARAMETERS_FINAL);
  // Released means listed in the record; the licence is read from the classification, which has already
  // applied the component, content-type and distribution fallbacks.
  const listed = record.components.some((c) => c.name === params?.name);

  if (
    status(MOF_COMPONENT_IDS.MODEL_PARAMETERS_FINAL) === 'included' &&
    status(MOF_COMPONENT_IDS.DATASETS) === 'included' &&
    status(MOF_COMPONENT_IDS.TRAINING_CODE) === 'included'
  ) {
    return ReleaseLevel.FULLY_OPEN;
  }
  if (listed && params?.license && !NOT_RELEASED_LICENCE.test(params.license)) return ReleaseLevel.DOWNLOADABLE;
  return hints.offeredViaApi ? ReleaseLevel.CLOUD_API : ReleaseLevel.FULLY_CLOSED;
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
 * or full SPDX name, so `MIT License` and `apache-2.0` count), then RAIL licences, then producers' community
 * licences (so `Gemma Terms of Use` is community, not proprietary), then proprietary terms, else UNKNOWN.
 */
export function inferLicenseKind(licenseName: string | null | undefined, registry: LicenceRegistry): LicenseKind {
  const name = licenseName?.trim();
  if (!name) return LicenseKind.UNKNOWN;
  const id = registry.resolveId(name);
  if (id !== undefined && registry.isOsiApproved(id)) return LicenseKind.OSI_APPROVED;
  if (RAIL.test(name)) return LicenseKind.OPEN_RAIL;
  if (COMMUNITY.some((pattern) => pattern.test(name))) return LicenseKind.COMMUNITY_CUSTOM;
  if (PROPRIETARY.test(name)) return LicenseKind.PROPRIETARY_TERMS;
  return LicenseKind.UNKNOWN;
}

/**
 * The vocabulary of a model's openness profile (ARCHITECTURE.md section 2).
 * Pure types: no NestJS, no database. GraphQL enum registration lives in the catalog's GraphQL types.
 */

/**
 * Solaiman's release gradient ("The Gradient of Generative AI Release", 2023), plus UNKNOWN: the sources do
 * not place the model on the gradient (an imported record that does not say whether or under which licence
 * the final parameters were released). UNKNOWN is not a step of the gradient; it gives WeightsAccess.UNKNOWN
 * and no guessed hosting options.
 */
export enum ReleaseLevel {
  FULLY_CLOSED = 'FULLY_CLOSED',
  GRADUAL_STAGED = 'GRADUAL_STAGED',
  HOSTED = 'HOSTED',
  CLOUD_API = 'CLOUD_API',
  DOWNLOADABLE = 'DOWNLOADABLE',
  FULLY_OPEN = 'FULLY_OPEN',
  UNKNOWN = 'UNKNOWN',
}

/**
 * Who can obtain the weights: anyone (OPEN), after accepting terms or approval (GATED), nobody outside the
 * producer (CLOSED), or the source does not say (UNKNOWN: an imported record with no parameters component,
 * or one listed without any licence, and no curated fact). UNKNOWN is never read as CLOSED or OPEN: the
 * risk engine and policies treat it as a missing fact to be recorded.
 */
export enum WeightsAccess {
  OPEN = 'OPEN',
  GATED = 'GATED',
  CLOSED = 'CLOSED',
  UNKNOWN = 'UNKNOWN',
}

/**
 * What kind of terms a licence is. STANDARD_NON_OSI is a standard licence, published and maintained by a
 * standards body rather than written by the model's producer, that is not on the OSI list: the Creative
 * Commons licences (BY and BY-SA, and the NonCommercial and NoDerivatives variants such as CC-BY-NC-4.0) and
 * FSF-free licences such as Apache-1.0. Its terms are stable and well known, unlike a producer-written
 * COMMUNITY_CUSTOM licence; what it restricts (non-commercial use, share-alike) is said by its obligations.
 */
export enum LicenseKind {
  OSI_APPROVED = 'OSI_APPROVED',
  OPEN_RAIL = 'OPEN_RAIL',
  COMMUNITY_CUSTOM = 'COMMUNITY_CUSTOM',
  STANDARD_NON_OSI = 'STANDARD_NON_OSI',
  PROPRIETARY_TERMS = 'PROPRIETARY_TERMS',
  UNKNOWN = 'UNKNOWN',
}

export enum ObligationKind {
  ATTRIBUTION = 'ATTRIBUTION',
  ACCEPTABLE_USE_POLICY = 'ACCEPTABLE_USE_POLICY',
  USER_THRESHOLD = 'USER_THRESHOLD',
  NO_TRAINING_OTHER_MODELS = 'NO_TRAINING_OTHER_MODELS',
  NON_COMMERCIAL = 'NON_COMMERCIAL',
  SHARE_ALIKE = 'SHARE_ALIKE',
  OTHER = 'OTHER',
}

/** A duty the licence puts on the adopter. `threshold` only for USER_THRESHOLD (e.g. 700000000 monthly active users). */
export interface LicenseObligation {
  kind: ObligationKind;
  threshold?: number | null;
  text?: string | null;
}

export enum HostingOption {
  SELF_HOSTED = 'SELF_HOSTED',
  VENDOR_API = 'VENDOR_API',
  ON_DEVICE = 'ON_DEVICE',
}

/** How the model can be adapted: by tuning released weights, through the provider's tuning API, or not at all. */
export enum FineTuningAvailability {
  WEIGHTS = 'WEIGHTS',
  PROVIDER_API = 'PROVIDER_API',
  NONE = 'NONE',
  UNKNOWN = 'UNKNOWN',
}

export enum TrainingDataOpenness {
  OPEN = 'OPEN',
  DOCUMENTED = 'DOCUMENTED',
  UNDISCLOSED = 'UNDISCLOSED',
  UNKNOWN = 'UNKNOWN',
}

export enum MofClass {
  CLASS_I = 'CLASS_I',
  CLASS_II = 'CLASS_II',
  CLASS_III = 'CLASS_III',
  UNCLASSIFIED = 'UNCLASSIFIED',
}

/** A known weakness of a model's catalog facts, shown with the model so no one relies on them unawares. */
export enum DataQualityCode {
  /** No licence is recorded: the source names none for the final parameters, the distribution or globally. */
  LICENCE_MISSING = 'LICENCE_MISSING',
  /** The final parameters name no licence of their own; the record's distribution licence is shown. */
  LICENCE_FROM_DISTRIBUTION = 'LICENCE_FROM_DISTRIBUTION',
  /** Neither the parameters nor the distribution name a licence; a global code/data/document licence is shown. */
  LICENCE_FROM_GLOBAL = 'LICENCE_FROM_GLOBAL',
  /** The licence is named but is neither an open SPDX licence nor a known model licence: its kind is UNKNOWN. */
  LICENCE_KIND_UNKNOWN = 'LICENCE_KIND_UNKNOWN',
  /** The source does not say whether the weights are released: weights access is UNKNOWN, never CLOSED. */
  WEIGHTS_ACCESS_UNKNOWN = 'WEIGHTS_ACCESS_UNKNOWN',
  /** The record claims released parameters that the curated, sourced facts say were never released. */
  WEIGHTS_CLAIM_DISPUTED = 'WEIGHTS_CLAIM_DISPUTED',
  /** The record says otherwise than the curated facts (which are shown) on another point, e.g. the licence. */
  CONFLICTS_WITH_CURATED = 'CONFLICTS_WITH_CURATED',
}

/** One data-quality flag: what it is, which field it concerns and what it means for this model. */
export interface DataQualityIssue {
  code: DataQualityCode;
  /** The profile field concerned, e.g. `licenseName`, `weightsAccess`. */
  field: string;
  message: string;
}

/** A sourced fact: which field it supports and where it can be checked. */
export interface SourceLink {
  field: string;
  url: string;
  note?: string;
}

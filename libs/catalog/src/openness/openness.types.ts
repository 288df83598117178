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

export enum LicenseKind {
  OSI_APPROVED = 'OSI_APPROVED',
  OPEN_RAIL = 'OPEN_RAIL',
  COMMUNITY_CUSTOM = 'COMMUNITY_CUSTOM',
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

/** A sourced fact: which field it supports and where it can be checked. */
export interface SourceLink {
  field: string;
  url: string;
  note?: string;
}

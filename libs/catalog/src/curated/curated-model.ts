import type {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  LicenseObligation,
  ReleaseLevel,
  SourceLink,
  TrainingDataOpenness,
} from '../openness/openness.types';

/**
 * One entry of the service's curated overlay: facts about a widely used model that the catalogue shows and the
 * risk rules read, each backed by a {@link SourceLink}. A fact that could not be sourced is left unknown
 * (`null`, `[]`, `UNKNOWN`) rather than guessed.
 */
export interface CuratedModel {
  /** Stable slug, e.g. `meta-llama-3.1-8b-instruct`. */
  key: string;
  /** Display name, e.g. `Llama 3.1 8B Instruct`. */
  name: string;
  /** Exact `release.name` of the matching Model Openness Tool record, when one exists. */
  motName?: string;
  /** Organisation that produced the model, e.g. `Meta`. */
  producer: string;
  /**
   * Groups one producer's related releases, e.g. `Llama 3.1` or `Google Gemini/Gemma`; models sharing a family
   * let the service offer "the open alternative from the same family".
   */
  family: string;
  version: string | null;
  /** e.g. `['text']`, `['text', 'image']`. */
  modalities: string[];
  /** Total parameters as stated by the producer; `null` if undisclosed. */
  parameterCount: number | null;
  /** ISO date (`YYYY-MM-DD`). */
  releaseDate: string | null;
  releaseLevel: ReleaseLevel;
  /** Weights downloadable only after accepting terms or approval. */
  gated: boolean;
  /** SPDX id when there is one, else the licence's name; `Proprietary` for API terms. */
  licenseName: string;
  licenseUrl: string | null;
  licenseKind: LicenseKind;
  obligations: LicenseObligation[];
  trainingDataOpenness: TrainingDataOpenness;
  hostingOptions: HostingOption[];
  /** BCP 47 codes the producer officially lists as supported; `[]` if not stated. */
  languages: string[];
  fineTuning: FineTuningAvailability[];
  /** Every known fact above has a source whose `field` names it (`licenseName`, `obligations`, ...). */
  sources: SourceLink[];
}

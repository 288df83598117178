/**
 * The vocabulary and the inputs of the risk engine (ARCHITECTURE.md sections 2 and 4).
 * Pure types: no NestJS, no database. GraphQL enum registration belongs to the risk library's GraphQL types.
 */
import type {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  LicenseObligation,
  MofClass,
  ReleaseLevel,
  TrainingDataOpenness,
  WeightsAccess,
} from '@app/catalog/openness';
import type { Connectivity, FeasibilityModel, HardwareProfile } from './feasibility';

/** The field an adoption request serves; drives impact (e.g. HEALTH and HUMANITARIAN raise confabulation impact). */
export enum Sector {
  HEALTH = 'HEALTH',
  EDUCATION = 'EDUCATION',
  HUMANITARIAN = 'HUMANITARIAN',
  CIVIL_SOCIETY = 'CIVIL_SOCIETY',
  AGRICULTURE = 'AGRICULTURE',
  PUBLIC_SERVICES = 'PUBLIC_SERVICES',
  OTHER = 'OTHER',
}

/**
 * The most sensitive data the use case processes, in increasing order. SENSITIVE_PERSONAL are the GDPR
 * Art. 9 special categories (health, biometric, ethnic origin, ...); CHILDREN data merits specific
 * protection (GDPR recital 38).
 */
export enum DataSensitivity {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
  PERSONAL = 'PERSONAL',
  SENSITIVE_PERSONAL = 'SENSITIVE_PERSONAL',
  CHILDREN = 'CHILDREN',
}

/** How the organisation means to adapt the model to its use case. */
export enum IntendedAdaptation {
  NONE = 'NONE',
  PROMPTING = 'PROMPTING',
  RETRIEVAL = 'RETRIEVAL',
  FINE_TUNING = 'FINE_TUNING',
}

/** The risk categories of a pre-assessment, in the order items are reported; each maps to NIST AI 600-1. */
export enum RiskCategory {
  MISUSE = 'MISUSE',
  PROVIDER_DEPENDENCY = 'PROVIDER_DEPENDENCY',
  TRANSPARENCY = 'TRANSPARENCY',
  DATA_PROTECTION = 'DATA_PROTECTION',
  INFORMATION_SECURITY = 'INFORMATION_SECURITY',
  LOCAL_FIT = 'LOCAL_FIT',
  LICENSE_COMPLIANCE = 'LICENSE_COMPLIANCE',
  BIAS = 'BIAS',
  CONFABULATION = 'CONFABULATION',
  SUSTAINABILITY_COST = 'SUSTAINABILITY_COST',
}

/** Band of a likelihood x impact score, and the tier of a request (lowest first). */
export enum RiskTier {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

/** Risk class of an AI system under the EU AI Act (Regulation (EU) 2024/1689). */
export enum EuAiActClass {
  /** Article 5 practices. */
  PROHIBITED = 'PROHIBITED',
  /** Article 6 with Annex I (product safety components) or Annex III (listed areas). */
  HIGH = 'HIGH',
  /** Article 50 transparency duties (interaction with people, generated content). */
  LIMITED = 'LIMITED',
  /** None of the above; voluntary codes of conduct (Article 95). */
  MINIMAL = 'MINIMAL',
}

/** The facts of an adoption request that the engine reads. */
export interface RequestFacts {
  sector: Sector;
  /** Where the model will run: on the organisation's servers, through the provider's API, or on users' devices. */
  deploymentMode: HostingOption;
  dataSensitivity: DataSensitivity;
  intendedAdaptation: IntendedAdaptation;
  /** BCP 47 tags of the languages the use case needs (e.g. `sw-KE`); compared by primary subtag. */
  languages: string[];
  /** Who is affected by the system's outputs, in words (e.g. "refugees in camps near Goma"). */
  affectedPopulation: string;
  /** Expected number of users (monthly active users where a licence counts them that way). */
  expectedUsers: number;
  /** What the model will be used for, in words; read by the EU AI Act keyword pre-screen. */
  useCase: string;
  /** The system is open to the public (not only to the organisation's staff). */
  publicFacing?: boolean;
  /** The network the deployment can count on (a hard constraint, see `checkFeasibility`); absent while drafting. */
  connectivity?: Connectivity | null;
  /** Jurisdictions where data may be processed (ISO 3166-1 alpha-2, EU, EEA, or ANY); empty while drafting. */
  dataResidency?: string[];
  /** The hardware available to run the model locally; absent while drafting. */
  hardware?: HardwareProfile | null;
  /**
   * The organisation's monthly active users across all its products and services, when it records the
   * figure; licence user thresholds (e.g. Llama's 700M) count this, not one request's users.
   */
  organisationMonthlyActiveUsers?: number | null;
}

/** Another model of the same family (a hybrid release: e.g. a small open model and a large API model). */
export interface FamilyAlternative {
  name: string;
  weightsAccess: WeightsAccess;
  hostingOptions: HostingOption[];
}

/** The facts of the candidate model's openness profile that the engine reads (from the catalog entry). */
export interface ModelFacts {
  name: string;
  producer: string;
  family: string | null;
  releaseLevel: ReleaseLevel;
  weightsAccess: WeightsAccess;
  licenseName: string;
  licenseKind: LicenseKind;
  obligations: LicenseObligation[];
  hostingOptions: HostingOption[];
  /** BCP 47 tags of the languages the producer documents; empty when undocumented. */
  languages: string[];
  fineTuning: FineTuningAvailability[];
  trainingDataOpenness: TrainingDataOpenness;
  mofClass: MofClass;
  parameterCount: number | null;
  /** Other models of the same family. */
  familyAlternatives?: FamilyAlternative[];
  /** Modalities (e.g. `text`, `image`); read by the GPAI test. Absent: assumed a foundation model. */
  modalities?: string[];
  /** Cumulative training compute in FLOPs, when the producer discloses it (EU AI Act Art. 51(2)). */
  trainingComputeFlops?: number | null;
  /** Memory to serve the weights (catalog, from the parameter count); null when unknown. */
  servingMemory?: FeasibilityModel['servingMemory'];
  /** The producer's API offerings and their hosting regions (catalog); null when not recorded. */
  vendorOfferings?: FeasibilityModel['vendorOfferings'];
}

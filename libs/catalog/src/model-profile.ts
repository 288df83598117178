import { CuratedModel } from './curated/curated-model';
import {
  assessOsaid,
  classifyMof,
  DataQualityIssue,
  deriveWeightsAccess,
  findKnownLicence,
  FineTuningAvailability,
  HostingOption,
  inferLicenseKind,
  inferReleaseLevelFromRecord,
  LicenceRegistry,
  LicenseKind,
  LicenseObligation,
  MOF_COMPONENT_IDS,
  MofClass,
  MofClassification,
  MofComponentDefinition,
  MofProgress,
  MotRecord,
  NOT_RELEASED_LICENCE,
  NOT_STATED_LICENCE,
  ReleaseLevel,
  SourceLink,
  TrainingDataOpenness,
  WeightsAccess,
} from './openness';
import { factsQuality, isDownloadable, licenceOfRecord, recordQuality } from './model-data-quality';

/** One MOF component as the catalog shows it. */
export interface ComponentView {
  name: string;
  released: boolean;
  license: string | null;
  /** included (open licence), unlicensed, invalid (licence not open), missing (not released). */
  status: string;
}

/**
 * A model's openness profile: the facts (from a Model Openness Tool record, the curated overlay or a
 * policy admin) and what the catalog derives from them (weights access, MOF class, OSAID).
 */
export interface ModelProfile {
  key: string;
  name: string;
  producer: string;
  family: string | null;
  releaseVersion: string | null;
  modelType: string | null;
  modalities: string[];
  parameterCount: number | null;
  releaseDate: string | null;
  releaseLevel: ReleaseLevel;
  gated: boolean;
  weightsAccess: WeightsAccess;
  licenseName: string | null;
  licenseUrl: string | null;
  licenseKind: LicenseKind;
  obligations: LicenseObligation[];
  components: ComponentView[];
  mofClass: MofClass;
  mofProgress: MofProgress;
  osaid: { conformant: boolean; missing: string[] };
  trainingDataOpenness: TrainingDataOpenness;
  hostingOptions: HostingOption[];
  languages: string[];
  fineTuning: FineTuningAvailability[];
  sources: SourceLink[];
  /** The record the profile was computed from (kept so classification can be recomputed and audited). */
  motRecord: MotRecord | null;
  /** Known weaknesses of these facts (licence missing or taken from a fallback, weights access unknown ...). */
  dataQuality: DataQualityIssue[];
}

const MOT_REPOSITORY = 'https://github.com/lfai/model_openness_tool/blob/main/models';
/** The note on the source link of facts taken from a Model Openness Tool record. */
export const MOT_SOURCE_NOTE = 'Model Openness Tool record';

/** The catalog key of a model known from a MOT record. */
export function motKey(recordName: string): string {
  return `mot:${recordName}`;
}

function componentsView(classification: MofClassification): ComponentView[] {
  return classification.components.map((c) => ({
    name: c.name,
    // A component the record lists as "Proprietary" or "not included" was not released, whatever the
    // classifier calls it (it counts such a licence as invalid, which is the tool's reading).
    released:
      c.status !== 'missing' &&
      !(c.license && (NOT_RELEASED_LICENCE.test(c.license) || NOT_STATED_LICENCE.test(c.license))),
    license: c.license,
    status: c.status,
  }));
}

/**
 * Training-data openness from the record: open datasets, or at least a data card; otherwise UNDISCLOSED
 * when the weights are closed (a producer that withholds its weights and publishes no data card has not
 * disclosed its training data), else UNKNOWN.
 */
function trainingDataFrom(classification: MofClassification, weightsAccess: WeightsAccess): TrainingDataOpenness {
  const status = (id: number) => classification.components.find((c) => c.id === id)?.status;
  if (status(MOF_COMPONENT_IDS.DATASETS) === 'included') return TrainingDataOpenness.OPEN;
  const card = status(MOF_COMPONENT_IDS.DATA_CARD);
  if (card && card !== 'missing') return TrainingDataOpenness.DOCUMENTED;
  return undisclosedWhenClosed(TrainingDataOpenness.UNKNOWN, weightsAccess);
}

/** Closed weights with unknown training data: the producer has not disclosed it. */
function undisclosedWhenClosed(value: TrainingDataOpenness, weightsAccess: WeightsAccess): TrainingDataOpenness {
  return value === TrainingDataOpenness.UNKNOWN && weightsAccess === WeightsAccess.CLOSED
    ? TrainingDataOpenness.UNDISCLOSED
    : value;
}

/**
 * Hosting options a release level implies: self-hosting for downloadable weights, the vendor's API for an
 * API release. None is guessed for a closed release (served by an API or not at all) or an UNKNOWN level.
 */
function defaultHosting(level: ReleaseLevel): HostingOption[] {
  if (isDownloadable(level)) return [HostingOption.SELF_HOSTED];
  if (level === ReleaseLevel.CLOUD_API) return [HostingOption.VENDOR_API];
  return [];
}

/**
 * The profile of a MOT record, with the curated overlay's facts taking precedence where it has them:
 * the record says which components are released under which licence (hence MOF class and OSAID), the
 * overlay what the record cannot (release level, hosting, languages, tuning, obligations).
 *
 * Without an overlay, the licence is the parameters' own, then the distribution licence, then a global one
 * ({@link licenceOfRecord}); a known licence ({@link findKnownLicence}) gives the kind, the obligations, the
 * gating of downloads and the licence's url; a record silent about the weights gives UNKNOWN weights access
 * and no hosting option. `dataQuality` lists the fallbacks used and the disagreements with curated facts.
 */
export function profileFromRecord(
  record: MotRecord,
  registry: LicenceRegistry,
  components: readonly MofComponentDefinition[],
  file: string | null,
  curated?: CuratedModel,
): ModelProfile {
  const classification = classifyMof(record, registry, components);
  const osaid = assessOsaid(classification, registry);
  const releaseLevel = curated?.releaseLevel ?? inferReleaseLevelFromRecord(record, classification);
  const licenseName = curated?.licenseName ?? licenceOfRecord(record).name;
  const known = curated ? undefined : findKnownLicence(licenseName);
  const downloadable = isDownloadable(releaseLevel);
  const gated = curated?.gated ?? (downloadable && known?.gated === true);
  const weightsAccess = deriveWeightsAccess(releaseLevel, gated);
  const spdxId = licenseName ? registry.resolveId(licenseName) : undefined;
  const sources: SourceLink[] = [
    ...(curated?.sources ?? []),
    ...(known
      ? [
          { field: 'obligations', url: known.url, note: `Known licence: ${known.name}` },
          ...(gated ? [{ field: 'gated', url: known.url, note: `Downloads under the ${known.name} are gated` }] : []),
        ]
      : []),
    ...(file
      ? [{ field: 'components', url: `${MOT_REPOSITORY}/${encodeURIComponent(file)}`, note: MOT_SOURCE_NOTE }]
      : []),
  ];
  const profile: ModelProfile = {
    key: curated?.key ?? motKey(record.name),
    name: curated?.name ?? record.name,
    producer: curated?.producer ?? (record.producer || 'Unknown'),
    family: curated?.family ?? null,
    releaseVersion: curated?.version ?? record.version,
    modelType: record.type,
    modalities: curated?.modalities ?? (record.type ? [record.type] : []),
    parameterCount: curated?.parameterCount ?? null,
    releaseDate: curated?.releaseDate ?? record.date,
    releaseLevel,
    gated,
    weightsAccess,
    licenseName,
    licenseUrl: curated?.licenseUrl ?? known?.url ?? (spdxId ? `https://spdx.org/licenses/${spdxId}.html` : null),
    licenseKind: curated?.licenseKind ?? inferLicenseKind(licenseName, registry),
    obligations: curated?.obligations ?? (known ? known.obligations.map((o) => ({ ...o })) : []),
    components: componentsView(classification),
    mofClass: classification.mofClass,
    mofProgress: classification.progress,
    osaid: { conformant: osaid.conformant, missing: osaid.missing },
    trainingDataOpenness: curated
      ? undisclosedWhenClosed(curated.trainingDataOpenness, weightsAccess)
      : trainingDataFrom(classification, weightsAccess),
    hostingOptions: curated?.hostingOptions ?? defaultHosting(releaseLevel),
    languages: curated?.languages ?? [],
    fineTuning:
      curated?.fineTuning ?? (downloadable ? [FineTuningAvailability.WEIGHTS] : [FineTuningAvailability.UNKNOWN]),
    sources,
    motRecord: record,
    dataQuality: [],
  };
  profile.dataQuality = recordQuality(record, classification, registry, profile, curated);
  return profile;
}

/** Facts of a model without a MOT record (curated, or entered by a policy admin). */
export interface ModelFacts {
  key: string;
  name: string;
  producer: string;
  family: string | null;
  releaseVersion: string | null;
  modalities: string[];
  parameterCount: number | null;
  releaseDate: string | null;
  releaseLevel: ReleaseLevel;
  gated: boolean;
  licenseName: string | null;
  licenseUrl: string | null;
  licenseKind: LicenseKind | null;
  obligations: LicenseObligation[];
  trainingDataOpenness: TrainingDataOpenness;
  hostingOptions: HostingOption[];
  languages: string[];
  fineTuning: FineTuningAvailability[];
  sources: SourceLink[];
  /** Released components and their licences; unnamed MOF components count as not released. */
  components: Array<{ name: string; license: string | null }>;
}

/**
 * The profile of a model described by its facts. The components are classified exactly like a MOT
 * record's (a record is built from them), so hand-entered and imported models are judged alike.
 */
export function profileFromFacts(
  facts: ModelFacts,
  registry: LicenceRegistry,
  components: readonly MofComponentDefinition[],
): ModelProfile {
  const record: MotRecord = {
    framework: { name: 'Model Openness Framework', version: '1.0', date: null },
    name: facts.name,
    version: facts.releaseVersion,
    date: facts.releaseDate,
    type: null,
    architecture: null,
    treatment: null,
    origin: null,
    producer: facts.producer,
    contact: null,
    repository: null,
    huggingface: null,
    license: { distribution: facts.licenseName, code: null, data: null, document: null },
    licensePaths: { distribution: null, code: null, data: null, document: null },
    components: facts.components.map((c) => ({
      name: c.name,
      description: null,
      license: c.license === null ? 'unlicensed' : c.license,
      licensePath: null,
      componentPath: null,
    })),
  };
  const classification = classifyMof(record, registry, components);
  const osaid = assessOsaid(classification, registry);
  const weightsAccess = deriveWeightsAccess(facts.releaseLevel, facts.gated);
  const profile: ModelProfile = {
    ...facts,
    modelType: null,
    weightsAccess,
    licenseKind: facts.licenseKind ?? inferLicenseKind(facts.licenseName, registry),
    trainingDataOpenness: undisclosedWhenClosed(facts.trainingDataOpenness, weightsAccess),
    components: componentsView(classification),
    mofClass: classification.mofClass,
    mofProgress: classification.progress,
    osaid: { conformant: osaid.conformant, missing: osaid.missing },
    motRecord: facts.components.length ? record : null,
    dataQuality: [],
  };
  profile.dataQuality = factsQuality(profile);
  return profile;
}

/** A curated model that has no MOT record. */
export function curatedFacts(c: CuratedModel): ModelFacts {
  return {
    key: c.key,
    name: c.name,
    producer: c.producer,
    family: c.family,
    releaseVersion: c.version,
    modalities: c.modalities,
    parameterCount: c.parameterCount,
    releaseDate: c.releaseDate,
    releaseLevel: c.releaseLevel,
    gated: c.gated,
    licenseName: c.licenseName,
    licenseUrl: c.licenseUrl,
    licenseKind: c.licenseKind,
    obligations: c.obligations,
    trainingDataOpenness: c.trainingDataOpenness,
    hostingOptions: c.hostingOptions,
    languages: c.languages,
    fineTuning: c.fineTuning,
    sources: c.sources,
    components: [],
  };
}

/** Fields whose change is material: approvals that relied on the old value must be reviewed again. */
export const MATERIAL_FIELDS = [
  'releaseLevel',
  'weightsAccess',
  'licenseName',
  'licenseKind',
  'releaseVersion',
] as const;

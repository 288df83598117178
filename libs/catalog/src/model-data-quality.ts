/**
 * The data quality of a model's profile: where an imported record's facts came from (the parameters' own
 * licence, the distribution licence, a global one), what is missing, and where the record disagrees with the
 * curated, sourced facts. Shown as `AiModel.dataQuality`.
 */
import type { CuratedModel } from './curated/curated-model';
import type { ModelProfile } from './model-profile';
import {
  DataQualityCode,
  DataQualityIssue,
  findKnownLicence,
  inferReleaseLevelFromRecord,
  LicenceRegistry,
  LicenseKind,
  MofClassification,
  MotRecord,
  NOT_STATED_LICENCE,
  parametersClaim,
  ReleaseLevel,
  WeightsAccess,
} from './openness';

/** Weights that can be downloaded: DOWNLOADABLE or FULLY_OPEN. */
export const isDownloadable = (level: ReleaseLevel): boolean =>
  level === ReleaseLevel.DOWNLOADABLE || level === ReleaseLevel.FULLY_OPEN;
const isClosedLevel = (level: ReleaseLevel): boolean =>
  level === ReleaseLevel.CLOUD_API || level === ReleaseLevel.HOSTED || level === ReleaseLevel.FULLY_CLOSED;

/** Where a record's licence was found. */
type LicenceSource = 'parameters' | 'distribution' | 'global';

/**
 * The licence of a record's model: the final parameters' own licence (a value that names one, including
 * `Proprietary`); else the record's distribution licence; else its global licences (data, then code, then
 * document). `null` when the record names none.
 */
export function licenceOfRecord(record: MotRecord): { name: string | null; source: LicenceSource | null } {
  const params = record.components.find((c) => c.name === 'Model parameters (Final)');
  const own = params?.license?.trim();
  if (own && own.toLowerCase() !== 'unlicensed' && !NOT_STATED_LICENCE.test(own)) {
    return { name: own, source: 'parameters' };
  }
  if (record.license.distribution?.trim()) return { name: record.license.distribution.trim(), source: 'distribution' };
  for (const type of ['data', 'code', 'document'] as const) {
    const global = record.license[type]?.trim();
    if (global) return { name: global, source: 'global' };
  }
  return { name: null, source: null };
}

/** One name per licence, so that `Apache-2.0`, `apache-2.0` and `Apache License 2.0` compare equal. */
function sameLicence(a: string, b: string, registry: LicenceRegistry): boolean {
  const canonical = (name: string) =>
    registry.resolveId(name) ?? findKnownLicence(name)?.key ?? name.trim().toLowerCase().replace(/\s+/g, ' ');
  return canonical(a) === canonical(b);
}

/** Flags every profile gets from its own facts, whatever their origin. */
export function factsQuality(
  p: Pick<ModelProfile, 'licenseName' | 'licenseKind' | 'weightsAccess'>,
): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  if (!p.licenseName) {
    issues.push({
      code: DataQualityCode.LICENCE_MISSING,
      field: 'licenseName',
      message:
        'No licence is recorded for this model: record it (updateAiModel licenseName) before the model can be submitted.',
    });
  } else if (p.licenseKind === LicenseKind.UNKNOWN) {
    issues.push({
      code: DataQualityCode.LICENCE_KIND_UNKNOWN,
      field: 'licenseKind',
      message: `Licence "${p.licenseName}" is neither an open SPDX licence nor a known model licence, so its kind is UNKNOWN: record the kind (updateAiModel licenseKind) after reading its terms.`,
    });
  }
  if (p.weightsAccess === WeightsAccess.UNKNOWN) {
    issues.push({
      code: DataQualityCode.WEIGHTS_ACCESS_UNKNOWN,
      field: 'weightsAccess',
      message:
        'The sources do not say whether the weights are released: weights access is UNKNOWN, not CLOSED. Record the release level (updateAiModel releaseLevel) once known.',
    });
  }
  return issues;
}

/** Flags that say where an imported record's facts came from, or where it disagrees with the curated facts. */
export function recordQuality(
  record: MotRecord,
  classification: MofClassification,
  registry: LicenceRegistry,
  profile: ModelProfile,
  curated: CuratedModel | undefined,
): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  const licence = licenceOfRecord(record);
  const claim = parametersClaim(record, classification);
  const recordLevel = inferReleaseLevelFromRecord(record, classification);
  if (!curated && licence.source === 'distribution') {
    issues.push({
      code: DataQualityCode.LICENCE_FROM_DISTRIBUTION,
      field: 'licenseName',
      message: `The record names no licence of the final parameters themselves; its distribution licence ${licence.name} is shown.`,
    });
  }
  if (!curated && licence.source === 'global') {
    issues.push({
      code: DataQualityCode.LICENCE_FROM_GLOBAL,
      field: 'licenseName',
      message: `The record names no licence of the final parameters nor a distribution licence; its global licence ${licence.name} is shown, which may cover code or documents rather than the weights.`,
    });
  }
  if (!curated) {
    // The generic flag, said with what this record lacks.
    return [
      ...issues,
      ...factsQuality(profile).map((issue) =>
        issue.code === DataQualityCode.WEIGHTS_ACCESS_UNKNOWN && claim.kind === 'not-stated'
          ? {
              ...issue,
              message: `${capitalise(claim.why)}, so it does not say whether the weights are released: weights access is UNKNOWN, not CLOSED, and no hosting option is assumed. Record the release level (updateAiModel releaseLevel) once known.`,
            }
          : issue,
      ),
    ];
  }
  if (isClosedLevel(curated.releaseLevel) && isDownloadable(recordLevel) && claim.kind === 'licensed') {
    issues.push({
      code: DataQualityCode.WEIGHTS_CLAIM_DISPUTED,
      field: 'weightsAccess',
      message: `The Model Openness Tool record lists the final parameters under ${claim.license}, but the producer never released the weights (see the sources on releaseLevel): the curated facts are shown (release level ${curated.releaseLevel}, weights ${profile.weightsAccess}). The record's MOF class is kept as the tool computes it.`,
    });
  } else {
    if (isDownloadable(curated.releaseLevel) && claim.kind === 'not-released') {
      issues.push({
        code: DataQualityCode.CONFLICTS_WITH_CURATED,
        field: 'releaseLevel',
        message: `The record gives the final parameters as "${claim.license}" (not released), but the curated, sourced facts say the weights can be downloaded (${curated.releaseLevel}); the curated facts are shown.`,
      });
    }
    if (licence.name && !sameLicence(licence.name, curated.licenseName, registry)) {
      issues.push({
        code: DataQualityCode.CONFLICTS_WITH_CURATED,
        field: 'licenseName',
        message: `The record names the licence ${licence.name}; the curated, sourced licence ${curated.licenseName} is shown.`,
      });
    }
  }
  return [...issues, ...factsQuality(profile)];
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

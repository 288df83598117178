import canonicalize from 'canonicalize';
import { AiModelEntity } from './ai-model.entity';
import { MATERIAL_FIELDS, ModelProfile } from './model-profile';

/** The profile fields a change is recorded for (everything but bookkeeping and the raw record). */
const TRACKED: Array<keyof ModelProfile & keyof AiModelEntity> = [
  'name',
  'producer',
  'family',
  'releaseVersion',
  'modalities',
  'parameterCount',
  'releaseDate',
  'releaseLevel',
  'gated',
  'weightsAccess',
  'licenseName',
  'licenseUrl',
  'licenseKind',
  'obligations',
  'components',
  'mofClass',
  'mofProgress',
  'osaid',
  'trainingDataOpenness',
  'hostingOptions',
  'languages',
  'fineTuning',
  'sources',
  'dataQuality',
];

/** Key order does not matter (jsonb stores keys in its own order). */
const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);

/** What a change does to a model: every tracked field that differs, and which of them are material. */
export function diffProfile(
  before: AiModelEntity,
  after: ModelProfile & { retired?: boolean },
): {
  changes: Record<string, { from: unknown; to: unknown }>;
  material: Record<string, { from: unknown; to: unknown }>;
} {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of TRACKED) {
    if (!same(before[field], after[field])) changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  if (after.retired !== undefined && after.retired !== before.retired) {
    changes.retired = { from: before.retired, to: after.retired };
  }
  const material = Object.fromEntries(
    Object.entries(changes).filter(([field]) => (MATERIAL_FIELDS as readonly string[]).includes(field)),
  );
  return { changes, material };
}

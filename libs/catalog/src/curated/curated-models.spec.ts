import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { itWithMotData, MOT_DATA_DIR } from '@app/testing/mot-data';
import {
  FineTuningAvailability,
  LicenseKind,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
} from '../openness/openness.types';
import type { CuratedModel } from './curated-model';
import { CURATED_MODELS } from './curated-models';

/** BCP 47 language tag: primary language subtag, then optional script/region/variant subtags. */
const BCP47 = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?(-([a-z\d]{5,8}|\d[a-z\d]{3}))*$/;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SLUG = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

const OPEN_LEVELS = new Set([ReleaseLevel.DOWNLOADABLE, ReleaseLevel.FULLY_OPEN]);
const CLOSED_LEVELS = new Set([ReleaseLevel.CLOUD_API, ReleaseLevel.HOSTED, ReleaseLevel.FULLY_CLOSED]);

const isOpenWeights = (m: CuratedModel): boolean => OPEN_LEVELS.has(m.releaseLevel) && !m.gated;
const isClosedOrGated = (m: CuratedModel): boolean => CLOSED_LEVELS.has(m.releaseLevel) || m.gated;
const hasSource = (m: CuratedModel, field: string): boolean => m.sources.some((s) => s.field === field);

/** `release.name` of every record in the Model Openness Tool's `models/` folder. */
function motReleaseNames(dir: string): Set<string> {
  const modelsDir = join(dir, 'models');
  if (!existsSync(modelsDir)) {
    throw new Error(`Model Openness Tool records not found at ${modelsDir}; set MOT_DATA_DIR`);
  }
  const names = new Set<string>();
  for (const file of readdirSync(modelsDir).filter((f) => /\.ya?ml$/.test(f))) {
    const doc = parse(readFileSync(join(modelsDir, file), 'utf8')) as {
      release?: { name?: unknown };
    } | null;
    const name = doc?.release?.name;
    if (typeof name === 'string' || typeof name === 'number') names.add(String(name));
  }
  return names;
}

describe('CURATED_MODELS', () => {
  const models = CURATED_MODELS;
  const byKey = (field: (m: CuratedModel) => boolean): string[] => models.filter(field).map((m) => m.key);

  it('has at least 30 models with unique, slug-shaped keys', () => {
    expect(models.length).toBeGreaterThanOrEqual(30);
    const keys = models.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => !SLUG.test(k))).toEqual([]);
  });

  it('has names, producers and families on every model', () => {
    expect(byKey((m) => !m.name.trim() || !m.producer.trim() || !m.family.trim())).toEqual([]);
    expect(byKey((m) => m.modalities.length === 0)).toEqual([]);
  });

  it('has at least three families with both an open-weights member and a closed or gated member', () => {
    const families = new Map<string, CuratedModel[]>();
    for (const m of models) families.set(m.family, [...(families.get(m.family) ?? []), m]);
    const mixed = [...families.entries()]
      .filter(([, members]) => members.some(isOpenWeights) && members.some(isClosedOrGated))
      .map(([family]) => family);
    expect(mixed.length).toBeGreaterThanOrEqual(3);
  });

  it('gives every model at least one source, and every source an https url and a field', () => {
    expect(byKey((m) => m.sources.length === 0)).toEqual([]);
    const bad = models.flatMap((m) =>
      m.sources
        .filter((s) => !s.field.trim() || !/^https:\/\/[^\s/]+\.[^\s]+$/.test(s.url))
        .map((s) => `${m.key}: ${s.field} ${s.url}`),
    );
    expect(bad).toEqual([]);
    const badLicenceUrls = byKey((m) => m.licenseUrl !== null && !m.licenseUrl.startsWith('https://'));
    expect(badLicenceUrls).toEqual([]);
  });

  it('gives every USER_THRESHOLD obligation a positive threshold, and no other obligation one', () => {
    const obligations = models.flatMap((m) => m.obligations.map((o) => ({ key: m.key, o })));
    const thresholds = obligations.filter(({ o }) => o.kind === ObligationKind.USER_THRESHOLD);
    expect(thresholds.length).toBeGreaterThan(0);
    expect(
      thresholds.filter(
        ({ o }) => typeof o.threshold !== 'number' || !Number.isInteger(o.threshold) || o.threshold <= 0,
      ),
    ).toEqual([]);
    expect(
      obligations
        .filter(({ o }) => o.kind !== ObligationKind.USER_THRESHOLD && o.threshold != null)
        .map(({ key }) => key),
    ).toEqual([]);
  });

  it('records the Llama community licence 700M monthly-active-user threshold', () => {
    const llama = models.filter((m) => m.licenseName.startsWith('Llama') || m.licenseName.startsWith('Meta Llama'));
    expect(llama.length).toBeGreaterThan(0);
    for (const m of llama) {
      expect(m.obligations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: ObligationKind.USER_THRESHOLD,
            threshold: 700_000_000,
          }),
          expect.objectContaining({
            kind: ObligationKind.ACCEPTABLE_USE_POLICY,
          }),
          expect.objectContaining({ kind: ObligationKind.ATTRIBUTION }),
        ]),
      );
    }
  });

  it('uses valid-looking BCP 47 tags without duplicates', () => {
    const bad = models.flatMap((m) => m.languages.filter((l) => !BCP47.test(l)).map((l) => `${m.key}: ${l}`));
    expect(bad).toEqual([]);
    expect(byKey((m) => new Set(m.languages).size !== m.languages.length)).toEqual([]);
  });

  it('uses ISO dates and sensible numbers', () => {
    expect(byKey((m) => m.releaseDate !== null && !ISO_DATE.test(m.releaseDate))).toEqual([]);
    expect(
      byKey((m) => m.parameterCount !== null && (!Number.isSafeInteger(m.parameterCount) || m.parameterCount <= 0)),
    ).toEqual([]);
  });

  it('keeps release levels, gating and licences consistent', () => {
    // Gated means "downloadable after accepting terms", so only downloadable models can be gated.
    expect(byKey((m) => m.gated && m.releaseLevel !== ReleaseLevel.DOWNLOADABLE)).toEqual([]);
    // Fully open needs open training data as well as open weights.
    expect(
      byKey(
        (m) =>
          m.releaseLevel === ReleaseLevel.FULLY_OPEN &&
          (m.gated || m.trainingDataOpenness !== TrainingDataOpenness.OPEN),
      ),
    ).toEqual([]);
    // API-only models are used under the vendor's terms.
    expect(byKey((m) => CLOSED_LEVELS.has(m.releaseLevel) && m.licenseKind !== LicenseKind.PROPRIETARY_TERMS)).toEqual(
      [],
    );
    // Unknown fine-tuning is stated alone, never alongside a known option.
    expect(byKey((m) => m.fineTuning.includes(FineTuningAvailability.UNKNOWN) && m.fineTuning.length > 1)).toEqual([]);
    expect(byKey((m) => m.fineTuning.length === 0)).toEqual([]);
  });

  it('backs every known fact with a source for that field', () => {
    const missing: string[] = [];
    const need = (m: CuratedModel, field: string, known: boolean): void => {
      if (known && !hasSource(m, field)) missing.push(`${m.key}: ${field}`);
    };
    for (const m of models) {
      need(m, 'licenseName', m.licenseKind !== LicenseKind.UNKNOWN);
      need(m, 'obligations', m.obligations.length > 0);
      need(m, 'languages', m.languages.length > 0);
      need(m, 'releaseLevel', true);
      need(m, 'hostingOptions', m.hostingOptions.length > 0);
      need(m, 'fineTuning', !m.fineTuning.includes(FineTuningAvailability.UNKNOWN));
      need(m, 'parameterCount', m.parameterCount !== null);
    }
    expect(missing).toEqual([]);
  });

  itWithMotData('names only existing Model Openness Tool records in motName', () => {
    const names = motReleaseNames(MOT_DATA_DIR);
    expect(names.size).toBeGreaterThan(0);
    const withMot = models.filter((m) => m.motName !== undefined);
    expect(withMot.length).toBeGreaterThan(0);
    expect(withMot.filter((m) => !names.has(m.motName as string)).map((m) => `${m.key}: ${m.motName}`)).toEqual([]);
  });
});

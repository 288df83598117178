/**
 * Counts the seed catalog (the Model Openness Tool's records plus the curated models) by weights access,
 * licence kind and data-quality flag, with the licence registry built from the tool's data and from the
 * SPDX fallback. Usage: npx ts-node -T -r tsconfig-paths/register scripts/catalog-figures.ts [data folder]
 */
import { resolve } from 'node:path';
import { CatalogSourceService, type ModelProfile } from '@app/catalog';
import type { AppConfig } from '@app/core';

const dir = resolve(process.argv[2] ?? process.env.MOT_DATA_DIR ?? '../shared/data/model-openness-tool');
const silent = { warn: () => undefined } as never;

function count(profiles: ModelProfile[], of: (p: ModelProfile) => string | string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of profiles) for (const k of [of(p)].flat()) out[k] = (out[k] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

const source = new CatalogSourceService({ motDataDir: dir } as AppConfig, silent);
const profiles = source.seedCatalog();
const imported = profiles.filter((p) => p.motRecord && p.key.startsWith('mot:'));
const flags = (p: ModelProfile): string[] => p.dataQuality.map((d) => d.code);
console.log(
  JSON.stringify(
    {
      dataFolder: dir,
      models: profiles.length,
      withoutCuratedOverlay: imported.length,
      weightsAccess: count(profiles, (p) => p.weightsAccess),
      licenseKind: count(profiles, (p) => p.licenseKind),
      withoutLicence: profiles.filter((p) => !p.licenseName).length,
      dataQuality: count(profiles, flags),
    },
    null,
    2,
  ),
);

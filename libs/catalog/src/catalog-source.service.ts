import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, defaultMotDataDir, LOGGER } from '@app/core';
import type { AppConfig } from '@app/core';
import { CuratedModel } from './curated/curated-model';
import { CURATED_MODELS } from './curated/curated-models';
import { curatedFacts, ModelProfile, profileFromFacts, profileFromRecord } from './model-profile';
import {
  LicenceRegistry,
  loadMofComponents,
  MOF_COMPONENTS,
  MofComponentDefinition,
  MotRecord,
  readMotRecords,
} from './openness';

/**
 * Where the catalog's reference knowledge comes from: the Model Openness Tool's data folder
 * (MOT_DATA_DIR; third-party data read in place, never copied into this repository) and the project's
 * own curated overlay. Without the folder, licences are judged with SPDX data packages carrying the OSI
 * and FSF flags (LicenceRegistry.fromSpdxPackage) and the framework's component definitions kept in code;
 * the classes come out the same (tested over every published record).
 */
@Injectable()
export class CatalogSourceService {
  private loaded: { registry: LicenceRegistry; components: readonly MofComponentDefinition[] } | null = null;
  private seedProfiles: ModelProfile[] | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get dataDir(): string | null {
    const dir = this.config.motDataDir;
    return dir && existsSync(join(dir, 'models')) ? dir : null;
  }

  /** The licence registry and MOF component definitions in force. */
  reference(): { registry: LicenceRegistry; components: readonly MofComponentDefinition[] } {
    if (!this.loaded) {
      const dir = this.dataDir;
      this.loaded = dir
        ? { registry: LicenceRegistry.fromMotData(dir), components: loadMofComponents(dir) }
        : { registry: LicenceRegistry.fromSpdxPackage(), components: MOF_COMPONENTS };
    }
    return this.loaded;
  }

  /** The profile of one imported record, with the curated overlay applied when it names the record. */
  profileOfRecord(record: MotRecord, file: string | null): ModelProfile {
    const { registry, components } = this.reference();
    const curated = CURATED_MODELS.find((c) => c.motName === record.name);
    return profileFromRecord(record, registry, components, file, curated);
  }

  /** Profiles of a manually described model. */
  profileOfFacts(facts: Parameters<typeof profileFromFacts>[0]): ModelProfile {
    const { registry, components } = this.reference();
    return profileFromFacts(facts, registry, components);
  }

  /**
   * The models every new organisation starts with: every MOT record (with the overlay where it
   * applies), plus the curated models that have no record. Computed once per process.
   */
  seedCatalog(): ModelProfile[] {
    if (this.seedProfiles) return this.seedProfiles;
    const { registry, components } = this.reference();
    const byMotName = new Map<string, CuratedModel>();
    for (const c of CURATED_MODELS) if (c.motName) byMotName.set(c.motName, c);
    const profiles: ModelProfile[] = [];
    const used = new Set<string>();
    const dir = this.dataDir;
    if (dir) {
      const { records, errors } = readMotRecords(dir);
      for (const e of errors) this.logger.warn({ file: e.file, error: e.error.message }, 'MOT record skipped');
      for (const { file, record } of records) {
        const curated = byMotName.get(record.name);
        if (curated) used.add(curated.key);
        profiles.push(profileFromRecord(record, registry, components, file, curated));
      }
    } else {
      const folder = this.config.motDataDir ?? defaultMotDataDir();
      const where = this.config.MOT_DATA_DIR
        ? `MOT_DATA_DIR is ${folder}, which has no models/ folder`
        : `MOT_DATA_DIR is unset and ${join(folder, 'models')} does not exist`;
      this.logger.warn(
        { motDataDir: folder },
        `Model Openness Tool data not found: ${where}; the catalog is seeded with the curated models alone ` +
          "(set MOT_DATA_DIR to the tool's data folder for its records)",
      );
    }
    for (const c of CURATED_MODELS) {
      if (!used.has(c.key)) profiles.push(profileFromFacts(curatedFacts(c), registry, components));
    }
    // Distinct keys: a record whose name repeats another's keeps the first.
    const seen = new Set<string>();
    this.seedProfiles = profiles.filter((p) => (seen.has(p.key) ? false : (seen.add(p.key), true)));
    return this.seedProfiles;
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { ConcurrentModificationError, FieldError, RequestContext, ValidationError } from '@app/core';
import { Db, updateIfVersion } from '@app/persistence';
import { AiModelEntity } from './ai-model.entity';
import { diffProfile } from './ai-model-changes';
import { CatalogSourceService } from './catalog-source.service';
import { MODEL_MATERIALLY_CHANGED, ModelMateriallyChangedEvent } from './catalog.events';
import { CreateAiModelInput, UpdateAiModelInput } from './dto/ai-model.input';
import { ModelFacts, ModelProfile, MOT_SOURCE_NOTE } from './model-profile';
import canonicalize from 'canonicalize';
import {
  DataQualityCode,
  DataQualityIssue,
  findKnownLicence,
  MotRecordError,
  ObligationKind,
  parseMotRecord,
} from './openness';

export type AiModelOutcome = AiModelEntity | ValidationError | ConcurrentModificationError;

/**
 * Changes to the catalog (POLICY_ADMIN): create, update with optimistic concurrency, and import of
 * Model Openness Tool records. Each change is audited with the fields it changed; a material change
 * (release level, weights access, licence, version) is published after commit so approvals that relied
 * on the old facts can be reviewed again.
 */
@Injectable()
export class AiModelService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly source: CatalogSourceService,
    private readonly events: EventEmitter2,
  ) {}

  async create(ctx: RequestContext, input: CreateAiModelInput): Promise<AiModelOutcome> {
    this.access.requireNew(ctx, 'create', 'AiModel', { organisationId: ctx.orgId });
    const problems = [...this.checkFacts(input), ...(await this.checkNameFree(ctx, input.name))];
    if (problems.length) return ValidationError.of(problems);
    const profile = this.source.profileOfFacts(this.factsOf({ key: `custom:${randomUUID()}` }, input));
    const row = await this.insert(ctx, profile);
    await this.audit.append(ctx, {
      action: 'ai_model.created',
      subjectType: 'AiModel',
      subjectId: row.id,
      payload: { key: row.key, name: row.name, ...this.summary(row) },
    });
    return row;
  }

  async update(
    ctx: RequestContext,
    id: string,
    input: UpdateAiModelInput,
    expectedVersion: number,
  ): Promise<AiModelOutcome> {
    const row = await this.access.loadForUpdate(ctx, 'update', 'AiModel', AiModelEntity, id);
    if (row.version !== expectedVersion)
      return ConcurrentModificationError.of(`AiModel ${id}`, expectedVersion, row.version);
    const problems = this.checkFacts(input);
    if (input.name !== undefined && input.name.toLowerCase() !== row.name.toLowerCase()) {
      problems.push(...(await this.checkNameFree(ctx, input.name)));
    }
    if (problems.length) return ValidationError.of(problems);
    const profile = this.mergedProfile(row, input);
    return this.applyChange(ctx, row, { ...profile, retired: input.retired ?? row.retired }, 'ai_model.updated', {});
  }

  /**
   * The profile after an update: the row's facts with the sent fields laid over them (an omitted field
   * keeps its value, null clears a nullable one; the input validation refuses null elsewhere), and the
   * derived facts (weights access, licence kind, MOF class, OSAID) recomputed from the merged facts.
   */
  private mergedProfile(row: AiModelEntity, input: UpdateAiModelInput): ModelProfile {
    const sent = stripUndefined(input);
    const facts: FactsInput = { ...this.factsFromRow(row), ...sent };
    const licenceRenamed = sent.licenseName !== undefined && sent.licenseName !== row.licenseName;
    if (licenceRenamed) {
      // The kind belonged to the old licence: without a kind sent, it is inferred again from the new name.
      if (sent.licenseKind === undefined) facts.licenseKind = null;
      // Obligations that were the old licence's known ones (or none) follow the new licence's.
      const oldKnown = findKnownLicence(row.licenseName);
      const derived =
        row.obligations.length === 0 || (oldKnown !== undefined && sameJson(row.obligations, oldKnown.obligations));
      if (sent.obligations === undefined && derived) {
        facts.obligations = (findKnownLicence(sent.licenseName)?.obligations ?? []).map((o) => ({ ...o }));
      }
    }
    const profile = this.source.profileOfFacts(this.factsOf(row, facts));
    profile.dataQuality = mergedDataQuality(row, profile, licenceRenamed);
    // The openness classification depends on the components alone (a hand-entered model's record lists
    // every licence, so the distribution licence is never a fallback): without new components it stays
    // as derived from the stored (possibly imported) record, which is kept with the model type it names.
    const classification =
      sent.components === undefined
        ? {
            components: row.components,
            mofClass: row.mofClass,
            mofProgress: row.mofProgress,
            osaid: row.osaid,
            motRecord: row.motRecord,
          }
        : {};
    return { ...profile, ...classification, modelType: row.modelType };
  }

  /** Imports (creates or updates) the model of one Model Openness Tool record. */
  async importRecord(ctx: RequestContext, yaml: string, file: string | null = null): Promise<AiModelOutcome> {
    this.access.require(ctx, 'update', 'AiModel', { id: 'import', organisationId: ctx.orgId });
    let profile: ModelProfile;
    try {
      profile = this.source.profileOfRecord(parseMotRecord(yaml), file);
    } catch (error) {
      if (error instanceof MotRecordError) return ValidationError.of([motFieldError(error, file)]);
      throw error;
    }
    const existing = await this.db
      .repo(ctx, AiModelEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.organisation_id = :org AND m.key = :key', { org: ctx.orgId, key: profile.key })
      .getOne();
    if (!existing) {
      const row = await this.insert(ctx, profile);
      await this.audit.append(ctx, {
        action: 'ai_model.imported',
        subjectType: 'AiModel',
        subjectId: row.id,
        payload: { key: row.key, name: row.name, file, ...this.summary(row) },
      });
      return row;
    }
    if (file === null) {
      // Pasted text carries no file name: keep the link to the record the model came from.
      const link = existing.sources.find((s) => s.note === MOT_SOURCE_NOTE);
      if (link && !profile.sources.some((s) => s.note === MOT_SOURCE_NOTE)) profile.sources.push(link);
    }
    return this.applyChange(ctx, existing, { ...profile, retired: existing.retired }, 'ai_model.reimported', { file });
  }

  /** Seeds a new organisation's catalog (inside the organisation's creating transaction). */
  async seedOrganisation(ctx: RequestContext): Promise<number> {
    const profiles = this.source.seedCatalog();
    const rows = profiles.map((p) => this.rowOf(ctx.orgId, p));
    for (let i = 0; i < rows.length; i += 100) {
      await this.db.repo(ctx, AiModelEntity).insert(rows.slice(i, i + 100) as never);
    }
    await this.audit.append(ctx, {
      action: 'catalog.seeded',
      subjectType: 'Organisation',
      subjectId: ctx.orgId,
      payload: {
        models: rows.length,
        fromModelOpennessTool: profiles.filter((p) => p.sources.some((s) => s.note === MOT_SOURCE_NOTE)).length,
        curated: profiles.filter((p) => !p.key.startsWith('mot:')).length,
        modelOpennessToolData: this.source.dataDir !== null,
      },
    });
    return rows.length;
  }

  private async applyChange(
    ctx: RequestContext,
    row: AiModelEntity,
    next: ModelProfile & { retired: boolean },
    action: string,
    extra: Record<string, unknown>,
  ): Promise<AiModelOutcome> {
    const { changes, material } = diffProfile(row, next);
    if (Object.keys(changes).length === 0) return row;
    // rowOf's version is replaced by the conditional update's own (the row's version plus one).
    const values = { ...this.rowOf(row.organisationId, next), key: row.key, retired: next.retired };
    const updated = await updateIfVersion(ctx, AiModelEntity, row, values, `AiModel ${row.id}`);
    if (updated instanceof ConcurrentModificationError) return updated;
    const isMaterial = Object.keys(material).length > 0;
    await this.audit.append(ctx, {
      action,
      subjectType: 'AiModel',
      subjectId: row.id,
      payload: { key: row.key, name: next.name, changes, material: isMaterial, ...extra },
    });
    if (isMaterial) {
      const event: ModelMateriallyChangedEvent = {
        organisationId: row.organisationId,
        modelId: row.id,
        modelName: next.name,
        changes: material,
        correlationId: ctx.requestId,
      };
      ctx.afterCommit(() => this.events.emitAsync(MODEL_MATERIALLY_CHANGED, event).then(() => undefined));
    }
    return updated;
  }

  private async insert(ctx: RequestContext, profile: ModelProfile): Promise<AiModelEntity> {
    const repo = this.db.repo(ctx, AiModelEntity);
    const row = repo.create(this.rowOf(ctx.orgId, profile));
    await repo.insert(row);
    return (await repo.findOne({ where: { id: row.id } }))!;
  }

  private rowOf(organisationId: string, p: ModelProfile): Partial<AiModelEntity> {
    return {
      organisationId,
      key: p.key,
      name: p.name,
      producer: p.producer,
      family: p.family,
      releaseVersion: p.releaseVersion,
      modelType: p.modelType,
      modalities: p.modalities,
      parameterCount: p.parameterCount,
      releaseDate: p.releaseDate,
      releaseLevel: p.releaseLevel,
      gated: p.gated,
      weightsAccess: p.weightsAccess,
      licenseName: p.licenseName,
      licenseUrl: p.licenseUrl,
      licenseKind: p.licenseKind,
      obligations: p.obligations,
      components: p.components,
      mofClass: p.mofClass,
      mofProgress: p.mofProgress,
      osaid: p.osaid,
      trainingDataOpenness: p.trainingDataOpenness,
      hostingOptions: p.hostingOptions,
      languages: p.languages,
      fineTuning: p.fineTuning,
      sources: p.sources,
      motRecord: p.motRecord,
      dataQuality: p.dataQuality,
      retired: false,
      version: 1,
    };
  }

  private factsFromRow(row: AiModelEntity): Omit<ModelFacts, 'key'> {
    return {
      name: row.name,
      producer: row.producer,
      family: row.family,
      releaseVersion: row.releaseVersion,
      modalities: row.modalities,
      parameterCount: row.parameterCount,
      releaseDate: row.releaseDate,
      releaseLevel: row.releaseLevel,
      gated: row.gated,
      licenseName: row.licenseName,
      licenseUrl: row.licenseUrl,
      licenseKind: row.licenseKind,
      obligations: row.obligations,
      trainingDataOpenness: row.trainingDataOpenness,
      hostingOptions: row.hostingOptions,
      languages: row.languages,
      fineTuning: row.fineTuning,
      sources: row.sources,
      components: row.components.filter((c) => c.released).map((c) => ({ name: c.name, license: c.license })),
    };
  }

  private factsOf(identity: { key: string }, input: FactsInput): ModelFacts {
    return {
      key: identity.key,
      name: input.name!.trim(),
      producer: input.producer!.trim(),
      family: input.family ?? null,
      releaseVersion: input.releaseVersion ?? null,
      modalities: input.modalities ?? ['text'],
      parameterCount: input.parameterCount ?? null,
      releaseDate: input.releaseDate ?? null,
      releaseLevel: input.releaseLevel!,
      gated: input.gated ?? false,
      licenseName: input.licenseName ?? null,
      licenseUrl: input.licenseUrl ?? null,
      licenseKind: input.licenseKind ?? null,
      obligations: (input.obligations ?? []).map((o) => ({
        kind: o.kind,
        threshold: o.threshold ?? null,
        text: o.text ?? null,
      })),
      trainingDataOpenness: input.trainingDataOpenness!,
      hostingOptions: input.hostingOptions ?? [],
      languages: input.languages ?? [],
      fineTuning: input.fineTuning ?? [],
      sources: (input.sources ?? []).map((s) => ({ field: s.field, url: s.url, ...(s.note ? { note: s.note } : {}) })),
      components: input.components ?? [],
    };
  }

  /** Rules the field validators cannot express. */
  private checkFacts(input: Partial<CreateAiModelInput>): FieldError[] {
    const problems: FieldError[] = [];
    (input.obligations ?? []).forEach((o, i) => {
      if (o.kind === ObligationKind.USER_THRESHOLD && !o.threshold) {
        problems.push({
          field: `input.obligations[${i}].threshold`,
          message: 'USER_THRESHOLD needs the number of users',
        });
      }
      if (o.kind === ObligationKind.OTHER && !o.text) {
        problems.push({
          field: `input.obligations[${i}].text`,
          message: 'OTHER needs a text saying what the obligation is',
        });
      }
    });
    const known = new Set(this.source.reference().components.map((c) => c.name));
    const seen = new Set<string>();
    (input.components ?? []).forEach((c, i) => {
      if (!known.has(c.name)) {
        problems.push({
          field: `input.components[${i}].name`,
          message: `"${c.name}" is not a Model Openness Framework component`,
        });
      } else if (seen.has(c.name)) {
        problems.push({ field: `input.components[${i}].name`, message: `"${c.name}" is listed twice` });
      }
      seen.add(c.name);
    });
    return problems;
  }

  private async checkNameFree(ctx: RequestContext, name: string): Promise<FieldError[]> {
    const taken = await this.db
      .repo(ctx, AiModelEntity)
      .createQueryBuilder('m')
      .where('m.organisation_id = :org AND lower(m.name) = lower(:name)', { org: ctx.orgId, name: name.trim() })
      .getExists();
    return taken ? [{ field: 'input.name', message: `a model named ${name.trim()} is already in the catalog` }] : [];
  }

  private summary(row: AiModelEntity) {
    return {
      releaseLevel: row.releaseLevel,
      weightsAccess: row.weightsAccess,
      licenseName: row.licenseName,
      licenseKind: row.licenseKind,
      mofClass: row.mofClass,
    };
  }
}

/** Facts as they come from an input or a stored row (sources may carry a null note). */
type FactsInput = Omit<Partial<ModelFacts>, 'key' | 'sources'> & {
  sources?: Array<{ field: string; url: string; note?: string | null }>;
};

const sameJson = (a: unknown, b: unknown): boolean => canonicalize(a) === canonicalize(b);

/** Flags that say where an imported record's facts came from, or that it disagrees with curated facts. */
const RECORD_FLAGS: ReadonlySet<DataQualityCode> = new Set([
  DataQualityCode.LICENCE_FROM_DISTRIBUTION,
  DataQualityCode.LICENCE_FROM_GLOBAL,
  DataQualityCode.CONFLICTS_WITH_CURATED,
  DataQualityCode.WEIGHTS_CLAIM_DISPUTED,
]);

/**
 * Data quality after an update: the flags of the new facts (licence missing or of unknown kind, weights
 * access unknown; the stored wording kept where the flag still holds), and the stored record-derived flags
 * while the fact they are about is unchanged (a licence set by hand is no longer a fallback; a release
 * level set by hand settles a disputed weights claim).
 */
function mergedDataQuality(row: AiModelEntity, next: ModelProfile, licenceRenamed: boolean): DataQualityIssue[] {
  const stored = row.dataQuality ?? [];
  const licenceFields = new Set(['licenseName', 'licenseKind']);
  const kept = stored.filter((issue) => {
    if (!RECORD_FLAGS.has(issue.code)) return false;
    return licenceFields.has(issue.field) ? !licenceRenamed : next.releaseLevel === row.releaseLevel;
  });
  const current = next.dataQuality.map(
    (issue) => stored.find((s) => s.code === issue.code && s.field === issue.field) ?? issue,
  );
  return [...kept, ...current];
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A MOT parsing error as a field error: the field path when known, the line when known. */
function motFieldError(error: MotRecordError, file: string | null): FieldError {
  return {
    field: error.field ? `yaml.${error.field}` : 'yaml',
    message: file ? `${file}: ${error.message}` : error.message,
  };
}

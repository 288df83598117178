import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { byKeys, decodeCursor, pageSize, RequestContext, requireUuid, toConnection } from '@app/core';
import { Db, ListCounter } from '@app/persistence';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { AiModelEntity } from './ai-model.entity';
import { AiModelFilter } from './dto/ai-model-filter.input';
import { WeightsAccess } from './openness';

/**
 * At most this many siblings of one family are returned (open weights first, then by name): a real bound,
 * so that the cost of a query selecting `familySiblings` can be known before it runs.
 */
export const MAX_FAMILY_SIBLINGS = 50;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Columns the reads select: all but the imported Model Openness Tool record (`mot_record`, up to 256 KiB of
 * JSON), which no field of the API shows; the write paths (update, re-import) read whole rows themselves.
 */
const UNREAD_COLUMNS = ['motRecord'];
const READ_COLUMNS = (alias: string, dataSource: DataSource): string[] =>
  dataSource
    .getMetadata(AiModelEntity)
    .columns.filter((c) => !UNREAD_COLUMNS.includes(c.propertyName))
    .map((c) => `${alias}.${c.propertyName}`);

/** Reading the catalog: always within the caller's organisation, keyset-paginated by name. */
@Injectable()
export class AiModelQueryService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly counter: ListCounter,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<AiModelEntity> {
    requireUuid('AiModel', id);
    const row = await this.find(ctx, id);
    return this.access.require(ctx, 'read', 'AiModel', row, id);
  }

  /** The model of the caller's organisation with this id, or null (no access check: callers decide). */
  find(ctx: RequestContext, id: string): Promise<AiModelEntity | null> {
    return this.reading(ctx).where('m.organisation_id = :org AND m.id = :id', { org: ctx.orgId, id }).getOne();
  }

  /** A query over models (alias m) selecting READ_COLUMNS. */
  private reading(ctx: RequestContext): SelectQueryBuilder<AiModelEntity> {
    return this.db
      .repo(ctx, AiModelEntity)
      .createQueryBuilder('m')
      .select((this.columns ??= READ_COLUMNS('m', this.db.dataSource)));
  }

  private columns: string[] | undefined;

  async list(ctx: RequestContext, filter: AiModelFilter = {}, first?: number | null, after?: string | null) {
    const size = pageSize(first);
    const base = this.filtered(ctx, filter);
    const totalCount = await this.counter.count(ctx, base);
    const page = base
      .clone()
      .orderBy('lower(m.name)', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(size + 1);
    if (after) {
      const [name, id] = decodeCursor(after, ['text', 'uuid']);
      page.andWhere('(lower(m.name), m.id) > (:cursorName, :cursorId)', { cursorName: name, cursorId: id });
    }
    const rows = await page.getMany();
    return toConnection(rows, size, totalCount, (m) => [m.name.toLowerCase(), m.id]);
  }

  /**
   * Other models of the same family, open weights first: "the open alternative from the same family".
   * At most MAX_FAMILY_SIBLINGS, sorted in SQL so that the open ones are never cut off.
   */
  familySiblings(ctx: RequestContext, model: AiModelEntity): Promise<AiModelEntity[]> {
    if (!model.family) return Promise.resolve([]);
    return this.reading(ctx)
      .where('m.organisation_id = :org AND m.family = :family AND m.id <> :id', {
        org: ctx.orgId,
        family: model.family,
        id: model.id,
      })
      .orderBy(
        `CASE m.weights_access WHEN '${WeightsAccess.OPEN}' THEN 0 WHEN '${WeightsAccess.GATED}' THEN 1 ELSE 2 END`,
      )
      .addOrderBy('lower(m.name)', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(MAX_FAMILY_SIBLINGS)
      .getMany();
  }

  /**
   * `get` for field resolvers: the model through the request's loader (the models of a whole page in one
   * query), with the same NOT_FOUND and access check.
   */
  async load(ctx: RequestContext, id: string): Promise<AiModelEntity> {
    const row = await ctx
      .loader('catalog.modelById', async (ids: readonly string[]) =>
        byKeys(ids, await this.findMany(ctx, [...ids]), (m) => m.id),
      )
      .load(id);
    return this.access.require(ctx, 'read', 'AiModel', row, id);
  }

  /** `familySiblings` for field resolvers: the siblings of every model of a response in one query. */
  loadFamilySiblings(ctx: RequestContext, model: AiModelEntity): Promise<AiModelEntity[]> {
    if (!model.family) return Promise.resolve([]);
    return ctx
      .loader('catalog.familySiblings', (models: readonly AiModelEntity[]) => this.familySiblingsOfMany(ctx, models), {
        cacheKey: (m) => m.id,
      })
      .load(model);
  }

  /**
   * The siblings of each of `models`, as `familySiblings` gives them (same order, same bound), in one query:
   * each family's first MAX_FAMILY_SIBLINGS + 1 members are ranked in SQL, and each model drops itself.
   */
  async familySiblingsOfMany(ctx: RequestContext, models: readonly AiModelEntity[]): Promise<AiModelEntity[][]> {
    const families = [...new Set(models.map((m) => m.family).filter((f): f is string => !!f))];
    if (families.length === 0) return models.map(() => []);
    const order = `CASE s.weights_access WHEN '${WeightsAccess.OPEN}' THEN 0 WHEN '${WeightsAccess.GATED}' THEN 1 ELSE 2 END, lower(s.name), s.id`;
    const rows = await this.db.select(
      ctx,
      AiModelEntity,
      `WHERE t.organisation_id = $1
         AND t.id IN (SELECT ranked.id FROM (SELECT s.id, row_number() OVER (PARTITION BY s.family ORDER BY ${order}) AS rank
           FROM ai_model s WHERE s.organisation_id = $1 AND s.family = ANY($2::text[])) ranked
           WHERE ranked.rank <= $3)
       ORDER BY CASE t.weights_access WHEN '${WeightsAccess.OPEN}' THEN 0 WHEN '${WeightsAccess.GATED}' THEN 1 ELSE 2 END,
         lower(t.name), t.id`,
      [ctx.orgId, families, MAX_FAMILY_SIBLINGS + 1],
      UNREAD_COLUMNS,
    );
    return models.map((model) =>
      model.family
        ? rows.filter((r) => r.family === model.family && r.id !== model.id).slice(0, MAX_FAMILY_SIBLINGS)
        : [],
    );
  }

  /**
   * The organisation's models among `ids`, in one query (e.g. the models behind a page of requests). No access
   * check: callers decide what they show. Unknown ids are absent from the result.
   */
  findMany(ctx: RequestContext, ids: string[]): Promise<AiModelEntity[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return Promise.resolve([]);
    return this.db.select(
      ctx,
      AiModelEntity,
      'WHERE t.organisation_id = $1 AND t.id = ANY($2::uuid[])',
      [ctx.orgId, unique],
      UNREAD_COLUMNS,
    );
  }

  /** The organisation's models with these exact names, in one query (e.g. for seeding). No access check. */
  findByNames(ctx: RequestContext, names: string[]): Promise<AiModelEntity[]> {
    const unique = [...new Set(names)];
    if (unique.length === 0) return Promise.resolve([]);
    return this.db
      .repo(ctx, AiModelEntity)
      .createQueryBuilder('m')
      .where('m.organisation_id = :org AND m.name = ANY(:names::text[])', { org: ctx.orgId, names: unique })
      .getMany();
  }

  /** Ids of the organisation's models with this weights access (for other features' filters). */
  async idsWithWeightsAccess(ctx: RequestContext, weightsAccess: WeightsAccess): Promise<string[]> {
    const rows = await this.db
      .repo(ctx, AiModelEntity)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where('m.organisation_id = :org AND m.weights_access = :wa', { org: ctx.orgId, wa: weightsAccess })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  private filtered(ctx: RequestContext, f: AiModelFilter): SelectQueryBuilder<AiModelEntity> {
    const q = this.reading(ctx).where('m.organisation_id = :org', { org: ctx.orgId });
    if (!f.includeRetired) q.andWhere('m.retired = false');
    if (f.weightsAccess) q.andWhere('m.weights_access = :wa', { wa: f.weightsAccess });
    if (f.releaseLevel) q.andWhere('m.release_level = :rl', { rl: f.releaseLevel });
    if (f.licenseKind) q.andWhere('m.license_kind = :lk', { lk: f.licenseKind });
    if (f.mofClass) q.andWhere('m.mof_class = :mc', { mc: f.mofClass });
    if (f.producer) q.andWhere('lower(m.producer) = lower(:producer)', { producer: f.producer });
    if (f.family) q.andWhere('lower(m.family) = lower(:family)', { family: f.family });
    if (f.hostingOption) q.andWhere(':ho = ANY(m.hosting_options)', { ho: f.hostingOption });
    if (f.language) {
      // "sw" matches "sw" and "sw-KE"; "sw-KE" matches a model that lists "sw".
      q.andWhere(
        `EXISTS (SELECT 1 FROM unnest(m.languages) AS l(code)
          WHERE lower(l.code) = lower(:lang) OR lower(l.code) LIKE lower(:langPrefix) OR lower(:lang) LIKE lower(l.code) || '-%')`,
        { lang: f.language, langPrefix: `${escapeLike(f.language)}-%` },
      );
    }
    if (f.search) {
      for (const [i, word] of f.search.trim().split(/\s+/).slice(0, 8).entries()) {
        const p = `%${escapeLike(word)}%`;
        q.andWhere(
          new Brackets((w) =>
            w
              .where(`m.name ILIKE :w${i}`, { [`w${i}`]: p })
              .orWhere(`m.producer ILIKE :w${i}`)
              .orWhere(`coalesce(m.family, '') ILIKE :w${i}`),
          ),
        );
      }
    }
    return q;
  }
}

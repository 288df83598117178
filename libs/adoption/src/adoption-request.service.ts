import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { AiModelEntity } from '@app/catalog';
import { ConcurrentModificationError, FieldError, RequestContext, requireUuid, ValidationError } from '@app/core';
import { Db } from '@app/persistence';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { CreateAdoptionRequestInput, UpdateAdoptionRequestInput } from './dto/adoption-request.input';
import { InvalidTransitionError } from './adoption-request.errors';
import { AdoptionStatus, formatReference } from './workflow';

export type DraftOutcome =
  AdoptionRequestEntity | ValidationError | ConcurrentModificationError | InvalidTransitionError;

/** Fields a request must have before it can be submitted. */
export const REQUIRED_FOR_SUBMISSION: Array<keyof AdoptionRequestEntity> = [
  'useCase',
  'sector',
  'deploymentMode',
  'dataSensitivity',
  'intendedAdaptation',
  'languages',
  'affectedPopulation',
  'expectedUsers',
  'justification',
];

const EDITABLE = [AdoptionStatus.DRAFT, AdoptionStatus.CHANGES_REQUESTED];

/** Drafting: creating and editing a request while it is the requester's to change. */
@Injectable()
export class AdoptionRequestService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, input: CreateAdoptionRequestInput): Promise<DraftOutcome> {
    const problems = await this.checkModel(ctx, input.modelId);
    if (problems.length) return ValidationError.of(problems);
    const repo = this.db.repo(ctx, AdoptionRequestEntity);
    const row = repo.create({
      organisationId: ctx.orgId,
      reference: await this.nextReference(ctx),
      title: input.title.trim(),
      requesterId: ctx.actor!.userId,
      modelId: input.modelId,
      useCase: input.useCase ?? null,
      sector: input.sector ?? null,
      deploymentMode: input.deploymentMode ?? null,
      dataSensitivity: input.dataSensitivity ?? null,
      intendedAdaptation: input.intendedAdaptation ?? null,
      languages: input.languages ?? [],
      affectedPopulation: input.affectedPopulation ?? null,
      expectedUsers: input.expectedUsers ?? null,
      justification: input.justification ?? null,
      alternatives: (input.alternatives ?? []).map((a) => ({
        modelId: a.modelId ?? null,
        name: a.name,
        reason: a.reason,
      })),
      status: AdoptionStatus.DRAFT,
      revision: 1,
      version: 1,
      tier: null,
      requiredExpertise: [],
      requiredConditions: [],
      conditions: [],
      statusReason: null,
      submittedAt: null,
      decidedAt: null,
      expiresAt: null,
    });
    await repo.insert(row);
    await this.audit.append(ctx, {
      action: 'adoption_request.created',
      subjectType: 'AdoptionRequest',
      subjectId: row.id,
      requestId: row.id,
      toState: AdoptionStatus.DRAFT,
      payload: { reference: row.reference, title: row.title, modelId: row.modelId },
    });
    return (await repo.findOne({ where: { id: row.id } }))!;
  }

  async update(
    ctx: RequestContext,
    id: string,
    input: UpdateAdoptionRequestInput,
    expectedVersion: number,
  ): Promise<DraftOutcome> {
    requireUuid('AdoptionRequest', id);
    const repo = this.db.repo(ctx, AdoptionRequestEntity);
    const row = this.access.require(
      ctx,
      'update',
      'AdoptionRequest',
      await repo.findOne({ where: { id, organisationId: ctx.orgId } }),
      id,
    );
    if (!EDITABLE.includes(row.status)) {
      return InvalidTransitionError.of(
        `A request can only be edited while DRAFT or CHANGES_REQUESTED, not ${row.status}`,
        row.status,
        null,
      );
    }
    if (row.version !== expectedVersion)
      return ConcurrentModificationError.of(`AdoptionRequest ${id}`, expectedVersion, row.version);
    if (input.modelId !== undefined) {
      const problems = await this.checkModel(ctx, input.modelId);
      if (problems.length) return ValidationError.of(problems);
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const values: Partial<AdoptionRequestEntity> = {};
    for (const [key, raw] of Object.entries(input) as Array<[keyof UpdateAdoptionRequestInput, unknown]>) {
      if (raw === undefined) continue;
      const value =
        key === 'alternatives'
          ? ((raw as UpdateAdoptionRequestInput['alternatives']) ?? []).map((a) => ({
              modelId: a.modelId ?? null,
              name: a.name,
              reason: a.reason,
            }))
          : key === 'languages'
            ? (raw ?? [])
            : key === 'title'
              ? String(raw).trim()
              : raw;
      if (JSON.stringify(row[key]) !== JSON.stringify(value)) {
        changes[key] = { from: row[key] ?? null, to: value ?? null };
        (values as Record<string, unknown>)[key] = value;
      }
    }
    if (Object.keys(changes).length === 0) return row;
    const result = await repo
      .createQueryBuilder()
      .update(AdoptionRequestEntity)
      .set({ ...values, version: row.version + 1 } as never)
      .where('id = :id AND version = :version AND status IN (:...editable)', {
        id,
        version: row.version,
        editable: EDITABLE,
      })
      .execute();
    if (result.affected !== 1) {
      const now = await repo.findOneOrFail({ where: { id } });
      return ConcurrentModificationError.of(`AdoptionRequest ${id}`, expectedVersion, now.version);
    }
    await this.audit.append(ctx, {
      action: 'adoption_request.updated',
      subjectType: 'AdoptionRequest',
      subjectId: id,
      requestId: id,
      payload: { reference: row.reference, changes },
    });
    return (await repo.findOne({ where: { id } }))!;
  }

  /** Fields still missing for submission (by their input names). */
  missingFields(row: AdoptionRequestEntity): string[] {
    return REQUIRED_FOR_SUBMISSION.filter((f) => {
      const v = row[f];
      return (
        v === null ||
        v === undefined ||
        (Array.isArray(v) && v.length === 0) ||
        (typeof v === 'string' && v.trim() === '')
      );
    });
  }

  /** The model must exist in the caller's organisation and not be retired. */
  async checkModel(ctx: RequestContext, modelId: string): Promise<FieldError[]> {
    const model = await this.db.repo(ctx, AiModelEntity).findOne({ where: { id: modelId, organisationId: ctx.orgId } });
    if (!model) return [{ field: 'input.modelId', message: `no model ${modelId} in your organisation's catalog` }];
    if (model.retired) return [{ field: 'input.modelId', message: `${model.name} is retired and cannot be requested` }];
    return [];
  }

  /** AR-<year>-<n>, numbered per organisation and year; the counter row serialises concurrent creations. */
  private async nextReference(ctx: RequestContext): Promise<string> {
    const year = new Date().getUTCFullYear();
    const [{ last }] = (await ctx.em.query(
      `INSERT INTO adoption_reference_counter AS c (organisation_id, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (organisation_id, year) DO UPDATE SET last = c.last + 1 RETURNING last`,
      [ctx.orgId, year],
    )) as Array<{ last: number }>;
    return formatReference(year, last);
  }
}

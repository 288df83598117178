import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { AiModelQueryService } from '@app/catalog';
import { RequestContext, ValidationError } from '@app/core';
import { Db } from '@app/persistence';
import { AdoptionPipeline, OperationOutcome } from './adoption-pipeline.service';
import { modelProblems } from './submission-checks';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { CreateAdoptionRequestInput, UpdateAdoptionRequestInput } from './dto/adoption-request.input';
import { AdoptionStatus, formatReference, Operation } from './workflow';

export type DraftOutcome = OperationOutcome;

/** Drafting: creating and editing a request while it is the requester's to change. */
@Injectable()
export class AdoptionRequestService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly models: AiModelQueryService,
    private readonly pipeline: AdoptionPipeline,
  ) {}

  async create(ctx: RequestContext, input: CreateAdoptionRequestInput): Promise<DraftOutcome> {
    this.access.requireNew(ctx, 'create', 'AdoptionRequest', {
      organisationId: ctx.orgId,
      requesterId: ctx.actor!.userId,
    });
    const problems = modelProblems(await this.models.find(ctx, input.modelId), input.modelId);
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
      connectivity: input.connectivity ?? null,
      dataResidency: input.dataResidency ?? [],
      hardware: input.hardware ?? null,
      publicFacing: input.publicFacing ?? null,
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

  /** Edits a draft (or a request sent back for changes): only the fields given, each change audited. */
  update(
    ctx: RequestContext,
    id: string,
    input: UpdateAdoptionRequestInput,
    expectedVersion: number,
  ): Promise<DraftOutcome> {
    return this.pipeline.run(
      ctx,
      id,
      Operation.EDIT,
      { expectedVersion, modelId: input.modelId },
      async ({ request }) => {
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
              : key === 'languages' || key === 'dataResidency'
                ? (raw ?? [])
                : key === 'title'
                  ? String(raw).trim()
                  : raw;
          if (JSON.stringify(request[key]) !== JSON.stringify(value)) {
            changes[key] = { from: request[key] ?? null, to: value ?? null };
            (values as Record<string, unknown>)[key] = value;
          }
        }
        if (Object.keys(changes).length === 0) return { unchanged: true };
        return { set: values, payload: { changes } };
      },
    );
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

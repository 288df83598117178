import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/authz';
import { AuditService } from '@app/audit';
import { FieldError, groupByKeys, NotFoundError, RequestContext, requireUuid, ValidationError } from '@app/core';
import { Db } from '@app/persistence';
import { In } from 'typeorm';
import { PolicyEntity, PolicyVersionEntity, PolicyVersionStatus } from './policy.entity';
import { CreatePolicyInput, MAX_RULES_PER_VERSION, PolicyRuleInput } from './policy.types';
import { BASELINE_POLICY_RULES } from './rules/baseline-policy';
import { PolicyRuleDefinition } from './rules/policy-rule';
import { ruleFieldErrors, toDefinitions } from './policy-rule-input';

export const BASELINE_POLICY_NAME = 'Open and closed model baseline';

const BASELINE_POLICY: CreatePolicyInput = {
  name: BASELINE_POLICY_NAME,
  description: 'What adopting open-weights and closed API models demands of a request (seeded; edit freely).',
};
const BASELINE_RULE_INPUTS: PolicyRuleInput[] = BASELINE_POLICY_RULES.map((r) => ({
  ...r,
  description: r.description ?? '',
}));

/**
 * What `draftBaseline` found or did: DRAFTED (the current baseline rules saved as draft `version`),
 * UP_TO_DATE (published `version` holds them already), DRAFT_PENDING (draft `version` exists; nothing written).
 */
export interface BaselineDraft {
  outcome: 'DRAFTED' | 'UP_TO_DATE' | 'DRAFT_PENDING';
  policyId: string;
  version: number;
}

/** Whether two versions' rules say the same (stored JSON may order keys differently). */
function sameRules(a: readonly PolicyRuleDefinition[], b: readonly PolicyRuleDefinition[]): boolean {
  const canonical = (rules: readonly PolicyRuleDefinition[]) =>
    JSON.stringify(rules.map((r) => [r.title, r.description, r.condition, r.effect, r.expertise, r.tier, r.text]));
  return canonical(a) === canonical(b);
}

/**
 * Policies and their versions (POLICY_ADMIN). A policy has at most one DRAFT and one PUBLISHED version;
 * publishing the draft retires the version it replaces. Rules are checked when saved: a condition that
 * does not parse, names an unknown field or is not a boolean is refused with its position.
 */
@Injectable()
export class PolicyService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  list(ctx: RequestContext): Promise<PolicyEntity[]> {
    return this.db
      .repo(ctx, PolicyEntity)
      .find({ where: { organisationId: ctx.orgId }, order: { name: 'ASC' }, take: 100 });
  }

  async get(ctx: RequestContext, id: string): Promise<PolicyEntity> {
    requireUuid('Policy', id);
    const row = await this.db.repo(ctx, PolicyEntity).findOne({ where: { id, organisationId: ctx.orgId } });
    if (!row) throw new NotFoundError('Policy', id);
    return row;
  }

  versions(ctx: RequestContext, policyId: string): Promise<PolicyVersionEntity[]> {
    return this.db
      .repo(ctx, PolicyVersionEntity)
      .find({ where: { organisationId: ctx.orgId, policyId }, order: { number: 'DESC' } });
  }

  /** `versions` for field resolvers, through the request's loader (one query for all the policies listed). */
  loadVersions(ctx: RequestContext, policyId: string): Promise<PolicyVersionEntity[]> {
    return ctx
      .loader('policy.versionsByPolicy', async (ids: readonly string[]) => {
        const rows = await this.db
          .repo(ctx, PolicyVersionEntity)
          .find({ where: { organisationId: ctx.orgId, policyId: In([...ids]) }, order: { number: 'DESC' } });
        return groupByKeys(ids, rows, (v) => v.policyId);
      })
      .load(policyId);
  }

  /** The versions in force across the organisation's policies. */
  published(ctx: RequestContext): Promise<PolicyVersionEntity[]> {
    return this.db.repo(ctx, PolicyVersionEntity).find({
      where: { organisationId: ctx.orgId, status: In([PolicyVersionStatus.PUBLISHED]) },
      order: { createdAt: 'ASC' },
    });
  }

  async create(ctx: RequestContext, input: CreatePolicyInput): Promise<PolicyEntity | ValidationError> {
    const repo = this.db.repo(ctx, PolicyEntity);
    const taken = await repo
      .createQueryBuilder('p')
      .where('p.organisation_id = :org AND lower(p.name) = lower(:name)', { org: ctx.orgId, name: input.name.trim() })
      .getExists();
    if (taken)
      return ValidationError.of([{ field: 'input.name', message: `a policy named ${input.name.trim()} exists` }]);
    const row = repo.create({
      organisationId: ctx.orgId,
      name: input.name.trim(),
      description: input.description ?? '',
    });
    await repo.insert(row);
    await this.audit.append(ctx, {
      action: 'policy.created',
      subjectType: 'Policy',
      subjectId: row.id,
      payload: { name: row.name },
    });
    return await repo.findOneByOrFail({ id: row.id });
  }

  /** Replaces the draft's rules (creating the draft when there is none). */
  async saveDraft(
    ctx: RequestContext,
    policyId: string,
    rules: PolicyRuleInput[],
  ): Promise<PolicyEntity | ValidationError> {
    const policy = await this.lock(ctx, policyId);
    const definitions = toDefinitions(rules);
    const problems: FieldError[] = ruleFieldErrors(definitions, (i) => `rules[${i}]`);
    if (rules.length > MAX_RULES_PER_VERSION) {
      problems.push({ field: 'rules', message: `a policy version holds at most ${MAX_RULES_PER_VERSION} rules` });
    }
    if (problems.length) return ValidationError.of(problems);
    const repo = this.db.repo(ctx, PolicyVersionEntity);
    const draft = await repo.findOne({ where: { policyId, status: PolicyVersionStatus.DRAFT } });
    let number: number;
    if (draft) {
      number = draft.number;
      await repo.update({ id: draft.id }, { rules: definitions as never });
    } else {
      const [{ next }] = (await ctx.em.query(
        `SELECT coalesce(max(number), 0) + 1 AS next FROM policy_version WHERE policy_id = $1`,
        [policyId],
      )) as Array<{ next: number }>;
      number = next;
      await repo.insert(
        repo.create({
          organisationId: ctx.orgId,
          policyId,
          number,
          status: PolicyVersionStatus.DRAFT,
          rules: definitions,
          publishedAt: null,
          retiredAt: null,
        }) as never,
      );
    }
    await this.audit.append(ctx, {
      action: 'policy.draft_saved',
      subjectType: 'Policy',
      subjectId: policyId,
      payload: { name: policy.name, version: number, rules: definitions },
    });
    return policy;
  }

  /** Publishes the draft; the version it replaces is retired. */
  async publish(ctx: RequestContext, policyId: string): Promise<PolicyEntity | ValidationError> {
    const policy = await this.lock(ctx, policyId);
    const repo = this.db.repo(ctx, PolicyVersionEntity);
    const draft = await repo.findOne({ where: { policyId, status: PolicyVersionStatus.DRAFT } });
    if (!draft) return ValidationError.of([{ field: 'policyId', message: `${policy.name} has no draft to publish` }]);
    const current = await repo.findOne({ where: { policyId, status: PolicyVersionStatus.PUBLISHED } });
    const now = new Date();
    if (current) await repo.update({ id: current.id }, { status: PolicyVersionStatus.RETIRED, retiredAt: now });
    await repo.update({ id: draft.id }, { status: PolicyVersionStatus.PUBLISHED, publishedAt: now });
    await this.audit.append(ctx, {
      action: 'policy.published',
      subjectType: 'Policy',
      subjectId: policyId,
      fromState: current ? `v${current.number}` : null,
      toState: `v${draft.number}`,
      payload: {
        name: policy.name,
        version: draft.number,
        retired: current?.number ?? null,
        rules: draft.rules.length,
      },
    });
    return policy;
  }

  /** Every new organisation starts with the baseline policy, published. */
  async seedBaseline(ctx: RequestContext): Promise<void> {
    const policy = await this.create(ctx, BASELINE_POLICY);
    if (policy instanceof ValidationError) return;
    await this.saveDraft(ctx, policy.id, BASELINE_RULE_INPUTS);
    await this.publish(ctx, policy.id);
  }

  /**
   * Brings an organisation created before the service's baseline rules changed up to date, without deciding
   * for it: the current baseline rules are saved as a draft of its baseline policy (found by name; created
   * when missing) for a POLICY_ADMIN to read and publish. Nothing is written when the published version
   * already holds these rules, or when the policy has a draft already (someone's work in progress is never
   * overwritten: publish or replace it first).
   */
  async draftBaseline(ctx: RequestContext): Promise<BaselineDraft> {
    const existing = await this.db
      .repo(ctx, PolicyEntity)
      .findOne({ where: { organisationId: ctx.orgId, name: BASELINE_POLICY_NAME } });
    const policy = existing ?? (await this.create(ctx, BASELINE_POLICY));
    if (policy instanceof ValidationError) throw new Error(`baseline policy cannot be created: ${policy.message}`);
    const versions = await this.versions(ctx, policy.id);
    const draft = versions.find((v) => v.status === PolicyVersionStatus.DRAFT);
    if (draft) return { outcome: 'DRAFT_PENDING', policyId: policy.id, version: draft.number };
    const published = versions.find((v) => v.status === PolicyVersionStatus.PUBLISHED);
    if (published && sameRules(published.rules, toDefinitions(BASELINE_RULE_INPUTS))) {
      return { outcome: 'UP_TO_DATE', policyId: policy.id, version: published.number };
    }
    const saved = await this.saveDraft(ctx, policy.id, BASELINE_RULE_INPUTS);
    if (saved instanceof ValidationError) throw new Error(`baseline rules refused: ${saved.message}`);
    const number = (await this.versions(ctx, policy.id)).find((v) => v.status === PolicyVersionStatus.DRAFT)!.number;
    return { outcome: 'DRAFTED', policyId: policy.id, version: number };
  }

  private lock(ctx: RequestContext, id: string): Promise<PolicyEntity> {
    return this.access.loadForUpdate(ctx, 'update', 'Policy', PolicyEntity, id);
  }
}

/*
 * What the scale seed (scale-seed.ts) sets up before it generates requests: the organisation and its people
 * (through the services), and the scenario/model templates the service's own pre-assessment and policies
 * judge once.
 */
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { AdoptionRequestEntity, approvalNeeds, DEMO_REQUESTS, PolicyHook, PreAssessmentHook } from '@app/adoption';
import { AiModelQueryService } from '@app/catalog';
import { BadUserInputError, Expertise, RequestContext, Role } from '@app/core';
import { OrganisationService, UserEntity, UserService } from '@app/identity';
import { Db } from '@app/persistence';
import { RiskTier, summarise } from '@app/risk';
import { Actor, Template } from './scale-seed-plan';
import { canonical, Chunk } from './scale-seed-rows';

interface ScaleUser {
  key: string;
  displayName: string;
  roles: Role[];
  expertise: Expertise[];
}

/** The organisation's people: several of each role, the approvers between them holding every expertise. */
export const SCALE_USERS: ScaleUser[] = [
  { key: 'admin', displayName: 'Scale Admin', roles: [Role.ORG_ADMIN], expertise: [] },
  { key: 'policy', displayName: 'Scale Policy', roles: [Role.POLICY_ADMIN], expertise: [] },
  ...[1, 2, 3, 4].map((n) => ({
    key: `requester${n}`,
    displayName: `Requester ${n}`,
    roles: [Role.REQUESTER],
    expertise: [],
  })),
  ...[1, 2].map((n) => ({ key: `reviewer${n}`, displayName: `Reviewer ${n}`, roles: [Role.REVIEWER], expertise: [] })),
  { key: 'approver1', displayName: 'Approver 1', roles: [Role.APPROVER], expertise: [Expertise.SECURITY] },
  {
    key: 'approver2',
    displayName: 'Approver 2',
    roles: [Role.APPROVER],
    expertise: [Expertise.LEGAL, Expertise.DATA_PROTECTION],
  },
  {
    key: 'approver3',
    displayName: 'Approver 3',
    roles: [Role.APPROVER],
    expertise: [Expertise.ETHICS, Expertise.TECHNICAL],
  },
  {
    key: 'approver4',
    displayName: 'Approver 4',
    roles: [Role.APPROVER],
    expertise: [Expertise.SECURITY, Expertise.TECHNICAL],
  },
  { key: 'auditor', displayName: 'Scale Auditor', roles: [Role.AUDITOR], expertise: [] },
];

export const scaleUserEmail = (slug: string, key: string) => `${key}@${slug}.scale.example`;

export function actorOf(u: UserEntity): Actor {
  return { id: u.id, label: u.email, roles: u.roles, expertise: u.expertise };
}

export async function ensureOrganisation(app: INestApplicationContext, o: { org: string; password: string }) {
  const db = app.get(Db);
  const organisations = app.get(OrganisationService);
  const userService = app.get(UserService);
  const base = db.context(`scale-seed-${randomUUID()}`, null, null);
  return db.transaction(base, async (ctx) => {
    let org = await organisations.findBySlug(ctx, o.org);
    let orgCtx: RequestContext;
    if (org) orgCtx = RequestContext.system(ctx.requestId, ctx.em, org.id);
    else ({ organisation: org, ctx: orgCtx } = await organisations.create(ctx, o.org, `Scale test ${o.org}`));
    const users = new Map<string, UserEntity>();
    for (const u of SCALE_USERS) {
      const email = scaleUserEmail(o.org, u.key);
      let user = await userService.findByEmail(orgCtx, email);
      if (user && user.organisationId !== org.id) {
        throw new BadUserInputError(`${email} belongs to another organisation`, 'org');
      }
      user ??= await userService.createInOrganisation(orgCtx, org.id, {
        email,
        displayName: u.displayName,
        roles: u.roles,
        expertise: u.expertise,
        password: o.password,
      });
      users.set(u.key, user);
    }
    return { orgId: org.id, users };
  });
}

export async function buildTemplates(app: INestApplicationContext, ctx: RequestContext, requesterId: string) {
  // Up to 12 models spread over the catalog (by name): enough variety, and a few hundred queries at most.
  const all = (await app.get(AiModelQueryService).list(ctx, {}, 100)).edges.map((e) => e.node);
  const models = all.filter((_, i) => i % Math.max(1, Math.ceil(all.length / 12)) === 0);
  const preAssessor = app.get(PreAssessmentHook);
  const policies = app.get(PolicyHook);
  const templates: Template[] = [];
  for (const model of models) {
    const { motRecord: _record, ...profile } = model;
    const modelCanonical = canonical(JSON.parse(JSON.stringify(profile)));
    for (const scenario of DEMO_REQUESTS) {
      const deploymentMode = model.hostingOptions.includes(scenario.deploymentMode)
        ? scenario.deploymentMode
        : (model.hostingOptions[0] ?? scenario.deploymentMode);
      const request = {
        ...scenario,
        id: randomUUID(),
        organisationId: ctx.orgId,
        requesterId,
        modelId: model.id,
        deploymentMode,
        languages: [...scenario.languages],
        dataResidency: [...scenario.dataResidency],
        alternatives: [],
        revision: 1,
        tier: null,
        requiredExpertise: [],
        requiredConditions: [],
        conditions: [],
      } as unknown as AdoptionRequestEntity;
      const pre = await preAssessor.preAssess(ctx, request, model);
      const policy = await policies.evaluate(ctx, request, model);
      if (policy.findings.some((f) => f.effect === 'BLOCK' || f.effect === 'ERROR')) continue; // could not be submitted
      const tier = summarise(pre.items).tier ?? RiskTier.LOW;
      templates.push({
        scenario,
        model,
        deploymentMode,
        autoItems: pre.items,
        euAiActClass: pre.euAiActClass ?? null,
        euAiActScreen: pre.euAiActScreen ?? null,
        itemsJson: new Chunk(canonical(JSON.parse(JSON.stringify(pre.items)))),
        screenJson: new Chunk(canonical(JSON.parse(JSON.stringify(pre.euAiActScreen ?? null)))),
        tier,
        needs: approvalNeeds({ tier, requiredExpertise: [], requiredConditions: [] }, policy),
        policy,
        policyCanonical: new Chunk(canonical(JSON.parse(JSON.stringify(policy)))),
        modelCanonical: new Chunk(modelCanonical),
      });
    }
  }
  return templates;
}

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { DemoRequestsSeeder } from '@app/adoption';
import { AuditVerificationService } from '@app/audit';
import { AiModelService, MOT_RECORD_MAX_BYTES, MotRecordError, parseMotRecord } from '@app/catalog';
import { BadUserInputError, isErrorResult, RequestContext, Role } from '@app/core';
import { DemoSeedService, InvitedUser, OrganisationService, UserService } from '@app/identity';
import { DATA_SOURCE, Db } from '@app/persistence';
import { BASELINE_POLICY_NAME, PolicyService } from '@app/policy';
import { DataSource } from 'typeorm';

/** What a command prints (as JSON) and its exit code. */
export interface CommandResult {
  exitCode: number;
  output: Record<string, unknown>;
}

export async function migrate(app: INestApplicationContext, revert: boolean): Promise<CommandResult> {
  const dataSource = app.get<DataSource>(DATA_SOURCE);
  if (revert) {
    await dataSource.undoLastMigration({ transaction: 'each' });
    return { exitCode: 0, output: { reverted: true } };
  }
  // Opening the data source with MIGRATIONS_RUN=true already applied what was pending.
  const applied = (await dataSource.query(`SELECT name FROM schema_migration ORDER BY id`)) as Array<{ name: string }>;
  return { exitCode: 0, output: { applied: applied.map((m) => m.name) } };
}

export async function seed(app: INestApplicationContext): Promise<CommandResult> {
  const identities = await app.get(DemoSeedService).seed();
  return { exitCode: 0, output: { ...identities, requests: await app.get(DemoRequestsSeeder).seed() } };
}

export interface CreateAdminOptions {
  org: string;
  orgName?: string;
  email: string;
  displayName: string;
}

/**
 * Invites the first ORG_ADMIN of an organisation (creating the organisation when it does not exist). Like
 * every new user they choose their own password through the activation link: sent by e-mail when SMTP is
 * configured, printed for the operator to hand over otherwise.
 */
export async function createAdmin(app: INestApplicationContext, o: CreateAdminOptions): Promise<CommandResult> {
  const db = app.get(Db);
  const organisations = app.get(OrganisationService);
  const users = app.get(UserService);
  const base = db.context(`cli-${randomUUID()}`, null, null);
  const organisationContexts: RequestContext[] = [];
  const invited = await db.transaction(base, async (ctx) => {
    let org = await organisations.findBySlug(ctx, o.org);
    let orgCtx: RequestContext;
    if (org) orgCtx = RequestContext.system(ctx.requestId, ctx.em, org.id);
    else ({ organisation: org, ctx: orgCtx } = await organisations.create(ctx, o.org, o.orgName ?? o.org));
    organisationContexts.push(orgCtx);
    const result = await users.inviteInOrganisation(orgCtx, org.id, {
      email: o.email,
      displayName: o.displayName,
      roles: [Role.ORG_ADMIN],
      expertise: [],
    });
    if (isErrorResult(result)) throw new BadUserInputError(`${o.email}: ${result.message}`, 'email');
    return result;
  });
  // What the organisation's context deferred until after commit (the invitation e-mail) runs now.
  for (const ctx of organisationContexts) await ctx.runAfterCommit();
  return {
    exitCode: 0,
    output: {
      invited: { id: invited.user.id, email: invited.user.email, organisation: o.org },
      ...invitationOutput(invited),
    },
  };
}

/**
 * Issues a fresh activation link for a user whose invitation is pending (the earlier link stops working),
 * for the operator to hand over where no mail is configured. The link is printed, never sent.
 */
export async function invitationLink(app: INestApplicationContext, email: string): Promise<CommandResult> {
  const db = app.get(Db);
  const renewed = await db.transaction(db.context(`cli-${randomUUID()}`, null, null), (ctx) =>
    app.get(UserService).renewInvitation(ctx, email),
  );
  return { exitCode: 0, output: { email: renewed.user.email, ...invitationOutput(renewed) } };
}

/** The link only when the operator is the one to hand it over. */
function invitationOutput({ invitation }: InvitedUser) {
  return invitation.delivery === 'EMAIL'
    ? { delivery: 'sent by e-mail', expiresAt: invitation.expiresAt.toISOString() }
    : { activationLink: invitation.link, expiresAt: invitation.expiresAt.toISOString() };
}

/** Recomputes an organisation's audit chain; exit code 1 when it is broken. */
export async function verifyAudit(app: INestApplicationContext, slug: string): Promise<CommandResult> {
  const db = app.get(Db);
  const base = db.context(`cli-${randomUUID()}`, null, null);
  const org = await app.get(OrganisationService).findBySlug(base, slug);
  if (!org) throw new BadUserInputError(`no organisation with slug ${slug}`, 'org');
  const result = await app.get(AuditVerificationService).verify(RequestContext.system(base.requestId, base.em, org.id));
  return { exitCode: result.valid ? 0 : 1, output: { organisation: slug, ...result } };
}

/**
 * Imports Model Openness Tool records (one file, or every .yml/.yaml file of a folder) into an
 * organisation's catalog. All files are read and checked first: if any is malformed, nothing is imported
 * and every problem is reported; otherwise all are imported in one transaction.
 */
export async function importMot(app: INestApplicationContext, slug: string, path: string): Promise<CommandResult> {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw new BadUserInputError(`no .yml or .yaml files in ${path}`, 'path');
  const problems: string[] = [];
  const texts: Array<{ file: string; yaml: string }> = [];
  for (const file of files) {
    const size = statSync(file).size;
    if (size > MOT_RECORD_MAX_BYTES)
      problems.push(`${basename(file)}: ${size} bytes, over the limit of ${MOT_RECORD_MAX_BYTES}`);
    else {
      const yaml = readFileSync(file, 'utf8');
      try {
        parseMotRecord(yaml);
        texts.push({ file: basename(file), yaml });
      } catch (error) {
        if (error instanceof MotRecordError) problems.push(`${basename(file)}: ${error.message}`);
        else throw error;
      }
    }
  }
  if (problems.length) return { exitCode: 1, output: { imported: 0, problems } };
  const db = app.get(Db);
  const base = db.context(`cli-${randomUUID()}`, null, null);
  const org = await app.get(OrganisationService).findBySlug(base, slug);
  if (!org) throw new BadUserInputError(`no organisation with slug ${slug}`, 'org');
  const models = app.get(AiModelService);
  const outcomes = await db.transaction(RequestContext.system(base.requestId, base.em, org.id), async (ctx) => {
    const done: Array<{ file: string; model: string; version: number }> = [];
    for (const { file, yaml } of texts) {
      const result = await models.importRecord(ctx, yaml, file);
      if (isErrorResult(result)) throw new BadUserInputError(`${file}: ${result.message}`, 'path');
      done.push({ file, model: result.name, version: result.version });
    }
    return done;
  });
  return { exitCode: 0, output: { imported: outcomes.length, models: outcomes } };
}

/**
 * Saves the service's current baseline rules as a draft of an organisation's baseline policy, for a
 * POLICY_ADMIN to read and publish (an organisation created before the rules changed keeps the version it
 * has until then). Exit code 1, nothing written, when the policy already has a draft.
 */
export async function baselineDraft(app: INestApplicationContext, slug: string): Promise<CommandResult> {
  const db = app.get(Db);
  const base = db.context(`cli-${randomUUID()}`, null, null);
  const org = await app.get(OrganisationService).findBySlug(base, slug);
  if (!org) throw new BadUserInputError(`no organisation with slug ${slug}`, 'org');
  const result = await db.transaction(RequestContext.system(base.requestId, base.em, org.id), (ctx) =>
    app.get(PolicyService).draftBaseline(ctx),
  );
  const said = {
    DRAFTED: `the current baseline rules are draft version ${result.version}: a POLICY_ADMIN reads it (policy(id).versions) and publishes it (publishPolicyVersion)`,
    UP_TO_DATE: `published version ${result.version} already holds the current baseline rules; nothing written`,
    DRAFT_PENDING: `the policy already has draft version ${result.version}; nothing written: publish it or save the baseline rules into it by hand first`,
  }[result.outcome];
  return {
    exitCode: result.outcome === 'DRAFT_PENDING' ? 1 : 0,
    output: { organisation: slug, policy: BASELINE_POLICY_NAME, ...result, message: said },
  };
}

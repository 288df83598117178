import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, Expertise, LOGGER, RequestContext, Role } from '@app/core';
import type { AppConfig } from '@app/core';
import { Db } from '@app/persistence';
import { OrganisationService } from './organisation.service';
import { PasswordService } from './password.service';
import { UserService } from './user.service';
import { UserEntity } from './user.entity';

interface DemoUser {
  email: string;
  displayName: string;
  roles: Role[];
  expertise?: Expertise[];
}

/**
 * The demo organisations and users. Between them the approvers hold every expertise a baseline policy can
 * require (SECURITY; LEGAL and DATA_PROTECTION; ETHICS and TECHNICAL), so each README example can be
 * decided by the demo users alone.
 */
export const DEMO_ORGANISATIONS: Array<{ slug: string; name: string; users: DemoUser[] }> = [
  {
    slug: 'demo',
    name: 'Demo Health & Education Network',
    users: [
      { email: 'admin@example.org', displayName: 'Ada Admin', roles: [Role.ORG_ADMIN] },
      { email: 'requester@example.org', displayName: 'Rita Requester', roles: [Role.REQUESTER] },
      { email: 'reviewer@example.org', displayName: 'Ravi Reviewer', roles: [Role.REVIEWER] },
      {
        email: 'approver1@example.org',
        displayName: 'Amara Approver',
        roles: [Role.APPROVER],
        expertise: [Expertise.SECURITY],
      },
      {
        email: 'approver2@example.org',
        displayName: 'Bruno Approver',
        roles: [Role.APPROVER],
        expertise: [Expertise.LEGAL, Expertise.DATA_PROTECTION],
      },
      {
        email: 'approver3@example.org',
        displayName: 'Chen Approver',
        roles: [Role.APPROVER],
        expertise: [Expertise.ETHICS, Expertise.TECHNICAL],
      },
      { email: 'auditor@example.org', displayName: 'Aiko Auditor', roles: [Role.AUDITOR] },
      { email: 'policy@example.org', displayName: 'Pat Policy', roles: [Role.POLICY_ADMIN] },
    ],
  },
  {
    slug: 'other',
    name: 'Other Civil Society Group',
    users: [{ email: 'requester@other.example', displayName: 'Omar Requester', roles: [Role.REQUESTER] }],
  },
];

/**
 * Seeds the demo organisations and users, with DEMO_PASSWORD and activated (the one place the system
 * sets passwords; demo data only). Idempotent: an existing organisation or user is left as it
 * is, so seeding twice changes nothing.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly db: Db,
    private readonly organisations: OrganisationService,
    private readonly users: UserService,
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async seed(): Promise<{ organisations: number; users: number }> {
    let organisations = 0;
    let users = 0;
    // One argon2 hash for every demo user (they share DEMO_PASSWORD; its salt is shared too, which reveals
    // only that they share a password, published anyway), made when the first user is missing: a restart
    // with every demo user present hashes nothing.
    let passwordHash: Promise<string> | undefined;
    const hashed = () => (passwordHash ??= this.passwords.hash(this.config.DEMO_PASSWORD));
    for (const demo of DEMO_ORGANISATIONS) {
      const base = this.db.context(`seed-${randomUUID()}`, null, null);
      await this.db.transaction(base, async (ctx) => {
        let org = await this.organisations.findBySlug(ctx, demo.slug);
        let orgCtx: RequestContext;
        if (org) {
          orgCtx = RequestContext.system(ctx.requestId, ctx.em, org.id);
        } else {
          ({ organisation: org, ctx: orgCtx } = await this.organisations.create(ctx, demo.slug, demo.name));
          organisations++;
        }
        // The addresses already taken, in one query (any organisation: an address is unique across them).
        const taken = new Set(
          (
            await this.db
              .repo(ctx, UserEntity)
              .createQueryBuilder('u')
              .select('lower(u.email)', 'email')
              .where('lower(u.email) IN (:...emails)', { emails: demo.users.map((u) => u.email.toLowerCase()) })
              .getRawMany<{ email: string }>()
          ).map((r) => r.email),
        );
        for (const u of demo.users) {
          if (taken.has(u.email.toLowerCase())) continue;
          // The same checks as any other way of adding a user (incompatible roles included).
          await this.users.createInOrganisation(orgCtx, org.id, { ...u, passwordHash: await hashed() });
          users++;
        }
      });
    }
    if (organisations || users) this.logger.info({ organisations, users }, 'demo data seeded');
    return { organisations, users };
  }
}

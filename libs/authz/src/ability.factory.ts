import { Injectable } from '@nestjs/common';
import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import { Actor, Role } from '@app/core';

export type AppAbility = MongoAbility;

/** How many abilities are kept for reuse (one per signed-in user and set of roles); the oldest go first. */
export const ABILITIES_KEPT = 5_000;

/**
 * Turns a user's roles into a CASL ability. Every rule carries the user's organisation id, so no rule
 * ever matches another tenant's row (ARCHITECTURE.md section 1).
 *
 * An ability is a function of what `build` reads of the actor (user id, organisation, roles in their
 * order) and nothing else, so one built for those values is kept and handed to every request that has
 * them; CASL also keeps the condition matchers it compiles inside it. The roles come from the user's row,
 * read on every request (AuthService.authenticate): a change of roles makes a new key, and applies to the
 * very next request. Abilities are never updated in place (`ability.update` is not called anywhere).
 */
@Injectable()
export class AbilityFactory {
  private readonly kept = new Map<string, AppAbility>();

  /** The ability of `actor`: the one kept for the same user, organisation and roles, or a new one. */
  forActor(actor: Actor): AppAbility {
    const key = `${actor.organisationId} ${actor.userId} ${actor.roles.join(',')}`;
    let ability = this.kept.get(key);
    if (!ability) {
      if (this.kept.size >= ABILITIES_KEPT) this.kept.delete(this.kept.keys().next().value as string);
      ability = this.build(actor);
      this.kept.set(key, ability);
    }
    return ability;
  }

  private build(actor: Actor): AppAbility {
    const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
    const org = { organisationId: actor.organisationId };

    // Everyone sees their own user and organisation, and the organisation's model catalog.
    can('read', 'User', { ...org, id: actor.userId });
    can('read', 'Organisation', { id: actor.organisationId });
    can('read', 'AiModel', org);
    can('read', 'Policy', org);

    for (const role of actor.roles) {
      switch (role) {
        case Role.ORG_ADMIN:
          can(['read', 'create', 'setRoles', 'deactivate'], 'User', org);
          can('update', 'Organisation', { id: actor.organisationId });
          can('read', 'AuditEvent', org);
          can('read', 'Portfolio', org);
          break;
        case Role.AUDITOR:
          // Auditors read everything in their organisation and change nothing.
          can('read', 'all', org);
          break;
        case Role.POLICY_ADMIN:
          // Policy admins maintain the catalog (create, update, import).
          can(['create', 'update'], 'AiModel', org);
          can(['create', 'update'], 'Policy', org);
          break;
        case Role.REQUESTER:
          // Requesters draft, edit, submit and withdraw their own requests, and see only those.
          can('create', 'AdoptionRequest', org);
          can(['read', 'update'], 'AdoptionRequest', { ...org, requesterId: actor.userId });
          break;
        case Role.REVIEWER:
          can(['read', 'review'], 'AdoptionRequest', org);
          break;
        case Role.APPROVER:
          can(['read', 'decide'], 'AdoptionRequest', org);
          can('read', 'Portfolio', org);
          break;
      }
    }
    return build();
  }
}

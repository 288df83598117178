import { Injectable } from '@nestjs/common';
import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import { Actor, Role } from '@app/core';

export type AppAbility = MongoAbility;

/**
 * Turns a user's roles into a CASL ability. Every rule carries the user's organisation id, so no rule
 * ever matches another tenant's row (ARCHITECTURE.md section 1).
 */
@Injectable()
export class AbilityFactory {
  forActor(actor: Actor): AppAbility {
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

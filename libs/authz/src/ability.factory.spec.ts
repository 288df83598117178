import { subject } from '@casl/ability';
import { Actor, Role } from '@app/core';
import { AbilityFactory } from './ability.factory';
import { Action, SubjectType } from './permission';

const ORG = 'org-1';
const OTHER = 'org-2';
const actor = (roles: Role[]): Actor => ({
  userId: 'u-1',
  organisationId: ORG,
  email: 'x@example.org',
  roles,
  expertise: [],
});
const user = (organisationId: string, id = 'u-2') => subject('User', { id, organisationId });
const event = (organisationId: string) => subject('AuditEvent', { id: 'e', organisationId });

describe(AbilityFactory.name, () => {
  const sut = new AbilityFactory();

  it.each<[Role, Action, SubjectType, boolean]>([
    [Role.ORG_ADMIN, 'create', 'User', true],
    [Role.ORG_ADMIN, 'setRoles', 'User', true],
    [Role.ORG_ADMIN, 'deactivate', 'User', true],
    [Role.ORG_ADMIN, 'read', 'AuditEvent', true],
    [Role.ORG_ADMIN, 'update', 'Organisation', true],
    [Role.POLICY_ADMIN, 'update', 'Organisation', false],
    [Role.AUDITOR, 'update', 'Organisation', false],
    [Role.REQUESTER, 'update', 'Organisation', false],
    [Role.AUDITOR, 'read', 'User', true],
    [Role.AUDITOR, 'read', 'AuditEvent', true],
    [Role.AUDITOR, 'create', 'User', false],
    [Role.AUDITOR, 'setRoles', 'User', false],
    [Role.REQUESTER, 'create', 'User', false],
    [Role.REQUESTER, 'read', 'AuditEvent', false],
    [Role.REVIEWER, 'setRoles', 'User', false],
    [Role.APPROVER, 'deactivate', 'User', false],
    [Role.POLICY_ADMIN, 'create', 'User', false],
    [Role.POLICY_ADMIN, 'update', 'AiModel', true],
    [Role.POLICY_ADMIN, 'create', 'AiModel', true],
    [Role.REQUESTER, 'read', 'AiModel', true],
    [Role.REQUESTER, 'update', 'AiModel', false],
    [Role.ORG_ADMIN, 'update', 'AiModel', false],
    [Role.AUDITOR, 'update', 'AiModel', false],
    [Role.APPROVER, 'create', 'AiModel', false],
    [Role.REQUESTER, 'create', 'AdoptionRequest', true],
    [Role.REQUESTER, 'review', 'AdoptionRequest', false],
    [Role.REQUESTER, 'decide', 'AdoptionRequest', false],
    [Role.REVIEWER, 'review', 'AdoptionRequest', true],
    [Role.REVIEWER, 'decide', 'AdoptionRequest', false],
    [Role.REVIEWER, 'create', 'AdoptionRequest', false],
    [Role.APPROVER, 'decide', 'AdoptionRequest', true],
    [Role.APPROVER, 'review', 'AdoptionRequest', false],
    [Role.AUDITOR, 'read', 'AdoptionRequest', true],
    [Role.AUDITOR, 'decide', 'AdoptionRequest', false],
    [Role.POLICY_ADMIN, 'read', 'AdoptionRequest', false],
    [Role.POLICY_ADMIN, 'update', 'Policy', true],
    [Role.REQUESTER, 'read', 'Policy', true],
    [Role.REQUESTER, 'update', 'Policy', false],
    [Role.APPROVER, 'update', 'Policy', false],
    [Role.ORG_ADMIN, 'update', 'Policy', false],
  ])('%s may %s %s: %s', (role, action, type, expected) => {
    expect(sut.forActor(actor([role])).can(action, type)).toBe(expected);
  });

  it('never matches a row of another organisation, whatever the role', () => {
    for (const role of Object.values(Role)) {
      const ability = sut.forActor(actor([role]));
      for (const action of ['read', 'create', 'setRoles', 'deactivate'] as Action[]) {
        expect(ability.can(action, user(OTHER))).toBe(false);
      }
      expect(ability.can('read', event(OTHER))).toBe(false);
    }
  });

  it('applies the organisation condition to rows of the own organisation', () => {
    expect(sut.forActor(actor([Role.ORG_ADMIN])).can('setRoles', user(ORG))).toBe(true);
    expect(sut.forActor(actor([Role.AUDITOR])).can('read', event(ORG))).toBe(true);
  });

  it('lets every user read their own user row but not a colleague', () => {
    const ability = sut.forActor(actor([Role.REQUESTER]));
    expect(ability.can('read', user(ORG, 'u-1'))).toBe(true);
    expect(ability.can('read', user(ORG, 'u-2'))).toBe(false);
  });

  it('lets a requester read and edit only their own requests', () => {
    const ability = sut.forActor(actor([Role.REQUESTER]));
    const own = subject('AdoptionRequest', { id: 'r1', organisationId: ORG, requesterId: 'u-1' });
    const colleague = subject('AdoptionRequest', { id: 'r2', organisationId: ORG, requesterId: 'u-9' });
    expect(ability.can('read', own)).toBe(true);
    expect(ability.can('update', own)).toBe(true);
    expect(ability.can('read', colleague)).toBe(false);
    expect(ability.can('update', colleague)).toBe(false);
  });

  it('combines the rights of several roles', () => {
    const ability = sut.forActor(actor([Role.REQUESTER, Role.ORG_ADMIN]));
    expect(ability.can('create', 'User')).toBe(true);
  });

  describe('abilities kept for reuse', () => {
    it('hands the same user with the same roles the same ability', () => {
      const factory = new AbilityFactory();
      expect(factory.forActor(actor([Role.REVIEWER]))).toBe(factory.forActor(actor([Role.REVIEWER])));
    });

    it('follows a change of roles at once, in both directions', () => {
      const factory = new AbilityFactory();
      expect(factory.forActor(actor([Role.REVIEWER])).can('review', 'AdoptionRequest')).toBe(true);
      expect(factory.forActor(actor([Role.REQUESTER])).can('review', 'AdoptionRequest')).toBe(false);
      expect(factory.forActor(actor([])).can('create', 'AdoptionRequest')).toBe(false);
      expect(factory.forActor(actor([Role.REVIEWER])).can('review', 'AdoptionRequest')).toBe(true);
    });

    it('never hands one user or organisation the ability of another', () => {
      const factory = new AbilityFactory();
      const mine = subject('AdoptionRequest', { id: 'r1', organisationId: ORG, requesterId: 'u-1' });
      expect(factory.forActor(actor([Role.REQUESTER])).can('update', mine)).toBe(true);
      const colleague = { ...actor([Role.REQUESTER]), userId: 'u-9' };
      expect(factory.forActor(colleague).can('update', mine)).toBe(false);
      const elsewhere = { ...actor([Role.REQUESTER]), organisationId: OTHER };
      expect(factory.forActor(elsewhere).can('update', mine)).toBe(false);
    });
  });
});

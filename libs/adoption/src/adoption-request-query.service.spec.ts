import { subject } from '@casl/ability';
import { AbilityFactory, Permission, permissionTarget } from '@app/authz';
import { Role } from '@app/core';
import { ORGANISATION_WIDE_READERS } from './adoption-request-query.service';
import { ADOPTION_WORKFLOW, QUEUE_OPERATIONS, queueStatuses } from './workflow';

/** The SQL filter of adoptionRequests and the ability that guards single requests must agree. */
describe('adoption request visibility', () => {
  const abilities = new AbilityFactory();
  const colleagues = subject('AdoptionRequest', { id: 'r1', organisationId: 'o1', requesterId: 'someone-else' });
  const own = subject('AdoptionRequest', { id: 'r2', organisationId: 'o1', requesterId: 'me' });

  it.each(Object.values(Role))('lists for %s exactly what the ability lets them read', (role) => {
    const ability = abilities.forActor({
      userId: 'me',
      organisationId: 'o1',
      email: 'me@example.org',
      roles: [role],
      expertise: [],
    });
    const listedOrganisationWide = ORGANISATION_WIDE_READERS.includes(role);
    expect(ability.can('read', colleagues)).toBe(listedOrganisationWide);
    if (role === Role.REQUESTER) expect(ability.can('read', own)).toBe(true);
  });
});

/** myQueue lists, per permission the caller holds, the states the table gives that permission work in. */
describe('the queue follows the table and the ability', () => {
  const abilities = new AbilityFactory();

  it.each([
    [Permission.EditAdoptionRequest, ['DRAFT', 'CHANGES_REQUESTED']],
    [Permission.ReviewAdoptionRequest, ['SUBMITTED', 'IN_REVIEW']],
    [Permission.DecideAdoptionRequest, ['AWAITING_DECISION']],
  ])('%s has work in %j', (permission, statuses) => {
    expect(queueStatuses(permission)).toEqual(statuses);
  });

  it('takes its states from the rows of the queue operations only', () => {
    const fromTable = ADOPTION_WORKFLOW.filter((r) => QUEUE_OPERATIONS.includes(r.operation as never) && !r.followUp);
    const listed = [Permission.EditAdoptionRequest, Permission.ReviewAdoptionRequest, Permission.DecideAdoptionRequest]
      .flatMap((p) => queueStatuses(p))
      .sort();
    expect(listed).toEqual([...new Set(fromTable.map((r) => r.from))].sort());
  });

  it.each(Object.values(Role))('gives %s work exactly where its ability grants the permission', (role) => {
    const ability = abilities.forActor({
      userId: 'me',
      organisationId: 'o1',
      email: 'me@example.org',
      roles: [role],
      expertise: [],
    });
    const granted = [Permission.EditAdoptionRequest, Permission.ReviewAdoptionRequest, Permission.DecideAdoptionRequest]
      .filter((p) => ability.can(permissionTarget(p)!.action, 'AdoptionRequest'))
      .flatMap((p) => queueStatuses(p));
    const expected: Record<Role, string[]> = {
      REQUESTER: ['DRAFT', 'CHANGES_REQUESTED'],
      REVIEWER: ['SUBMITTED', 'IN_REVIEW'],
      APPROVER: ['AWAITING_DECISION'],
      AUDITOR: [],
      POLICY_ADMIN: [],
      ORG_ADMIN: [],
    };
    expect(granted).toEqual(expected[role]);
  });
});

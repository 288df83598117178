import { subject } from '@casl/ability';
import { AbilityFactory, Permission } from '@app/authz';
import { Role } from '@app/core';
import { ORGANISATION_WIDE_READERS, queueScope } from './adoption-request-query.service';
import { ADOPTION_WORKFLOW, AdoptionStatus, QUEUE_OPERATIONS, queueStatuses } from './workflow';

const abilities = new AbilityFactory();
const abilityOf = (role: Role) =>
  abilities.forActor({ userId: 'me', organisationId: 'o1', email: 'me@example.org', roles: [role], expertise: [] });

/** The SQL filter of adoptionRequests and the ability that guards single requests must agree. */
describe('adoption request visibility', () => {
  const colleagues = subject('AdoptionRequest', { id: 'r1', organisationId: 'o1', requesterId: 'someone-else' });
  const own = subject('AdoptionRequest', { id: 'r2', organisationId: 'o1', requesterId: 'me' });

  it.each(Object.values(Role))('lists for %s exactly what the ability lets them read', (role) => {
    const ability = abilityOf(role);
    const listedOrganisationWide = ORGANISATION_WIDE_READERS.includes(role);
    expect(ability.can('read', colleagues)).toBe(listedOrganisationWide);
    if (role === Role.REQUESTER) expect(ability.can('read', own)).toBe(true);
  });
});

/** myQueue lists, per permission the caller holds, the states the table gives that permission work in. */
describe('the queue follows the table and the ability', () => {
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
    const none = { own: [], review: [], decide: [] };
    const expected: Record<Role, ReturnType<typeof queueScope>> = {
      REQUESTER: { ...none, own: [AdoptionStatus.DRAFT, AdoptionStatus.CHANGES_REQUESTED] },
      REVIEWER: { ...none, review: [AdoptionStatus.SUBMITTED, AdoptionStatus.IN_REVIEW] },
      APPROVER: { ...none, decide: [AdoptionStatus.AWAITING_DECISION] },
      AUDITOR: none,
      POLICY_ADMIN: none,
      ORG_ADMIN: none,
    };
    expect(queueScope(abilityOf(role))).toEqual(expected[role]);
  });
});

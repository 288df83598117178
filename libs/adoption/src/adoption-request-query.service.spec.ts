import { subject } from '@casl/ability';
import { AbilityFactory } from '@app/authz';
import { Role } from '@app/core';
import { ORGANISATION_WIDE_READERS } from './adoption-request-query.service';

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

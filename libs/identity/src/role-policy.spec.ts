import { Role } from '@app/core';
import { loadConfig } from '@app/core';
import { DEMO_ORGANISATIONS } from './demo-seed.service';
import { incompatiblePair, RolePolicy } from './role-policy';

describe(RolePolicy.name, () => {
  const sut = new RolePolicy(loadConfig({}));

  it.each([
    [[Role.ORG_ADMIN, Role.APPROVER], 'ORG_ADMIN and APPROVER'],
    [[Role.REVIEWER, Role.REQUESTER, Role.ORG_ADMIN], 'ORG_ADMIN and REVIEWER'],
  ])('refuses %j by default, naming the pair', (roles, named) => {
    const result = sut.check(roles, 'input.roles');
    expect(result?.fieldErrors).toEqual([{ field: 'input.roles', message: expect.stringContaining(named) }]);
  });

  it.each([[[Role.ORG_ADMIN, Role.AUDITOR, Role.POLICY_ADMIN]], [[Role.APPROVER, Role.REVIEWER]], [[]]])(
    'accepts %j by default',
    (roles) => {
      expect(sut.check(roles, 'roles')).toBeNull();
    },
  );

  it('follows INCOMPATIBLE_ROLES', () => {
    const pairs = loadConfig({ INCOMPATIBLE_ROLES: 'REVIEWER:APPROVER' }).INCOMPATIBLE_ROLES;
    expect(incompatiblePair([Role.APPROVER, Role.REVIEWER], pairs)).toEqual([Role.REVIEWER, Role.APPROVER]);
    expect(incompatiblePair([Role.ORG_ADMIN, Role.APPROVER], pairs)).toBeNull();
    expect(loadConfig({ INCOMPATIBLE_ROLES: 'none' }).INCOMPATIBLE_ROLES).toEqual([]);
  });

  it('stops start-up on a misspelt role, naming the variable', () => {
    expect(() => loadConfig({ INCOMPATIBLE_ROLES: 'ORG_ADMIN:APROVER' })).toThrow(/INCOMPATIBLE_ROLES:.*APROVER/);
  });

  it('the demo users (README table) hold no incompatible pair', () => {
    const users = DEMO_ORGANISATIONS.flatMap((o) => o.users);
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) expect(sut.check(user.roles, 'roles')).toBeNull();
  });
});

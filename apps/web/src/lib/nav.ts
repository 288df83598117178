import type { Role } from '../gql/graphql';

export interface NavItem {
  to: string;
  label: string;
  /** Who sees the link (the API decides what each may do; this only spares them links to refusals). */
  roles?: Role[];
}

export const NAV: NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/catalog', label: 'Model catalog' },
  { to: '/requests/new', label: 'New request', roles: ['REQUESTER'] },
  { to: '/requests', label: 'Requests' },
  { to: '/queue', label: 'My queue', roles: ['REVIEWER', 'APPROVER'] },
  { to: '/portfolio', label: 'Portfolio', roles: ['AUDITOR', 'APPROVER', 'ORG_ADMIN'] },
  { to: '/audit', label: 'Audit events', roles: ['AUDITOR', 'ORG_ADMIN'] },
  { to: '/audit/verify', label: 'Verify the chain', roles: ['AUDITOR', 'ORG_ADMIN'] },
  { to: '/audit/checkpoints', label: 'Checkpoints', roles: ['AUDITOR', 'ORG_ADMIN'] },
  { to: '/audit/exports', label: 'Exports', roles: ['AUDITOR', 'ORG_ADMIN'] },
  { to: '/policies', label: 'Policies', roles: ['POLICY_ADMIN', 'REVIEWER', 'APPROVER', 'AUDITOR'] },
  { to: '/users', label: 'Users', roles: ['ORG_ADMIN'] },
];

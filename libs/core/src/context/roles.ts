import { registerEnumType } from '@nestjs/graphql';

/** The roles of ARCHITECTURE.md section 1. A user may hold several. */
export enum Role {
  REQUESTER = 'REQUESTER',
  REVIEWER = 'REVIEWER',
  APPROVER = 'APPROVER',
  AUDITOR = 'AUDITOR',
  POLICY_ADMIN = 'POLICY_ADMIN',
  ORG_ADMIN = 'ORG_ADMIN',
}

/** Expertise an approval stage can require of an approver. */
export enum Expertise {
  SECURITY = 'SECURITY',
  LEGAL = 'LEGAL',
  DATA_PROTECTION = 'DATA_PROTECTION',
  ETHICS = 'ETHICS',
  TECHNICAL = 'TECHNICAL',
}

registerEnumType(Role, { name: 'Role', description: 'What a user may do in their organisation.' });
registerEnumType(Expertise, { name: 'Expertise', description: 'Expertise an approval can require.' });

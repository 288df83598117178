// The enums alone, without their GraphQL registration (roles.ts): the configuration reads them at start-up,
// before Nest and GraphQL are loaded.

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

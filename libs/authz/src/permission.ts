/**
 * Operation-level permissions declared on resolver methods with `@Allow(...)`. Each names a CASL action
 * and subject type; the ability of the caller's roles (ability.factory.ts) decides. Row-level checks on
 * loaded rows go through AccessService with the same rules.
 */
export enum Permission {
  /** Anyone, signed in or not (login). */
  Public = 'public',
  /** Any signed-in user (me). */
  Authenticated = 'authenticated',
  ReadUsers = 'read:User',
  CreateUser = 'create:User',
  SetUserRoles = 'setRoles:User',
  DeactivateUser = 'deactivate:User',
  UpdateOrganisation = 'update:Organisation',
  ReadAuditLog = 'read:AuditEvent',
  ReadCatalog = 'read:AiModel',
  ManageCatalog = 'update:AiModel',
  CreateAdoptionRequest = 'create:AdoptionRequest',
  ReadAdoptionRequests = 'read:AdoptionRequest',
  EditAdoptionRequest = 'update:AdoptionRequest',
  ReviewAdoptionRequest = 'review:AdoptionRequest',
  DecideAdoptionRequest = 'decide:AdoptionRequest',
  ReadPolicies = 'read:Policy',
  ManagePolicies = 'update:Policy',
  ReadPortfolio = 'read:Portfolio',
}

export type Action = 'read' | 'create' | 'update' | 'setRoles' | 'deactivate' | 'review' | 'decide' | 'manage';
export type SubjectType =
  'User' | 'Organisation' | 'AuditEvent' | 'AiModel' | 'AdoptionRequest' | 'Policy' | 'Portfolio' | 'all';

export function permissionTarget(p: Permission): { action: Action; subject: SubjectType } | null {
  if (p === Permission.Public || p === Permission.Authenticated) return null;
  const [action, subject] = p.split(':') as [Action, SubjectType];
  return { action, subject };
}

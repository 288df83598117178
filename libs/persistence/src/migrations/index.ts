import { Foundation1764230400000 } from './1764230400000-foundation';
import { Catalog1764316800000 } from './1764316800000-catalog';
import { Adoption1764403200000 } from './1764403200000-adoption';
import { Policy1764489600000 } from './1764489600000-policy';
import { AuditCheckpoints1764576000000 } from './1764576000000-audit-checkpoints';
import { UserInvitations1764648000000 } from './1764648000000-user-invitations';
import { ModelDataQuality1764734400000 } from './1764734400000-model-data-quality';
import { RequestFeasibility1764820800000 } from './1764820800000-request-feasibility';
import { OrganisationMonthlyActiveUsers1764907200000 } from './1764907200000-organisation-monthly-active-users';
import { EuAiActScreen1764993600000 } from './1764993600000-eu-ai-act-screen';
import { ListIndexes1765100000000 } from './1765100000000-list-indexes';
import { RequestSearchTrigrams1765200000000 } from './1765200000000-request-search-trigrams';
import { UserNameIndex1765300000000 } from './1765300000000-user-name-index';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [
  Foundation1764230400000,
  Catalog1764316800000,
  Adoption1764403200000,
  Policy1764489600000,
  AuditCheckpoints1764576000000,
  UserInvitations1764648000000,
  ModelDataQuality1764734400000,
  RequestFeasibility1764820800000,
  OrganisationMonthlyActiveUsers1764907200000,
  EuAiActScreen1764993600000,
  ListIndexes1765100000000,
  RequestSearchTrigrams1765200000000,
  UserNameIndex1765300000000,
];

import { AdoptionRequestEntity } from './adoption-request.entity';
import { DecisionRecordEntity, DecisionVoteEntity } from './decision.entity';

export * from './adoption-hooks';
export * from './adoption-jobs.service';
export * from './adoption-request-query.service';
export * from './adoption-request.entity';
export * from './adoption-request.errors';
export * from './adoption-request.types';
export * from './adoption.module';
export * from './decision.entity';
export { DECISION_RECORD_FROZEN, DECISION_RECORD_SUBJECT } from './decision-record-snapshot.check';
export * from './demo-requests.seeder';
export * from './workflow';

export const ADOPTION_ENTITIES = [AdoptionRequestEntity, DecisionVoteEntity, DecisionRecordEntity];

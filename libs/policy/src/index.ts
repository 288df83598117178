import { PolicyEntity, PolicyVersionEntity } from './policy.entity';

export * from './policy-evaluation.service';
export * from './policy.entity';
export * from './policy.module';
export * from './policy-rule-input';
export * from './policy.service';
export * from './policy.types';
export * from './rules';

export const POLICY_ENTITIES = [PolicyEntity, PolicyVersionEntity];

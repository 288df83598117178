import { AiModelEntity } from './ai-model.entity';

export * from './ai-model.entity';
export * from './ai-model-query.service';
export * from './ai-model.service';
export * from './ai-model.types';
export * from './catalog-source.service';
export * from './catalog.events';
export * from './catalog.module';
export * from './dto/ai-model-filter.input';
export * from './dto/ai-model.input';
export * from './model-profile';
export * from './hosting';
export * from './openness';

export const CATALOG_ENTITIES = [AiModelEntity];

/** Where a model can run: its producer's hosting regions and the memory needed to serve its weights. */
export * from './hosting.types';
export * from './serving-memory';
export * from './vendor-regions';
export * from './ai-model-hosting.resolver';

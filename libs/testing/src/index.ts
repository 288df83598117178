export * from './graphql-client';
export * from './test-database';
export * from './test-environment';
export * from './adoption-fixtures';

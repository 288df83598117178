export * from './graphql-client';
export * from './test-database';
export * from './test-environment';
export * from './adoption-fixtures';
export * from './invitations';
export * from './test-users';
export * from './data-fingerprint';
export * from './api-process';

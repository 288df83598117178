/**
 * The fault suite (`npm run test:faults`): test/faults/*.faults-spec.ts against a throwaway PostgreSQL 15
 * of its own and the built API. Kept out of `npm test` (jest.config.js matches *.spec.ts and
 * *.e2e-spec.ts only): it needs root (initdb as the postgres user) and takes minutes.
 */
const { projects } = require('./jest.config.js');
const { displayName: _displayName, testMatch: _testMatch, ...common } = projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...common,
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
  // Builds the API the suite runs as a child process (skipped with FAULTS_SKIP_BUILD=1 after `npm run build`).
  globalSetup: '<rootDir>/test/faults/build-api.global-setup.js',
  testTimeout: 600_000,
};

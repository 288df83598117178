/**
 * The README walk-through (`npm run test:readme`): test/readme/*.readme-spec.ts starts the built service
 * (`dist/`, built first when the sources changed) on a fresh embedded database and runs the README's
 * examples in order against it. Kept out of `npm test`: it needs bash, curl and jq, like a reader of the
 * README.
 */
const { projects } = require('./jest.config.js');
const { displayName: _displayName, testMatch: _testMatch, ...common } = projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...common,
  displayName: 'readme',
  testMatch: ['<rootDir>/test/readme/**/*.readme-spec.ts'],
  testTimeout: 300_000,
};

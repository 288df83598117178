/**
 * The browser suite (`npm run test:browser`): test/browser/*.browser-spec.ts opens the service's pages in
 * headless Chromium (Debian's `chromium`, or CHROMIUM_PATH; playwright-core downloads no browser). Kept out
 * of `npm test`, which needs no browser.
 */
const { projects } = require('./jest.config.js');
const { displayName: _displayName, testMatch: _testMatch, ...common } = projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...common,
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 180_000,
};

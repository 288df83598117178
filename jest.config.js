/** Unit tests live beside the code (*.spec.ts); end-to-end suites in test/ (*.e2e-spec.ts). */
const moduleNameMapper = {
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  '^.+/node_modules/(@nestjs|@electric-sql|@marcbachmann|@nodesecure)/.+\\.c?js$': [
    'babel-jest',
    require('./jest.esm-deps.babel.js'),
  ],
};
// Packages published as ES modules only (NestJS 12, cel-js, the SPDX freedom flags of @nodesecure), or whose
// CommonJS build loads Node's own modules with import() (PGlite), transformed to plain CommonJS for Jest.
const transformIgnorePatterns = ['/node_modules/(?!(@nestjs|@electric-sql|@marcbachmann|@nodesecure)/)'];
const common = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        // Structure: library boundaries (tables, imports), checked on the source.
        '<rootDir>/test/architecture/*.spec.ts',
      ],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
  // End-to-end suites start a real service and database in beforeAll.
  testTimeout: 120_000,
  // One closing line when tests were skipped for want of the Model Openness Tool data set.
  reporters: ['default', '<rootDir>/libs/testing/mot-data-skip-reporter.js'],
};

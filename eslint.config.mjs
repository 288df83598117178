// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Library boundaries: a library is imported through its public entry `@app/<lib>` or one of these declared
 * subpaths (pure parts usable without the library's Nest module), never through a path into its sources.
 */
const DECLARED_SUBPATHS = [
  '@app/core/config/config.schema',
  '@app/persistence/embedded-postgres',
  '@app/audit/testing',
  '@app/catalog/openness',
  '@app/risk/engine',
  '@app/risk/testing',
  '@app/testing/mot-data',
  '@app/testing/scale-seed',
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const LIBRARY_IMPORTS = [
  {
    regex: '(^|/)libs/[^/]+/src(/|$)',
    message: 'Import a library through @app/<lib> (or a declared subpath), not through its sources.',
  },
  {
    regex: `^@app/(?!(${DECLARED_SUBPATHS.map((p) => escape(p.slice('@app/'.length))).join('|')})$)[^/]+/`,
    message: `Import @app/<lib> itself; the only declared subpaths are ${DECLARED_SUBPATHS.join(', ')}.`,
  },
];
/** Inside a library, `../../<other>/src/…` (or deeper) reaches into a sibling library's sources. */
const SIBLING_LIBRARY_IMPORT = {
  regex: '^(\\.\\./){2,}[^./][^/]*/src(/|$)',
  message: 'Import another library through @app/<lib> (or a declared subpath), not through its sources.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scratch/**', '.data/**', 'apps/web/src/gql/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: LIBRARY_IMPORTS }] },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...LIBRARY_IMPORTS, SIBLING_LIBRARY_IMPORT] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The console runs in the browser: its globals, and the rules of React's hooks.
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
  },
);

import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the console, generated from the committed schema.gql and the `graphql(...)`
 * documents in apps/web/src: `npm run web:codegen` (run from the repository's root, as every npm script is)
 * writes apps/web/src/gql/, which is not committed; the build, the type check and the component tests run
 * it first, so an operation that no longer matches the schema fails them.
 */
const config: CodegenConfig = {
  schema: 'schema.gql',
  documents: ['apps/web/src/**/*.{ts,tsx}', '!apps/web/src/gql/**'],
  ignoreNoDocuments: true,
  silent: true,
  generates: {
    'apps/web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', SafeInt: 'number' },
      },
    },
    // Every enum of the schema as a string union (labels, pickers), whether an operation names it or not.
    'apps/web/src/gql/enums.ts': {
      plugins: ['typescript'],
      config: { enumsAsTypes: true, onlyEnumTypes: true },
    },
  },
};
export default config;

// Types every GraphQL operation in src/ from the server's exported schema; an operation
// that does not match the schema fails the build (`npm run build` runs this first).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/graphql/**'],
  ignoreNoDocuments: false,
  generates: {
    './src/graphql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        // The server's scalars as they travel in JSON.
        scalars: { DateTime: 'string', NaiveDate: 'string', UUID: 'string', JSON: 'unknown', Upload: 'File' },
      },
    },
  },
};

export default config;

import { defineConfig } from 'tsup';

// One self-contained ESM file for Lambda: every dependency bundled, except
// - the AWS SDK v3 (`@aws-sdk/*`, `@smithy/*`): the Lambda Node.js runtime ships it, so the function
//   imports the runtime's copy and the bundle stays small;
// - `pg-native`, the optional libpq binding `pg` loads only when asked to (we never ask).
// Workspace packages resolve to their sources through tsconfig.json paths, so no package build is needed
// first.
const external = [/^@aws-sdk\//, /^@smithy\//, 'pg-native'];

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^(?!@aws-sdk\/|@smithy\/|pg-native$).*/],
  external,
  // Bundled CommonJS code may call `require` for Node built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});

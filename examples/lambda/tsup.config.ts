import { defineConfig } from 'tsup';

// One self-contained ESM file for Lambda: every dependency bundled except better-sqlite3, a native
// module shipped beside it (see README.md, "Bundle"). Workspace packages resolve to their sources
// through tsconfig.json paths, so no package build is needed first.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^(?!better-sqlite3$).*/],
  external: ['better-sqlite3'],
  // Bundled CommonJS code may call `require` for Node built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});

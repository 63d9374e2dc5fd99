import { defineConfig } from 'vitest/config';
import { workspaceSourceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceSourceAliases },
  test: {
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    testTimeout: 30_000,
  },
});

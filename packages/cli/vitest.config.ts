import { defineConfig } from 'vitest/config';
import { slowMachineTimeouts, workspaceSourceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceSourceAliases },
  test: {
    ...slowMachineTimeouts,
    include: ['src/**/*.test.ts'],
    passWithNoTests: true,
  },
});

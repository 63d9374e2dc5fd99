import { defineConfig } from 'vitest/config';
import { slowMachineTimeouts } from '../../vitest.shared.js';

// No source aliases: these tests look at the built, packed packages, as a consumer gets them.
export default defineConfig({
  test: {
    ...slowMachineTimeouts,
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
  },
});

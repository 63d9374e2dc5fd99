import type { Alias } from 'vite';
import { defineConfig } from 'vitest/config';
import { slowMachineTimeouts, workspaceSourceAliases } from '../../vitest.shared.js';

/** The router is tested on both Express majors of its peer range; `express4` is `npm:express@^4.21`. */
export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: [
      {
        resolve: { alias: workspaceSourceAliases },
        test: {
          ...slowMachineTimeouts,
          name: 'express5',
          include: ['src/**/*.test.ts'],
          env: { EXPRESS_MAJOR: '5' },
        },
      },
      {
        // Every `import express from 'express'`, the router's own included, loads Express 4.
        resolve: {
          alias: [
            { find: /^express$/, replacement: 'express4' },
            ...(workspaceSourceAliases as Alias[]),
          ],
        },
        test: {
          ...slowMachineTimeouts,
          name: 'express4',
          include: ['src/**/*.test.ts'],
          // The restart suite is about the SQLite inbox, not the host: once is enough.
          exclude: ['src/restart.test.ts'],
          env: { EXPRESS_MAJOR: '4' },
        },
      },
    ],
  },
});

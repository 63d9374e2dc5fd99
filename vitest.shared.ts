import { fileURLToPath } from 'node:url';
import type { AliasOptions } from 'vite';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

/**
 * Tests import sibling workspaces from their TypeScript source, so a test run never sees a stale `dist/`
 * and needs no build first. Published code still resolves through each package's `exports`.
 */
export const workspaceSourceAliases: AliasOptions = [
  {
    find: /^@odoo-plane-sync\/([a-z-]+)\/testing$/,
    replacement: `${packagesDir}$1/src/testing/index.ts`,
  },
  {
    find: /^@odoo-plane-sync\/([a-z-]+)$/,
    replacement: `${packagesDir}$1/src/index.ts`,
  },
];

/**
 * Timeouts for every package's tests, sized for CI's 2 cores shared with other builds: vitest's 5 s
 * default failed SQLite property tests and HTTP tests whenever another build ran beside them. A slow
 * machine only makes a run longer; nothing here asserts on elapsed time. Heavy tests (many property runs,
 * child processes) also set their own, wider timeout.
 */
export const slowMachineTimeouts = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  teardownTimeout: 30_000,
} as const;

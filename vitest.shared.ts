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

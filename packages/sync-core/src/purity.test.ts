import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The repository's own ESLint config is the guard that keeps sync-core free of I/O; this test proves the
// guard bites, so a config edit cannot quietly switch it off.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });
const coreFile = `${repoRoot}packages/sync-core/src/purity-probe.ts`;
const clientFile = `${repoRoot}packages/plane-client/src/purity-probe.ts`;

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('sync-core lint guard', () => {
  it.each([
    [
      "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
      'no-restricted-imports',
    ],
    ["import ky from 'ky';\nexport const k = ky;\n", 'no-restricted-imports'],
    ["import express from 'express';\nexport const e = express;\n", 'no-restricted-imports'],
    [
      "import type { Context } from 'aws-lambda';\nexport type C = Context;\n",
      'no-restricted-imports',
    ],
    ['export const url = process.env.PLANE_URL;\n', 'no-restricted-properties'],
    ['export const now = Date.now();\n', 'no-restricted-properties'],
  ])(
    'refuses %j in sync-core',
    async (code, rule) => {
      expect(await ruleIdsFor(code, coreFile)).toContain(rule);
    },
    120_000,
  );

  it('allows the same ky import in a client package', async () => {
    const ruleIds = await ruleIdsFor("import ky from 'ky';\nexport const k = ky;\n", clientFile);
    expect(ruleIds).not.toContain('no-restricted-imports');
  }, 120_000);
});

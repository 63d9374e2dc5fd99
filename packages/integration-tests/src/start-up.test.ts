import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSyncError } from '@odoo-plane-sync/sync-core';
import { createHarness } from './harness.js';

describe('engine start-up against the simulators', () => {
  const harness = createHarness({ odooVersion: 17 });
  beforeAll(() => harness.listen());
  afterAll(() => harness.close());

  it('refuses a wrong workspace slug at start(), with a message that names the slug', async () => {
    const engine = harness.createEngine({ planeWorkspaceSlug: 'acme-typo' });

    const started = await engine.start();

    const error = started._unsafeUnwrapErr();
    expect(describeSyncError(error)).toMatch(
      /^plane detect capabilities of workspace "acme-typo" failed: workspace-unreachable 403: Plane workspace "acme-typo" is not reachable/,
    );
    expect(error).toMatchObject({
      kind: 'upstream',
      system: 'plane',
      failure: {
        kind: 'workspace-unreachable',
        retryable: false,
        message: expect.stringContaining('"acme-typo"') as unknown,
      },
    });
  });

  it('starts with the right slug', async () => {
    const engine = harness.createEngine();

    const started = await engine.start();

    expect(started.isOk()).toBe(true);
  });
});

import type { SyncEnvironment, SyncEnvironmentSettings } from '@odoo-plane-sync/agent';
import type { SandboxSystems } from './sandbox-systems.js';

/** Settings of an agent under test: loopback, a free port, no timers of its own, quiet logs. */
export function testCommonSettings(
  dataDir: string,
  overrides: Partial<SyncEnvironmentSettings> = {},
): SyncEnvironmentSettings {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    store: { kind: 'sqlite' },
    workerConcurrency: 4,
    timeZone: 'UTC',
    pollIntervalSeconds: 0,
    pollOverlapSeconds: 60,
    reconcileIntervalMinutes: 0,
    githubWebhookSecret: null,
    githubStateMoves: {},
    slackWebhookUrl: null,
    opsPlaneProjectId: null,
    logLevel: 'warn',
    ...overrides,
  };
}

/** A live configuration pointed at simulators a test owns (so they outlive an agent restart). */
export function liveTestConfig(
  systems: SandboxSystems,
  dataDir: string,
  overrides: Partial<SyncEnvironmentSettings> = {},
): SyncEnvironment {
  return {
    mode: 'live',
    ...testCommonSettings(dataDir, overrides),
    live: {
      odoo: {
        url: systems.odooUrl,
        db: systems.odoo.db,
        login: systems.odoo.login,
        apiKey: systems.odoo.apiKey,
        sourceId: systems.odoo.db,
      },
      plane: {
        url: systems.planeUrl,
        apiKey: systems.plane.apiKey,
        workspace: systems.plane.workspaceSlug,
        rateLimitPerMinute: 10_000,
        edition: 'ce',
      },
      webhookToken: 't'.repeat(32),
      planeWebhookSecret: 'plane_wh_test',
    },
  };
}

import type { Server } from 'node:http';
import type { SyncAgent as SyncRuntime, SyncStorage } from '@odoo-plane-sync/agent';
import type { SandboxSystems } from './sandbox-systems.js';

/** What a running agent holds open. */
export interface RunningAgentParts {
  readonly sandbox: SandboxSystems | null;
  readonly server: Server;
  readonly runtime: SyncRuntime;
  readonly storage: SyncStorage;
}

/**
 * Stops the agent in dependency order: the sandbox's deliveries in flight, the HTTP server, the runtime
 * (its poller and running jobs), the store, then the sandbox.
 *
 * @example
 * await stopRunningAgent({ sandbox, server, runtime, storage });
 */
export async function stopRunningAgent(parts: RunningAgentParts): Promise<void> {
  const { sandbox, server } = parts;
  if (sandbox !== null) {
    // Let the simulators' deliveries in flight land before the server and the store close.
    sandbox.pauseWebhooks();
    await Promise.all([sandbox.odoo.settleWebhooks(), sandbox.plane.settleWebhooks()]);
  }
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await parts.runtime.stop();
  await parts.storage.close();
  await sandbox?.close();
}

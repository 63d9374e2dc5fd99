import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveConnection, SyncAgentSchedules, SyncEnvironment } from '@odoo-plane-sync/agent';
import type { Express } from 'express';
import type { SandboxSystems } from './sandbox-systems.js';

/**
 * How often the agent drains on its own, so that failed inbox events run again once their retry is due
 * (the shortest live retry delay is a minute, so a change lands at most this much after it).
 */
const retryDrainIntervalMs = { live: 15_000, sandbox: 1_000 } as const;

/** The agent's own timers: the Odoo poll, reconciliation and the retry drain (`0` turns one off). */
export function agentSchedulesOf(config: SyncEnvironment, sandboxed: boolean): SyncAgentSchedules {
  return {
    pollIntervalMs: config.pollIntervalSeconds * 1000,
    reconcileIntervalMs: config.reconcileIntervalMinutes * 60_000,
    retryDrainIntervalMs: sandboxed ? retryDrainIntervalMs.sandbox : retryDrainIntervalMs.live,
  };
}

/** The listening HTTP server and the URL it answers on. */
export interface ListeningServer {
  readonly server: Server;
  /** `http://<host>:<port>` (loopback address when bound to all interfaces). */
  readonly url: string;
}

/**
 * Starts the HTTP server (webhooks, health, status, metrics) on the configured host and port.
 *
 * @example
 * const { server, url } = await listenHttp(createHttpApp(runtime), config);
 */
export async function listenHttp(
  app: Express,
  config: Pick<SyncEnvironment, 'port' | 'host'>,
): Promise<ListeningServer> {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
  });
  const address = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { server, url: `http://${shownHost}:${address.port}` };
}

/** Points the simulators' webhooks (Plane, and Odoo's automation rules) at the server at `url`. */
export function wireSandboxWebhooks(
  sandbox: SandboxSystems,
  connection: LiveConnection,
  url: string,
): void {
  // Both directions, as an operator would set them up on the real systems (see README.md).
  sandbox.plane.addWebhook({
    url: `${url}/webhooks/plane`,
    secret: connection.planeWebhookSecret,
  });
  for (const model of ['project.project', 'project.milestone', 'project.task'])
    sandbox.odoo.addWebhookRule({
      model,
      trigger: 'on_create_or_write',
      fields: ['write_date'],
      url: `${url}/webhooks/odoo/${connection.webhookToken}`,
    });
}
